import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ActivityWorker, SHUTDOWN_FAILURE_REASON } from '../../lib/worker/activity-worker';
import { Decider } from '../../lib/worker/decider';
import type { WorkerLogger } from '../../lib/worker/log';
import { startObservingProxy, ObservingProxy } from '../support/observing-proxy';
import { clientFor, startLocalSwf, StartedLocalSwf } from '../support/swf-local';
import { eventsOfType, history, probeResult, probeWorkflow, registerTypes, startExecution, unique, waitForClose, Workers } from './support';

/** A logger whose lines a test can wait for. */
function waitableLogger(): WorkerLogger & { lines: string[]; line(text: string): Promise<void> } {
  const lines: string[] = [];
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  const push = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${fields ? JSON.stringify(fields) : ''}`);
    for (const waiter of waiters.filter((w) => message.includes(w.text))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  return {
    lines,
    info: push('INFO'),
    warn: push('WARN'),
    error: push('ERROR'),
    line: (text) => new Promise((resolve) => (lines.some((l) => l.includes(text)) ? resolve() : waiters.push({ text, resolve }))),
  };
}

/**
 * A worker stopped while its long poll is open, whose poll then delivers a task after the drain deadline has passed:
 * the task is handled at once (a decider decides it, an activity worker fails it), never left to time out.
 */
describe('a task delivered by an open poll after the drain deadline', () => {
  let local: StartedLocalSwf;
  let proxy: ObservingProxy;
  const workers = new Workers();
  const domain = unique('drain-edge');

  beforeAll(async () => {
    // Polls are held long enough that the one open at stop() is still open when the task arrives.
    local = await startLocalSwf({ longPollTimeoutMs: 20_000 });
    await registerTypes(local.swf, domain, { taskList: 'decisions', activityTaskList: 'work', workflow: 'Probe', activities: [{ name: 'Work' }] });
  });
  afterEach(async () => {
    // Closing the proxy ends the helper decider's open poll, so stopping it does not wait for the poll to expire.
    const stopping = workers.stopAll();
    await proxy?.close();
    await stopping;
  });
  afterAll(() => local?.stop());

  it('a decider decides it', async () => {
    proxy = await startObservingProxy(local.server.endpoint);
    const logger = waitableLogger();
    const decider = new Decider({ swf: clientFor(proxy.endpoint), domain, taskList: 'decisions', workflows: [probeWorkflow], concurrency: 1, drainSeconds: 0, logger });
    decider.start();
    await proxy.forwarded('PollForDecisionTask');
    const stopped = decider.stop();
    await logger.line('drain deadline passed');

    const execution = await startExecution(local.swf, domain, 'Probe', JSON.stringify({ activities: [{ id: 'a', name: 'Work', input: 'x' }] }));
    await stopped;

    const events = await history(local.swf, domain, execution);
    expect(eventsOfType(events, 'DecisionTaskCompleted'), logger.lines.join('\n')).toHaveLength(1);
    expect(eventsOfType(events, 'ActivityTaskScheduled')).toHaveLength(1);
    expect(eventsOfType(events, 'DecisionTaskTimedOut')).toHaveLength(0);
    expect(logger.lines.join('\n')).toContain('received a task after the drain deadline; handling it now');
  });

  it('an activity worker fails it as "worker shutting down"', async () => {
    proxy = await startObservingProxy(local.server.endpoint);
    const logger = waitableLogger();
    const worker = new ActivityWorker({
      swf: clientFor(proxy.endpoint),
      domain,
      taskList: 'work-late',
      activities: { Work: () => 'done' },
      concurrency: 1,
      drainSeconds: 0,
      logger,
    });
    worker.start();
    await proxy.forwarded('PollForActivityTask');
    const stopped = worker.stop();
    await logger.line('drain deadline passed');

    workers.decider({ swf: clientFor(proxy.endpoint), domain, taskList: 'decisions', workflows: [probeWorkflow] });
    const input = { activities: [{ id: 'a', name: 'Work', input: 'x', taskList: 'work-late' }] };
    const execution = await startExecution(local.swf, domain, 'Probe', JSON.stringify(input));
    await stopped;
    const { events } = await waitForClose(local.swf, domain, execution);
    expect(probeResult(events).activities[0]).toMatchObject({ status: 'failed', reason: SHUTDOWN_FAILURE_REASON });
    expect(eventsOfType(events, 'ActivityTaskTimedOut')).toHaveLength(0);
  });
});
