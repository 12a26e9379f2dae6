import { RegisterWorkflowTypeCommand, SignalWorkflowExecutionCommand, StartWorkflowExecutionCommand, TerminateWorkflowExecutionCommand } from '@aws-sdk/client-swf';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DecideFunction } from '../../lib/worker/decider';
import { startLocalSwf } from '../support/swf-local';
import { closingEvent, eventsOfType, history, recordingLogger, registerTypes, startExecution, unique, waitForClose, Workers } from './support';

type Local = Awaited<ReturnType<typeof startLocalSwf>>;

describe('Decider on swf-local', () => {
  let local: Local;
  const workers = new Workers();
  const domain = unique('decider');

  beforeAll(async () => {
    local = await startLocalSwf({ longPollTimeoutMs: 1_000 });
    await registerTypes(local.swf, domain, { taskList: 'gate', workflow: 'Gate' });
    await local.swf.send(
      new RegisterWorkflowTypeCommand({
        domain,
        name: 'Orphan',
        version: '1',
        defaultTaskList: { name: 'gate' },
        defaultExecutionStartToCloseTimeout: '60',
        defaultTaskStartToCloseTimeout: '1',
        defaultChildPolicy: 'TERMINATE',
      }),
    );
  });
  afterEach(() => workers.stopAll());
  afterAll(() => local?.stop());

  it('UNHANDLED_DECISION: a completion refused because a signal arrived meanwhile is simply decided again', async () => {
    let entered!: () => void;
    const firstDecideRunning = new Promise<void>((resolve) => (entered = resolve));
    let calls = 0;
    const decide: DecideFunction = async (h, d) => {
      if (++calls === 1) {
        entered();
        await sleep(500); // the test signals the execution while this decision is being made
      }
      return [d.complete({ signalsSeen: h.signals.length, refused: h.decisionFailures.map((f) => `${f.eventType}:${f.cause}`) })];
    };
    workers.decider({ swf: local.swf, domain, taskList: 'gate', workflows: [{ name: 'Gate', version: '1', decide }] });
    const execution = await startExecution(local.swf, domain, 'Gate');
    await firstDecideRunning;
    await local.swf.send(new SignalWorkflowExecutionCommand({ domain, ...execution, signalName: 'late', input: 'x' }));

    const { closeStatus, events } = await waitForClose(local.swf, domain, execution);
    expect(closeStatus).toBe('COMPLETED');
    expect(eventsOfType(events, 'CompleteWorkflowExecutionFailed')[0].completeWorkflowExecutionFailedEventAttributes!.cause).toBe('UNHANDLED_DECISION');
    expect(JSON.parse(closingEvent(events).workflowExecutionCompletedEventAttributes!.result!)).toEqual({
      signalsSeen: 1,
      refused: ['CompleteWorkflowExecutionFailed:UNHANDLED_DECISION'],
    });
    expect(calls).toBe(2);
  });

  it('a workflow type it has no definition for is logged and left for another decider (its task times out)', async () => {
    const logger = recordingLogger();
    workers.decider({ swf: local.swf, domain, taskList: 'gate', workflows: [{ name: 'Gate', decide: (_h, d) => [d.complete()] }], logger });
    const workflowId = unique('orphan');
    const execution = await local.swf.send(new StartWorkflowExecutionCommand({ domain, workflowId, workflowType: { name: 'Orphan', version: '1' } }));
    for (let i = 0; i < 100 && !logger.lines.some((line) => line.includes('no workflow definition')); i++) await sleep(20);
    expect(logger.lines.join('\n')).toMatch(/ERROR no workflow definition for this type.*Orphan@1/);
    const orphan = { workflowId: workflowId, runId: execution.runId! };
    let timedOut = false;
    for (let i = 0; i < 60 && !timedOut; i++) {
      timedOut = eventsOfType(await history(local.swf, domain, orphan), 'DecisionTaskTimedOut').length > 0;
      if (!timedOut) await sleep(50);
    }
    expect(timedOut).toBe(true);
    await local.swf.send(new TerminateWorkflowExecutionCommand({ domain, ...orphan }));
  });
});
