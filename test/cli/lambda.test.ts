/**
 * The CLI on executions with Lambda tasks: swf-local runs the functions offline (handler files), the real Decider
 * schedules them, and `cdk-swf executions describe|history|history --timeline` show them.
 */
import { RegisterDomainCommand, RegisterWorkflowTypeCommand, StartWorkflowExecutionCommand, TerminateWorkflowExecutionCommand } from '@aws-sdk/client-swf';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSwf, StartedLocalSwf } from '../support/swf-local';
import { LAMBDA_ROLE, lambdaProbe, ProbeLambda, waitUntil, writeHandlers } from '../swf-local/lambda-support';
import { waitForClose, Workers } from '../worker/support';
import { runCli, runJson, useLocalAwsEnvironment } from './support/run-cli';
import { findAll, parseXml } from './support/xml';

const DOMAIN = 'lambda-cli';
const TASK_LIST = 'lambda-cli-decisions';
const handlers = writeHandlers();
let local: StartedLocalSwf;
let endpoint: string[];
const workers = new Workers();

beforeAll(async () => {
  useLocalAwsEnvironment();
  local = await startLocalSwf({
    longPollTimeoutMs: 1_000,
    lambda: { functions: [`Echo=${handlers.path('echo.js')}`, `Reject=${handlers.path('reject.js')}`, `Hang=${handlers.path('hang.js')}`] },
  });
  endpoint = ['--endpoint-url', local.server.endpoint];
  await local.swf.send(new RegisterDomainCommand({ name: DOMAIN, workflowExecutionRetentionPeriodInDays: '1' }));
  await local.swf.send(
    new RegisterWorkflowTypeCommand({
      domain: DOMAIN,
      name: lambdaProbe.name,
      version: '1',
      defaultTaskList: { name: TASK_LIST },
      defaultExecutionStartToCloseTimeout: '120',
      defaultTaskStartToCloseTimeout: '10',
      defaultChildPolicy: 'TERMINATE',
      defaultLambdaRole: LAMBDA_ROLE,
    }),
  );
  workers.decider({ swf: local.swf, domain: DOMAIN, taskList: TASK_LIST, workflows: [lambdaProbe] });
});
afterAll(async () => {
  await workers.stopAll();
  await local?.stop();
  handlers.remove();
});

async function start(workflowId: string, tasks: ProbeLambda[]): Promise<{ workflowId: string; runId: string }> {
  const { runId } = await local.swf.send(
    new StartWorkflowExecutionCommand({ domain: DOMAIN, workflowId, workflowType: { name: lambdaProbe.name, version: '1' }, input: JSON.stringify(tasks) }),
  );
  return { workflowId, runId: runId! };
}

describe('cdk-swf executions on Lambda tasks', () => {
  it('describe counts the Lambda tasks SWF is running', async () => {
    const pidFile = join(handlers.dir, 'describe.pid');
    const execution = await start('lambda-open', [{ id: 'long', name: 'Hang', input: { pidFile }, startToClose: 60 }]);
    await waitUntil(() => existsSync(pidFile), 'the function to run');
    const table = await runCli('executions', 'describe', '--id', 'lambda-open', '--domain', DOMAIN, ...endpoint);
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Open Lambda functions\s+1/);
    expect(table.stdout).toContain(`Lambda role`);
    const json = await runJson<{ openCounts: { openLambdaFunctions: number } }>('executions', 'describe', '--id', 'lambda-open', '--domain', DOMAIN, ...endpoint);
    expect(json.openCounts.openLambdaFunctions).toBe(1);
    await local.swf.send(new TerminateWorkflowExecutionCommand({ domain: DOMAIN, workflowId: execution.workflowId }));
    expect((await runJson<{ openCounts: { openLambdaFunctions: number } }>('executions', 'describe', '--id', 'lambda-open', '--domain', DOMAIN, ...endpoint)).openCounts.openLambdaFunctions).toBe(0);
  });

  it('history names the Lambda task of each Lambda event, and the timeline draws a bar per Lambda task', async () => {
    const execution = await start('lambda-steps', [
      { id: 'echo', name: 'Echo', input: { orderId: 'o-1' } },
      { id: 'fraud', name: 'Reject', input: { orderId: 'o-1' }, attempts: 2 },
      { id: 'stuck', name: 'Hang', startToClose: 1 },
    ]);
    expect((await waitForClose(local.swf, DOMAIN, execution, 50_000)).closeStatus).toBe('COMPLETED');

    const history = await runCli('executions', 'history', 'lambda-steps', '--domain', DOMAIN, ...endpoint);
    expect(history.code).toBe(0);
    const line = (eventType: string, contains: string) =>
      history.stdout.split('\n').filter((l) => l.includes(` ${eventType} `) && l.includes(contains));
    expect(line('LambdaFunctionScheduled', 'name=Echo id=echo input={"orderId":"o-1"}')).toHaveLength(1);
    expect(line('LambdaFunctionStarted', 'name=Echo id=echo')).toHaveLength(1);
    expect(line('LambdaFunctionCompleted', 'name=Echo id=echo result={"echo":{"orderId":"o-1"}')).toHaveLength(1);
    expect(line('LambdaFunctionFailed', 'name=Reject id=fraud reason=FraudSuspected')).toHaveLength(2);
    expect(line('LambdaFunctionTimedOut', 'name=Hang id=stuck timeoutType=START_TO_CLOSE')).toHaveLength(1);

    const file = join(handlers.dir, 'lambda-steps.svg');
    const drawn = await runCli('executions', 'history', 'lambda-steps', '--domain', DOMAIN, '--timeline', file, ...endpoint);
    expect(drawn.code).toBe(0);
    expect(drawn.stdout).toContain(`written to ${file}: 4 rows (4 Lambda tasks), `);
    const svg = parseXml(readFileSync(file, 'utf8'));
    const rows = findAll(svg, (e) => e.name === 'g' && e.attributes.class === 'row' && e.attributes['data-kind'] === 'lambda');
    const label = (row: (typeof rows)[number]) => findAll(row, (e) => e.name === 'text')[0]?.text;
    expect(rows.map((row) => [label(row), row.attributes['data-outcome']])).toEqual([
      ['lambda Echo (echo)', 'completed'],
      ['lambda Reject (fraud)', 'failed'],
      ['lambda Hang (stuck)', 'timedOut'],
      ['lambda Reject (fraud)', 'failed'],
    ]);
    for (const row of rows) expect(findAll(row, (e) => e.name === 'rect' && e.attributes.class === 'run')).toHaveLength(1);
  });
});
