import { SignalWorkflowExecutionCommand } from '@aws-sdk/client-swf';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ActivityFailure, ActivityHandler, ActivityWorker, jsonActivity, SHUTDOWN_FAILURE_REASON } from '../../lib/worker/activity-worker';
import { Decider } from '../../lib/worker/decider';
import { silentLogger } from '../../lib/worker/log';
import { startLocalSwf } from '../support/swf-local';
import {
  CANCEL_SIGNAL,
  eventsOfType,
  history,
  probeResult,
  probeWorkflow,
  recordingLogger,
  registerTypes,
  startExecution,
  unique,
  waitForClose,
  Workers,
} from './support';

type Local = Awaited<ReturnType<typeof startLocalSwf>>;

describe('ActivityWorker on swf-local', () => {
  let local: Local;
  const workers = new Workers();
  const domain = unique('activities');
  const taskList = 'probe-decisions';
  const activityTaskList = 'probe-activities';
  const names = ['Echo', 'Json', 'Boom', 'Refuse', 'Beat', 'Quiet', 'Cancelable', 'Stubborn', 'Unknown', 'Slow'];

  beforeAll(async () => {
    local = await startLocalSwf({ longPollTimeoutMs: 1_000 });
    await registerTypes(local.swf, domain, { taskList, activityTaskList, workflow: 'Probe', activities: names.map((name) => ({ name })) });
  });
  afterEach(() => workers.stopAll());
  afterAll(() => local?.stop());

  async function run(activities: Record<string, ActivityHandler>, probes: Array<Record<string, unknown>>, options: { heartbeatIntervalSeconds?: number } = {}) {
    const logger = recordingLogger();
    workers.decider({ swf: local.swf, domain, taskList, workflows: [probeWorkflow] });
    workers.activity({ swf: local.swf, domain, taskList: activityTaskList, activities, logger, ...options });
    const execution = await startExecution(local.swf, domain, 'Probe', JSON.stringify({ activities: probes }));
    return { execution, logger };
  }

  it('completes with the handler result: strings as-is, other values as JSON, JSON input parsed by jsonActivity', async () => {
    const { execution } = await run(
      {
        Echo: async (input) => `echo:${input}`,
        Json: jsonActivity(async (input: { n: number }) => ({ doubled: input.n * 2 })),
      },
      [
        { id: 'echo', name: 'Echo', input: 'hello' },
        { id: 'json', name: 'Json', input: '{"n":21}' },
      ],
    );
    const { events } = await waitForClose(local.swf, domain, execution);
    const [echo, json] = probeResult(events).activities;
    expect(echo).toMatchObject({ status: 'completed', result: 'echo:hello' });
    expect(json).toMatchObject({ status: 'completed', result: '{"doubled":42}' });
  });

  it('fails the task on a throw: message as reason and stack as details, or ActivityFailure reason/details; unknown types too', async () => {
    const { execution } = await run(
      {
        Boom: async () => {
          throw new Error('disk full');
        },
        Refuse: async () => {
          throw new ActivityFailure('CardDeclined', 'issuer said no');
        },
      },
      [
        { id: 'boom', name: 'Boom' },
        { id: 'refuse', name: 'Refuse' },
        { id: 'unknown', name: 'Unknown' },
      ],
    );
    const { events } = await waitForClose(local.swf, domain, execution);
    const [boom, refuse, unknown] = probeResult(events).activities;
    expect(boom).toMatchObject({ status: 'failed', reason: 'disk full' });
    expect(boom.details).toMatch(/^Error: disk full\n\s+at /);
    expect(refuse).toMatchObject({ status: 'failed', reason: 'CardDeclined', details: 'issuer said no' });
    expect(unknown).toMatchObject({ status: 'failed', reason: 'Unknown activity type Unknown' });
    expect(unknown.details).toContain('This worker handles: Boom, Refuse');
  });

  it('explicit heartbeats and the automatic heartbeat keep activities alive past a 1 s heartbeat timeout', async () => {
    const beat: ActivityHandler = async (_input, context) => {
      for (let i = 0; i < 8; i++) {
        await sleep(300);
        await context.heartbeat({ progress: i });
      }
      return 'beat';
    };
    const quiet: ActivityHandler = async () => {
      await sleep(2_500);
      return 'quiet';
    };
    const { execution } = await run({ Beat: beat, Quiet: quiet }, [
      { id: 'beat', name: 'Beat', heartbeat: 1, startToClose: 10 },
      { id: 'quiet', name: 'Quiet', heartbeat: 1, startToClose: 10 },
    ], { heartbeatIntervalSeconds: 0.3 });
    const { events } = await waitForClose(local.swf, domain, execution);
    const [beatView, quietView] = probeResult(events).activities;
    expect(beatView).toMatchObject({ status: 'completed', result: 'beat' });
    expect(quietView).toMatchObject({ status: 'completed', result: 'quiet' });
    expect(eventsOfType(events, 'ActivityTaskTimedOut')).toHaveLength(0);
  });

  it('a cancel request reaches the handler through heartbeat/signal and ends the task as Canceled', async () => {
    let sawCancel: boolean | undefined;
    const cancelable: ActivityHandler = async (_input, context) => {
      // Heartbeat until SWF says cancellation was requested, then stop.
      while (!(await context.heartbeat('working')).cancelRequested) await sleep(100);
      sawCancel = context.signal.aborted && context.signal.reason === 'cancel';
      return 'stopped early';
    };
    const stubborn: ActivityHandler = async (_input, context) => {
      // Ignores the cancel: even a normal return ends as Canceled once cancellation was requested.
      while (!context.cancelRequested) await sleep(50);
      return 'done anyway';
    };
    const { execution } = await run({ Cancelable: cancelable, Stubborn: stubborn }, [
      { id: 'cancelable', name: 'Cancelable', startToClose: 30 },
      { id: 'stubborn', name: 'Stubborn', startToClose: 30 },
    ], { heartbeatIntervalSeconds: 0.2 });
    // Wait until both activities started, then ask the workflow to cancel them.
    for (let i = 0; i < 100 && eventsOfType(await history(local.swf, domain, execution), 'ActivityTaskStarted').length < 2; i++) await sleep(50);
    await local.swf.send(new SignalWorkflowExecutionCommand({ domain, ...execution, signalName: CANCEL_SIGNAL }));

    const { events } = await waitForClose(local.swf, domain, execution);
    const [cancelableView, stubbornView] = probeResult(events).activities;
    expect(cancelableView).toMatchObject({ status: 'canceled', cancelRequested: true, details: 'stopped early' });
    expect(stubbornView).toMatchObject({ status: 'canceled', details: 'done anyway' });
    expect(sawCancel).toBe(true);
  });

  it('stop(): a poll already in flight that then receives a task still runs it to completion', async () => {
    // Its own swf-local holding polls 5 s, so the task surely arrives while the stopped worker's poll is still held.
    const held = await startLocalSwf({ longPollTimeoutMs: 5_000 });
    try {
      const heldDomain = unique('held');
      await registerTypes(held.swf, heldDomain, { taskList, activityTaskList, workflow: 'Probe', activities: [{ name: 'Echo' }] });
      const decider = new Decider({ swf: held.swf, domain: heldDomain, taskList, workflows: [probeWorkflow], logger: silentLogger, concurrency: 1 });
      const worker = new ActivityWorker({
        swf: held.swf,
        domain: heldDomain,
        taskList: activityTaskList,
        concurrency: 1,
        logger: silentLogger,
        activities: { Echo: async (input) => `echo:${input}` },
      });
      decider.start();
      worker.start();
      await sleep(200); // the worker's first poll is now held by swf-local
      const stopped = worker.stop();
      const execution = await startExecution(held.swf, heldDomain, 'Probe', JSON.stringify({ activities: [{ id: 'echo', name: 'Echo', input: 'x' }] }));
      await stopped;
      const { events } = await waitForClose(held.swf, heldDomain, execution);
      expect(probeResult(events).activities[0]).toMatchObject({ status: 'completed', result: 'echo:x' });
      const deciderStopped = decider.stop();
      await held.stop(); // ends the decider's held poll
      await deciderStopped;
    } finally {
      await held.stop();
    }
  });

  it('stop(): a task still running at the drain deadline is failed explicitly, never abandoned', async () => {
    let slowStarted = false;
    const slow: ActivityHandler = async (_input, context) => {
      slowStarted = true;
      await sleep(10_000, undefined, { signal: context.signal }).catch(() => undefined);
      return 'too late';
    };
    workers.decider({ swf: local.swf, domain, taskList, workflows: [probeWorkflow] });
    const worker = workers.activity({ swf: local.swf, domain, taskList: activityTaskList, drainSeconds: 1, concurrency: 1, activities: { Slow: slow } });
    const execution = await startExecution(local.swf, domain, 'Probe', JSON.stringify({ activities: [{ id: 'slow', name: 'Slow', startToClose: 30 }] }));
    while (!slowStarted) await sleep(20);
    const stopAt = Date.now();
    await worker.stop();
    // The 1 s drain deadline, then the failure response.
    expect(Date.now() - stopAt).toBeGreaterThanOrEqual(1_000);
    expect(Date.now() - stopAt).toBeLessThan(2_500);
    const { events } = await waitForClose(local.swf, domain, execution);
    expect(probeResult(events).activities[0]).toMatchObject({ status: 'failed', reason: SHUTDOWN_FAILURE_REASON });
    expect(eventsOfType(events, 'ActivityTaskTimedOut')).toHaveLength(0);
  });
});
