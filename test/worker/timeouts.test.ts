import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSwf } from '../support/swf-local';
import { eventsOfType, probeResult, probeWorkflow, recordingLogger, registerTypes, startExecution, unique, waitForClose, Workers } from './support';

type Local = Awaited<ReturnType<typeof startLocalSwf>>;

/** Every timeout kind, with 1 s timeouts, as the decide function sees it. */
describe('timeouts seen by the decider', () => {
  let local: Local;
  const workers = new Workers();
  const domain = unique('timeouts');
  const taskList = 'probe-decisions';
  const activityTaskList = 'probe-activities';

  beforeAll(async () => {
    local = await startLocalSwf({ longPollTimeoutMs: 1_000 });
    await registerTypes(local.swf, domain, { taskList, activityTaskList, workflow: 'Probe', decisionTimeout: '1', activities: [{ name: 'Sleep' }] });
  });
  afterEach(() => workers.stopAll());
  afterAll(() => local?.stop());

  /** Sleeps for the number of ms in its input, without heartbeating. */
  const sleeper = { Sleep: async (input: string | undefined) => void (await sleep(Number(input))) };

  async function probe(activity: Record<string, unknown>, withActivityWorker = true) {
    const logger = recordingLogger();
    workers.decider({ swf: local.swf, domain, taskList, workflows: [probeWorkflow] });
    if (withActivityWorker) workers.activity({ swf: local.swf, domain, taskList: activityTaskList, activities: sleeper, logger });
    const execution = await startExecution(local.swf, domain, 'Probe', JSON.stringify({ activities: [{ id: 'a', name: 'Sleep', ...activity }] }));
    const { closeStatus, events } = await waitForClose(local.swf, domain, execution);
    expect(closeStatus).toBe('COMPLETED');
    return { view: probeResult(events).activities[0], events, logger };
  }

  it('SCHEDULE_TO_START: nobody polls the activity task list', async () => {
    const { view } = await probe({ input: '0', scheduleToStart: 1 }, false);
    expect(view).toMatchObject({ status: 'timedOut', timeoutType: 'SCHEDULE_TO_START' });
  });

  it('START_TO_CLOSE: the handler runs too long; its late result is refused and logged, not retried forever', async () => {
    const { view, logger } = await probe({ input: '2000', startToClose: 1 });
    expect(view).toMatchObject({ status: 'timedOut', timeoutType: 'START_TO_CLOSE' });
    await workers.stopAll(); // lets the late handler finish and try to respond
    expect(logger.lines.join('\n')).toMatch(/RespondActivityTaskCompleted refused: the task is no longer open/);
  });

  it('HEARTBEAT: the handler never heartbeats within the 1 s heartbeat timeout', async () => {
    const { view } = await probe({ input: '2000', heartbeat: 1, startToClose: 10 });
    expect(view).toMatchObject({ status: 'timedOut', timeoutType: 'HEARTBEAT' });
  });

  it('SCHEDULE_TO_CLOSE: the whole activity takes longer than allowed', async () => {
    const { view } = await probe({ input: '2000', scheduleToClose: 1, startToClose: 10 });
    expect(view).toMatchObject({ status: 'timedOut', timeoutType: 'SCHEDULE_TO_CLOSE' });
  });

  it('decision task START_TO_CLOSE: a throwing decide is logged, left to time out, and retried without failing the workflow', async () => {
    const logger = recordingLogger();
    workers.decider({ swf: local.swf, domain, taskList, workflows: [probeWorkflow], logger });
    const execution = await startExecution(local.swf, domain, 'Probe', JSON.stringify({ activities: [], throwUntilDecisionTimeout: true }));
    const { closeStatus, events } = await waitForClose(local.swf, domain, execution);

    expect(closeStatus).toBe('COMPLETED');
    expect(probeResult(events).decisionTaskTimeouts).toBe(1);
    expect(eventsOfType(events, 'DecisionTaskTimedOut')[0].decisionTaskTimedOutEventAttributes!.timeoutType).toBe('START_TO_CLOSE');
    expect(logger.lines.join('\n')).toMatch(/ERROR decide threw; leaving the decision task to time out.*simulated bug in decide/);
  });
});
