import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DescribeActivityTypeCommand,
  DescribeWorkflowExecutionCommand,
  DescribeWorkflowTypeCommand,
  HistoryEvent,
  SignalWorkflowExecutionCommand,
  StartWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { Duration, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityType, ChildPolicy, Domain, SwfTimeout, WorkerKind, WorkerService, WorkflowType } from '../../lib';
import { DEFAULT_RETIREMENT_GRACE_SECONDS } from '../../lib/common/type-retirement';
import { ActivityWorker } from '../../lib/worker/activity-worker';
import { Decider, DecideFunction } from '../../lib/worker/decider';
import { readWorkerEnvironment, WorkerEnvironment } from '../../lib/worker/env';
import { silentLogger } from '../../lib/worker/log';
import { REGISTRY_IMAGE } from '../constructs/worker-service-support';
import { cleanupTemporaryDirectories, deployer, synth, temporaryDirectory, TestClock } from '../deploy/support';
import { startLocalSwf, StartedLocalSwf } from '../support/swf-local';
import { history } from '../worker/support';

/*
 * Done-when of "deploys never break running workflows", as a user runs it: a two-stack app (SWF types in one stack,
 * the WorkerServices in the other), version 1 applied and its workers running with 50 executions in flight, then
 * version 2 deployed in CloudFormation's order: `cdk-swf apply` (the types stack; the workers stack holds no SWF
 * resources), then a rolling replacement of the workers (new tasks start, old tasks drain and stop, overlapping),
 * each worker configured from its synthesized container environment. Every execution completes, no decision is
 * refused, and the old versions are deprecated exactly when the README says.
 */

const DOMAIN = 'rollout';
const DECISIONS = 'rollout-decisions';
const ACTIVITIES = 'rollout-activities';

/** The app of one generation: generation 2 changes a default of every type, so each gets a new derived version. */
function rolloutApp(generation: 1 | 2): string {
  return synth((app) => {
    const types = new Stack(app, 'RolloutTypes');
    const domain = new Domain(types, 'Domain', { domainName: DOMAIN });
    const workflowType = new WorkflowType(types, 'Rollout', {
      domain,
      workflowTypeName: 'Rollout',
      defaultTaskList: DECISIONS,
      defaultExecutionStartToCloseTimeout: Duration.minutes(30),
      defaultTaskStartToCloseTimeout: SwfTimeout.seconds(generation === 1 ? 10 : 15),
      defaultChildPolicy: ChildPolicy.TERMINATE,
    });
    const activity = (name: string) =>
      new ActivityType(types, name, {
        domain,
        activityTypeName: name,
        defaultTaskList: ACTIVITIES,
        defaultTaskScheduleToStartTimeout: SwfTimeout.seconds(600),
        defaultTaskStartToCloseTimeout: SwfTimeout.seconds(generation === 1 ? 120 : 180),
        defaultTaskScheduleToCloseTimeout: SwfTimeout.seconds(900),
        defaultTaskHeartbeatTimeout: SwfTimeout.NONE,
      });
    const activityTypes = [activity('Work'), activity('Finish')];
    const workers = new Stack(app, 'RolloutWorkers');
    const common = { domain, workerModule: 'dist/rollout.js', image: REGISTRY_IMAGE, createAlarms: false };
    new WorkerService(workers, 'Deciders', { ...common, kind: WorkerKind.DECIDER, taskList: DECISIONS, workflowTypes: [workflowType], activityTypes });
    new WorkerService(workers, 'Activities', { ...common, kind: WorkerKind.ACTIVITY, taskList: ACTIVITIES, activityTypes });
  });
}

/** The environment of each WorkerService container, as synthesized (the domain arrives by cross-stack import). */
function workerEnvironments(assembly: string): { decider: WorkerEnvironment; activity: WorkerEnvironment } {
  const template = JSON.parse(fs.readFileSync(path.join(assembly, 'RolloutWorkers.template.json'), 'utf8'));
  const environments = Object.values<{ Type: string; Properties: any }>(template.Resources)
    .filter((r) => r.Type === 'AWS::ECS::TaskDefinition')
    .map((r) => {
      const variables = r.Properties.ContainerDefinitions[0].Environment as Array<{ Name: string; Value: unknown }>;
      const literal = (value: unknown) => {
        if (typeof value === 'string') return value;
        if (JSON.stringify(value).includes('Fn::ImportValue')) return DOMAIN;
        throw new Error(`unexpected environment value ${JSON.stringify(value)}`);
      };
      return readWorkerEnvironment(Object.fromEntries(variables.map((v) => [v.Name, literal(v.Value)])));
    });
  return { decider: environments.find((e) => e.taskList === DECISIONS)!, activity: environments.find((e) => e.taskList === ACTIVITIES)! };
}

