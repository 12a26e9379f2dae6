import { RegisterWorkflowTypeCommand, StartWorkflowExecutionCommand } from '@aws-sdk/client-swf';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DecideFunction } from '../../lib/worker/decider';
import { startLocalSwf } from '../support/swf-local';
import { closingEvent, registerTypes, unique, waitForClose, Workers } from './support';

type Local = Awaited<ReturnType<typeof startLocalSwf>>;

/** The decider version model: a fleet decides executions of every version of its workflow names. */
describe('Decider dispatch across workflow type versions (swf-local)', () => {
  let local: Local;
  const workers = new Workers();
  const domain = unique('versions');

  beforeAll(async () => {
    local = await startLocalSwf({ longPollTimeoutMs: 1_000 });
    await registerTypes(local.swf, domain, { taskList: 'versions', workflow: 'Flow', version: '1' });
    for (const version of ['2', '3']) {
      await local.swf.send(
        new RegisterWorkflowTypeCommand({
          domain,
          name: 'Flow',
          version,
          defaultTaskList: { name: 'versions' },
          defaultExecutionStartToCloseTimeout: '300',
          defaultTaskStartToCloseTimeout: '5',
          defaultChildPolicy: 'TERMINATE',
        }),
      );
    }
  });
  afterEach(() => workers.stopAll());
  afterAll(() => local?.stop());

  const run = async (version: string) => {
    const workflowId = unique('flow');
    const { runId } = await local.swf.send(new StartWorkflowExecutionCommand({ domain, workflowId, workflowType: { name: 'Flow', version } }));
    const { closeStatus, events } = await waitForClose(local.swf, domain, { workflowId, runId: runId! });
    return `${closeStatus} ${closingEvent(events).workflowExecutionCompletedEventAttributes?.result}`;
  };
  const code = (label: string): DecideFunction => (h, d) => [d.complete(`${label} decided ${h.workflowType.version}`)];

  it('an exact-version definition wins; other versions go to the definition of the fleet\'s own version (SWF_WORKFLOW_VERSIONS)', async () => {
    workers.decider({
      swf: local.swf,
      domain,
      taskList: 'versions',
      workflowVersions: { Flow: '3' },
      workflows: [
        { name: 'Flow', version: '1', decide: code('v1 code') },
        { name: 'Flow', version: '3', decide: code('v3 code') },
      ],
    });
    expect(await run('1')).toBe('COMPLETED v1 code decided 1');
    // Version 2: started by the previous deployment, say; this fleet (version 3) decides it with its own code.
    expect(await run('2')).toBe('COMPLETED v3 code decided 2');
    expect(await run('3')).toBe('COMPLETED v3 code decided 3');
  });
});
