import { DeprecateActivityTypeCommand, SignalWorkflowExecutionCommand } from '@aws-sdk/client-swf';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DecideFunction } from '../../lib/worker/decider';
import { STUCK_WORKFLOW_REASON } from '../../lib/worker/stuck-guard';
import { startLocalSwf } from '../support/swf-local';
import { setTimeout as sleep } from 'node:timers/promises';
import { closingEvent, eventsOfType, history, recordingLogger, registerTypes, startExecution, unique, waitForClose, Workers } from './support';

type Local = Awaited<ReturnType<typeof startLocalSwf>>;

/** The stuck-workflow guard: a decide function that makes no progress while nothing is open gets its execution failed. */
describe('Decider stuck-workflow guard on swf-local', () => {
  let local: Local;
  const workers = new Workers();
  const domain = unique('stuck');

  beforeAll(async () => {
    local = await startLocalSwf({ longPollTimeoutMs: 1_000 });
    await registerTypes(local.swf, domain, { taskList: 'stuck', workflow: 'Stuck', activities: [{ name: 'Gone' }] });
    await local.swf.send(new DeprecateActivityTypeCommand({ domain, activityType: { name: 'Gone', version: '1' } }));
  });
  afterEach(() => workers.stopAll());
  afterAll(() => local?.stop());

  it('fails the execution instead of hot-looping when decide ignores decisionFailures (deprecated activity type)', async () => {
    const logger = recordingLogger();
    let calls = 0;
    // Ignores decisionFailures: schedules the activity again every time it is not in the history.
    const decide: DecideFunction = (h, d) => {
      calls++;
      return h.activity('gone') ? [d.complete()] : [d.scheduleActivity({ activityId: 'gone', name: 'Gone', version: '1' })];
    };
    workers.decider({ swf: local.swf, domain, taskList: 'stuck', workflows: [{ name: 'Stuck', decide }], logger });
    const execution = await startExecution(local.swf, domain, 'Stuck');

    const { closeStatus, events } = await waitForClose(local.swf, domain, execution);
    expect(closeStatus).toBe('FAILED');
    const failed = closingEvent(events).workflowExecutionFailedEventAttributes!;
    expect(failed.reason).toBe(STUCK_WORKFLOW_REASON);
    expect(JSON.parse(failed.details!).lastDecisionFailure).toMatchObject({ eventType: 'ScheduleActivityTaskFailed', cause: 'ACTIVITY_TYPE_DEPRECATED', id: 'gone' });
    // Three refusals, then the fourth identical answer is replaced by the failure: no loop.
    expect(eventsOfType(events, 'ScheduleActivityTaskFailed')).toHaveLength(3);
    expect(calls).toBe(4);
    const stuckLines = logger.lines.filter((line) => line.includes('stuck workflow'));
    expect(stuckLines).toHaveLength(1);
    expect(stuckLines[0]).toContain(`stuck workflow ${execution.workflowId} run ${execution.runId}`);
    expect(stuckLines[0]).toMatch(/last decision failure: ScheduleActivityTaskFailed cause=ACTIVITY_TYPE_DEPRECATED id=gone/);
  });

  it('fails the execution when decide returns nothing while nothing is open', async () => {
    const logger = recordingLogger();
    workers.decider({ swf: local.swf, domain, taskList: 'stuck', workflows: [{ name: 'Stuck', decide: () => [] }], logger });
    const execution = await startExecution(local.swf, domain, 'Stuck');

    const { closeStatus, events } = await waitForClose(local.swf, domain, execution);
    expect(closeStatus).toBe('FAILED');
    expect(closingEvent(events).workflowExecutionFailedEventAttributes!.reason).toBe(STUCK_WORKFLOW_REASON);
    expect(eventsOfType(events, 'DecisionTaskCompleted')).toHaveLength(1);
    expect(logger.lines.filter((line) => line.includes('stuck workflow'))).toEqual([
      expect.stringMatching(/no decision that opens or closes anything.*last decision failure: none; failing the execution/),
    ]);
  });

  it('leaves a workflow that waits for a signal with nothing open alone when its definition says waitsForSignals', async () => {
    const decide: DecideFunction = (h, d) => (h.signalsNamed('go').length > 0 ? [d.complete('went')] : []);
    workers.decider({ swf: local.swf, domain, taskList: 'stuck', workflows: [{ name: 'Stuck', decide, waitsForSignals: true }] });
    const execution = await startExecution(local.swf, domain, 'Stuck');
    await waitForDecisionTasks(local, domain, execution, 1);
    await local.swf.send(new SignalWorkflowExecutionCommand({ domain, ...execution, signalName: 'go' }));

    const { closeStatus } = await waitForClose(local.swf, domain, execution);
    expect(closeStatus).toBe('COMPLETED');
  });

  it('does not fire while a timer is open, even after a refused decision', async () => {
    const decide: DecideFunction = (h, d) => {
      if (h.timer('wait')?.status === 'fired') return [d.complete()];
      if (h.timer('wait')) return [];
      // The second StartTimer with the same id is refused (TIMER_ID_ALREADY_IN_USE) while the first one runs.
      return [d.startTimer('wait', 1), d.startTimer('wait', 1)];
    };
    workers.decider({ swf: local.swf, domain, taskList: 'stuck', workflows: [{ name: 'Stuck', decide }] });
    const execution = await startExecution(local.swf, domain, 'Stuck');

    const { closeStatus, events } = await waitForClose(local.swf, domain, execution);
    expect(closeStatus).toBe('COMPLETED');
    expect(eventsOfType(events, 'StartTimerFailed')).toHaveLength(1);
  });
});

async function waitForDecisionTasks(local: Local, domain: string, execution: { workflowId: string; runId: string }, count: number): Promise<void> {
  while (eventsOfType(await history(local.swf, domain, execution), 'DecisionTaskCompleted').length < count) await sleep(20);
}