interface RolloutInput {
  /** The Work activity waits until the test releases it (an activity in progress during the deploy). */
  readonly hold?: boolean;
  readonly pauseSeconds: number;
  /** Waits for the `go` signal (bounded by a timer) before Finish. */
  readonly waitForSignal?: boolean;
}

/** One decide function for every version of Rollout (dispatch by name): the same steps whatever version started it. */
const decideRollout: DecideFunction = (h, d) => {
  const input = JSON.parse(h.input ?? '{}') as RolloutInput;
  const step = (activityId: string, name: string) => {
    const last = h.activity(activityId);
    if (!last) return [d.scheduleActivity({ activityId, name, input: h.input })];
    if (last.status === 'completed') return undefined;
    if (last.status === 'scheduled' || last.status === 'started') return [];
    return [last.attempt < 3 ? d.scheduleActivity({ activityId, name, input: h.input }) : d.fail(`${name} kept failing`)];
  };
  const work = step('work', 'Work');
  if (work) return work;
  const pause = h.timer('pause');
  if (!pause) return [d.startTimer('pause', input.pauseSeconds)];
  if (pause.status === 'started') return [];
  const cancelDeadline: ReturnType<typeof d.cancelTimer>[] = [];
  if (input.waitForSignal) {
    const deadline = h.timer('signal-deadline');
    if (h.signalsNamed('go').length === 0) return deadline ? [] : [d.startTimer('signal-deadline', 1200)];
    if (deadline?.status === 'started') cancelDeadline.push(d.cancelTimer('signal-deadline'));
  }
  const finish = step('finish', 'Finish');
  if (finish) return [...cancelDeadline, ...finish];
  return [...cancelDeadline, d.complete({ work: h.activity('work')!.version, finish: h.activity('finish')!.version })];
};

type Execution = { workflowId: string; runId: string };

