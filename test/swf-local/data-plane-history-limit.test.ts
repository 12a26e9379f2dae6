import { describe, expect, it } from 'vitest';
import type { OperationContext } from '../../lib/swf-local/context';
import { createControlPlane } from '../../lib/swf-local/control-plane';
import { createDataPlane } from '../../lib/swf-local/data-plane';
import { MAX_HISTORY_EVENTS } from '../../lib/swf-local/data-plane/core';
import { Store } from '../../lib/swf-local/store';

/**
 * 25,000 events through HTTP would take far longer than this suite may; the same operation table the HTTP front
 * dispatches to is called in-process instead.
 */
describe('swf-local history limit', () => {
  it('terminates an execution whose history reaches 25,000 events (EVENT_LIMIT_EXCEEDED)', async () => {
    const store = await Store.open();
    const env = { store, now: () => Date.now(), region: 'us-east-1', accountId: '123456789012', log: () => undefined, longPollTimeoutMs: 1000 };
    const engine = createDataPlane(env);
    const operations = { ...createControlPlane(env), ...engine.operations };
    const ctx: OperationContext = { store, now: env.now, region: env.region, accountId: env.accountId, signal: new AbortController().signal };
    const call = (operation: string, input: Record<string, unknown>) => operations[operation](input, ctx);
    try {
      await call('RegisterDomain', { name: 'big', workflowExecutionRetentionPeriodInDays: '1' });
      await call('RegisterWorkflowType', {
        domain: 'big',
        name: 'Chatty',
        version: '1',
        defaultTaskList: { name: 'l' },
        defaultExecutionStartToCloseTimeout: '600',
        defaultTaskStartToCloseTimeout: '30',
        defaultChildPolicy: 'TERMINATE',
      });
      const { runId } = (await call('StartWorkflowExecution', { domain: 'big', workflowId: 'w', workflowType: { name: 'Chatty', version: '1' } })) as {
        runId: string;
      };
      // Started + DecisionTaskScheduled, then one event per signal.
      for (let i = 2; i < MAX_HISTORY_EVENTS; i++) await call('SignalWorkflowExecution', { domain: 'big', workflowId: 'w', signalName: 's' });
      const history = (await call('GetWorkflowExecutionHistory', {
        domain: 'big',
        execution: { workflowId: 'w', runId },
        reverseOrder: true,
        maximumPageSize: 1,
      })) as { events: Array<Record<string, unknown>> };
      expect(history.events[0]).toMatchObject({
        eventId: MAX_HISTORY_EVENTS + 1,
        eventType: 'WorkflowExecutionTerminated',
        workflowExecutionTerminatedEventAttributes: { childPolicy: 'TERMINATE', cause: 'EVENT_LIMIT_EXCEEDED' },
      });
      await expect(Promise.resolve().then(() => call('SignalWorkflowExecution', { domain: 'big', workflowId: 'w', signalName: 's' }))).rejects.toMatchObject({
        code: 'UnknownResourceFault',
      });
    } finally {
      engine.close();
    }
  });
});
