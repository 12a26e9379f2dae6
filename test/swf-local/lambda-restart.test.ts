/**
 * A Lambda task in flight when a real `cdk-swf local --data-dir` process is killed with SIGKILL: after the restart
 * nothing acknowledged is lost, and the task is run again (the README's promise), then completes once.
 */
import {
  GetWorkflowExecutionHistoryCommand,
  HistoryEvent,
  PollForDecisionTaskCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  SWFClient,
} from '@aws-sdk/client-swf';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJson } from '../../lib/worker/json';
import { clientFor } from '../support/swf-local';
import { registerTypes, unique, waitForClose, Workers } from '../worker/support';
import { startLocalProcess } from './cli-process';
import { attributesOf, LAMBDA_ROLE, lambdaProbe, LambdaProbeResult, processGone, waitUntil } from './lambda-support';

const work = mkdtempSync(join(tmpdir(), 'swf-local-lambda-restart-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Records each run (its pid), then waits for a release file before answering.
const HANDLER = `const fs = require('node:fs');
exports.handler = async (event) => {
  fs.appendFileSync(event.runsFile, process.pid + '\\n');
  while (!fs.existsSync(event.releaseFile)) await new Promise((resolve) => setTimeout(resolve, 20));
  return { released: true, runs: fs.readFileSync(event.runsFile, 'utf8').trim().split('\\n').length };
};`;

async function historyOf(swf: SWFClient, domain: string, execution: { workflowId: string; runId: string }): Promise<HistoryEvent[]> {
  return (await swf.send(new GetWorkflowExecutionHistoryCommand({ domain, execution }))).events!;
}

const runs = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : []);

describe('swf-local killed with SIGKILL while a Lambda task runs', () => {
  it('keeps what it acknowledged and runs the task again after the restart', async () => {
    const dataDir = join(work, 'data');
    const handlerFile = join(work, 'wait.js');
    writeFileSync(handlerFile, HANDLER);
    const runsFile = join(work, 'runs.txt');
    const releaseFile = join(work, 'release');
    const args = ['--data-dir', dataDir, '--lambda', `Wait=${handlerFile}`];
    const domain = unique('lambda-restart');
    const taskList = unique('decisions');
    const tasks = [{ id: 'wait', name: 'Wait', input: { runsFile, releaseFile } }];

    const first = await startLocalProcess(args);
    const firstSwf = clientFor(first.endpoint);
    let execution: { workflowId: string; runId: string };
    let acknowledged: HistoryEvent[];
    try {
      expect(first.output()).toContain('lambda:     Wait');
      await registerTypes(firstSwf, domain, { taskList, workflow: lambdaProbe.name });
      const workflowId = unique('wf');
      const { runId } = await firstSwf.send(
        new StartWorkflowExecutionCommand({
          domain,
          workflowId,
          workflowType: { name: lambdaProbe.name, version: '1' },
          input: JSON.stringify(tasks),
          lambdaRole: LAMBDA_ROLE,
        }),
      );
      execution = { workflowId, runId: runId! };
      const task = await firstSwf.send(new PollForDecisionTaskCommand({ domain, taskList: { name: taskList } }));
      await firstSwf.send(
        new RespondDecisionTaskCompletedCommand({
          taskToken: task.taskToken!,
          decisions: [{ decisionType: 'ScheduleLambdaFunction', scheduleLambdaFunctionDecisionAttributes: { ...tasks[0], input: JSON.stringify(tasks[0].input) } }],
        }),
      );
      await waitUntil(() => runs(runsFile).length === 1, 'the first run');
      acknowledged = await historyOf(firstSwf, domain, execution);
      expect(acknowledged.map((e) => e.eventType).slice(-2)).toEqual(['LambdaFunctionScheduled', 'LambdaFunctionStarted']);
    } finally {
      firstSwf.destroy();
      first.child.kill('SIGKILL');
    }
    expect(await first.exited).toBe('SIGKILL');
    // The run swf-local was waiting for went with it.
    writeFileSync(join(work, 'first.pid'), runs(runsFile)[0]);
    await waitUntil(() => processGone(join(work, 'first.pid')), 'the orphaned run to end');

    const second = await startLocalProcess(args);
    const swf = clientFor(second.endpoint);
    const workers = new Workers();
    try {
      const restarted = await historyOf(swf, domain, execution);
      expect(restarted.slice(0, acknowledged.length)).toEqual(acknowledged);
      await waitUntil(() => runs(runsFile).length === 2, 'the task to run again');
      writeFileSync(releaseFile, '');
      workers.decider({ swf, domain, taskList, workflows: [lambdaProbe] });
      const closed = await waitForClose(swf, domain, execution, 50_000);
      expect(closed.closeStatus).toBe('COMPLETED');
      expect(closed.events.map((e) => e.eventType!).filter((type) => type.startsWith('Lambda'))).toEqual([
        'LambdaFunctionScheduled',
        'LambdaFunctionStarted',
        'LambdaFunctionCompleted',
      ]);
      expect(JSON.parse(attributesOf(closed.events, 'LambdaFunctionCompleted')[0].result as string)).toEqual({ released: true, runs: 2 });
      const result = parseJson<LambdaProbeResult>(attributesOf(closed.events, 'WorkflowExecutionCompleted')[0].result as string)!;
      expect(result.tasks).toEqual([expect.objectContaining({ id: 'wait', status: 'completed', attempt: 1 })]);
    } finally {
      // Stopping swf-local first answers the decider's held long poll, so the decider stops at once.
      second.child.kill('SIGTERM');
      await second.exited;
      await workers.stopAll();
      swf.destroy();
    }
  });

  it('refuses a bad --lambda mapping with a one-line error', async () => {
    await expect(startLocalProcess(['--lambda', 'NoEquals'])).rejects.toThrow(/Lambda function "NoEquals": give NAME=\.\/handler\.js/);
    await expect(startLocalProcess(['--lambda', `Gone=${join(work, 'missing.js')}`])).rejects.toThrow(/Lambda function Gone: no file/);
  });
});