describe('a rolling deploy of a new version while 50 executions are in flight (swf-local)', () => {
  let local: StartedLocalSwf;
  const clock = new TestClock();
  const running: Array<Decider | ActivityWorker> = [];
  let releaseHeld!: () => void;
  const held = new Promise<void>((resolve) => (releaseHeld = resolve));
  let workStarted = 0;

  beforeAll(async () => {
    local = await startLocalSwf({ longPollTimeoutMs: 500 });
  });
  afterAll(async () => {
    releaseHeld();
    await Promise.all(running.map((worker) => worker.stop()));
    await local?.stop();
    cleanupTemporaryDirectories();
  });

  /** One generation's fleets, configured from its synthesized containers: two deciders, two activity workers. */
  function startFleet(generation: number, env: { decider: WorkerEnvironment; activity: WorkerEnvironment }) {
    const fleet: Array<Decider | ActivityWorker> = [];
    for (const task of ['a', 'b']) {
      fleet.push(
        new Decider({
          swf: local.swf,
          domain: env.decider.domain!,
          taskList: env.decider.taskList!,
          activityVersions: env.decider.activityVersions,
          workflowVersions: env.decider.workflowVersions,
          workflows: [{ name: 'Rollout', decide: decideRollout }],
          identity: `g${generation}-decider-${task}`,
          drainSeconds: 30,
          logger: silentLogger,
        }),
        new ActivityWorker({
          swf: local.swf,
          domain: env.activity.domain!,
          taskList: env.activity.taskList!,
          identity: `g${generation}-activity-${task}`,
          concurrency: 40,
          drainSeconds: 30,
          logger: silentLogger,
          activities: {
            Work: async (input) => {
              workStarted++;
              if ((JSON.parse(input ?? '{}') as RolloutInput).hold) await held;
              return 'worked';
            },
            Finish: async () => 'finished',
          },
        }),
      );
    }
    for (const worker of fleet) worker.start();
    running.push(...fleet);
    return fleet;
  }

  const start = async (workflowId: string, version: string, input: RolloutInput): Promise<Execution> => {
    const { runId } = await local.swf.send(
      new StartWorkflowExecutionCommand({ domain: DOMAIN, workflowId, workflowType: { name: 'Rollout', version }, input: JSON.stringify(input) }),
    );
    return { workflowId, runId: runId! };
  };
  const signal = (execution: Execution) => local.swf.send(new SignalWorkflowExecutionCommand({ domain: DOMAIN, ...execution, signalName: 'go' }));
  const workflowStatus = async (version: string) =>
    (await local.swf.send(new DescribeWorkflowTypeCommand({ domain: DOMAIN, workflowType: { name: 'Rollout', version } }))).typeInfo?.status;
  const activityStatus = async (name: string, version: string) =>
    (await local.swf.send(new DescribeActivityTypeCommand({ domain: DOMAIN, activityType: { name, version } }))).typeInfo?.status;
  /** Polls the histories until `ready` holds for every execution (the test's timeout bounds it). */
  async function waitUntil(executions: Execution[], ready: (events: HistoryEvent[]) => boolean): Promise<void> {
    for (const execution of executions) {
      while (!ready(await history(local.swf, DOMAIN, execution))) await sleep(50);
    }
  }
  const has = (type: string, id?: string) => (events: HistoryEvent[]) =>
    events.some((e) => e.eventType === type && (id === undefined || e.timerStartedEventAttributes?.timerId === id));

  it('every execution completes, no decision is refused, and the old versions are deprecated when the README says', async () => {
    const cwd = temporaryDirectory('rollout');
    const { apply } = deployer(local.swf, cwd, clock);

    // Version 1: deployed, its fleets running, 50 executions in flight.
    const v1 = rolloutApp(1);
    expect((await apply(v1)).exitCode).toBe(0);
    const env1 = workerEnvironments(v1);
    const v1Versions = { workflow: env1.decider.workflowVersions.Rollout, Work: env1.decider.activityVersions.Work, Finish: env1.decider.activityVersions.Finish };
    const gen1 = startFleet(1, env1);
    const inProgress: Execution[] = [];
    const timersWaiting: Execution[] = [];
    const signalsPending: Execution[] = [];
    for (let i = 0; i < 50; i++) {
      if (i % 3 === 0) inProgress.push(await start(`held-${i}`, v1Versions.workflow, { hold: true, pauseSeconds: 1 }));
      else if (i % 3 === 1) timersWaiting.push(await start(`timer-${i}`, v1Versions.workflow, { pauseSeconds: 4 }));
      else signalsPending.push(await start(`signal-${i}`, v1Versions.workflow, { pauseSeconds: 1, waitForSignal: true }));
    }
    await waitUntil(inProgress, has('ActivityTaskStarted'));
    await waitUntil(timersWaiting, has('TimerStarted', 'pause'));
    await waitUntil(signalsPending, has('TimerStarted', 'signal-deadline'));
    expect(workStarted).toBe(50);

    // Version 2, in CloudFormation's order. First the types stack: new versions registered, the old ones kept.
    const v2 = rolloutApp(2);
    const env2 = workerEnvironments(v2);
    const v2Versions = { workflow: env2.decider.workflowVersions.Rollout, Work: env2.decider.activityVersions.Work, Finish: env2.decider.activityVersions.Finish };
    expect(v2Versions.workflow).not.toBe(v1Versions.workflow);
    expect(v2Versions.Work).not.toBe(v1Versions.Work);
    const deployed = await apply(v2);
    expect(deployed.exitCode).toBe(0);
    const actions = deployed.results.flatMap((r) => r.resources).filter((r) => r.resourceType.startsWith('Custom::Swf')).map((r) => `${r.action} ${r.physicalId}`);
    expect(actions.sort()).toEqual(
      [
        `unchanged ${DOMAIN}`,
        `replaced WorkflowType|${DOMAIN}|Rollout|${v2Versions.workflow}`,
        `replaced ActivityType|${DOMAIN}|Work|${v2Versions.Work}`,
        `replaced ActivityType|${DOMAIN}|Finish|${v2Versions.Finish}`,
        `retiring WorkflowType|${DOMAIN}|Rollout|${v1Versions.workflow}`,
        `retiring ActivityType|${DOMAIN}|Work|${v1Versions.Work}`,
        `retiring ActivityType|${DOMAIN}|Finish|${v1Versions.Finish}`,
      ].sort(),
    );
    expect([await workflowStatus(v1Versions.workflow), await activityStatus('Work', v1Versions.Work), await activityStatus('Finish', v1Versions.Finish)]).toEqual([
      'REGISTERED',
      'REGISTERED',
      'REGISTERED',
    ]);

    // Then the workers stack: a rolling replacement. New tasks start while the old ones still run; meanwhile signals
    // arrive, held activities finish, and old and new starters start executions with their own versions.
    startFleet(2, env2);
    const firstSignals = signalsPending.slice(0, 8);
    for (const execution of firstSignals) await signal(execution);
    const startedDuringRollout = [
      ...(await Promise.all([0, 1, 2].map((i) => start(`old-starter-${i}`, v1Versions.workflow, { pauseSeconds: 1 })))),
      ...(await Promise.all([0, 1, 2].map((i) => start(`new-starter-${i}`, v2Versions.workflow, { pauseSeconds: 1 })))),
    ];
    releaseHeld();
    // The old tasks drain (in-flight tasks finish) and stop.
    await Promise.all(gen1.map((worker) => worker.stop()));

    // A day later the grace period is over, but executions of version 1 are still open: nothing is deprecated.
    clock.advance(DEFAULT_RETIREMENT_GRACE_SECONDS * 1000 + 1);
    const early = await apply(v2);
    expect(early.lines.join('\n')).toMatch(new RegExp(`WorkflowType\\|${DOMAIN}\\|Rollout\\|${v1Versions.workflow} retiring: waiting \\(\\d+ open executions? of this version\\)`));
    expect(await workflowStatus(v1Versions.workflow)).toBe('REGISTERED');
    expect(await activityStatus('Work', v1Versions.Work)).toBe('REGISTERED');

    for (const execution of signalsPending.slice(8)) await signal(execution);
    const all = [...inProgress, ...timersWaiting, ...signalsPending, ...startedDuringRollout];
    await waitUntil(all, has('WorkflowExecutionCompleted'));

    const histories = await Promise.all(all.map((execution) => history(local.swf, DOMAIN, execution)));
    for (const execution of all) {
      const described = await local.swf.send(new DescribeWorkflowExecutionCommand({ domain: DOMAIN, execution }));
      expect(described.executionInfo?.closeStatus, execution.workflowId).toBe('COMPLETED');
    }
    const refused = histories.flatMap((events) => events.filter((e) => /Failed$|TimedOut$/.test(String(e.eventType))).map((e) => e.eventType));
    expect(refused).toEqual([]);
    // Old and new deciders decided each other's executions, and old versions were scheduled after the deploy.
    const deciders = (events: HistoryEvent[]) => new Set(events.filter((e) => e.eventType === 'DecisionTaskStarted').map((e) => e.decisionTaskStartedEventAttributes!.identity!.split('-')[0]));
    expect(histories.filter((events) => deciders(events).size === 2).length).toBeGreaterThan(0);
    const finishVersions = new Set(histories.map((events) => JSON.parse(events.at(-1)!.workflowExecutionCompletedEventAttributes!.result!).finish));
    expect(finishVersions).toEqual(new Set([v1Versions.Finish, v2Versions.Finish]));

    // Nothing open can use version 1 any more: the next retirement pass deprecates it; version 2 stays.
    const retired = await apply(v2);
    const deprecated = retired.results.flatMap((r) => r.resources).filter((r) => r.action === 'deprecated').map((r) => r.physicalId);
    expect(deprecated.sort()).toEqual(
      [`WorkflowType|${DOMAIN}|Rollout|${v1Versions.workflow}`, `ActivityType|${DOMAIN}|Work|${v1Versions.Work}`, `ActivityType|${DOMAIN}|Finish|${v1Versions.Finish}`].sort(),
    );
    expect([await workflowStatus(v1Versions.workflow), await activityStatus('Work', v1Versions.Work), await activityStatus('Finish', v1Versions.Finish)]).toEqual([
      'DEPRECATED',
      'DEPRECATED',
      'DEPRECATED',
    ]);
    expect([await workflowStatus(v2Versions.workflow), await activityStatus('Work', v2Versions.Work)]).toEqual(['REGISTERED', 'REGISTERED']);
  }, 240_000);
});
