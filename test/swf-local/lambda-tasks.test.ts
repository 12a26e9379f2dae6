/**
 * Lambda tasks run by swf-local offline: functions mapped to Node handler files run in a child process. The decider
 * is the real runtime (Decider + scheduleLambda + the history's Lambda task view) talking to swf-local over HTTP.
 */
import {
  GetWorkflowExecutionHistoryCommand,
  PollForDecisionTaskCommand,
  RegisterWorkflowTypeCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  SWFClient,
  TerminateWorkflowExecutionCommand,
} from '@aws-sdk/client-swf';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../../lib/worker/json';
import { startLocalSwf, StartedLocalSwf } from '../support/swf-local';
import { registerTypes, unique, waitForClose, Workers } from '../worker/support';
import {
  attributesOf,
  LAMBDA_ROLE,
  lambdaProbe,
  LambdaProbeResult,
  openLambdaFunctions,
  ProbeLambda,
  processGone,
  waitUntil,
  writeHandlers,
} from './lambda-support';

const handlers = writeHandlers();
afterAll(() => handlers.remove());

const functions = () => [
  `Echo=${handlers.path('echo.js')}`,
  `Score=${handlers.path('score.js')}#score`,
  `Reject=${handlers.path('reject.js')}`,
  `Flaky=${handlers.path('flaky.js')}`,
  `Hang=${handlers.path('hang.js')}`,
  `Big=${handlers.path('big.js')}`,
];

interface Setup {
  local: StartedLocalSwf;
  domain: string;
  taskList: string;
}

async function setUp(options: Parameters<typeof startLocalSwf>[0]): Promise<Setup> {
  const local = await startLocalSwf({ longPollTimeoutMs: 2_000, ...options });
  const domain = unique('lambda');
  const taskList = unique('decisions');
  await registerTypes(local.swf, domain, { taskList, workflow: lambdaProbe.name });
  return { local, domain, taskList };
}

/** `lambdaRole: null` starts the execution without a role. */
async function startProbe(swf: SWFClient, setup: Setup, tasks: ProbeLambda[], lambdaRole: string | null = LAMBDA_ROLE) {
  const workflowId = unique('probe');
  const { runId } = await swf.send(
    new StartWorkflowExecutionCommand({
      domain: setup.domain,
      workflowId,
      workflowType: { name: lambdaProbe.name, version: '1' },
      input: JSON.stringify(tasks),
      lambdaRole: lambdaRole ?? undefined,
    }),
  );
  return { workflowId, runId: runId! };
}

async function runProbe(setup: Setup, tasks: ProbeLambda[], lambdaRole?: string | null) {
  const execution = await startProbe(setup.local.swf, setup, tasks, lambdaRole);
  const closed = await waitForClose(setup.local.swf, setup.domain, execution, 50_000);
  expect(closed.closeStatus).toBe('COMPLETED');
  const completed = attributesOf(closed.events, 'WorkflowExecutionCompleted')[0];
  return { execution, events: closed.events, result: parseJson<LambdaProbeResult>(completed.result as string)! };
}

describe('swf-local Lambda tasks, run offline from handler files', () => {
  let setup: Setup;
  const workers = new Workers();
  beforeAll(async () => {
    setup = await setUp({ lambda: { functions: functions() } });
    workers.decider({ swf: setup.local.swf, domain: setup.domain, taskList: setup.taskList, workflows: [lambdaProbe], concurrency: 2 });
  });
  afterAll(async () => {
    await workers.stopAll();
    await setup?.local.stop();
  });

  it('runs the function with the task input as its event and hands its return value to the decider', async () => {
    const order = { orderId: 'o-1', amountCents: 7000 };
    const { events, result } = await runProbe(setup, [
      { id: 'echo', name: 'Echo', input: order },
      { id: 'score', name: 'Score', input: order, startToClose: 30 },
    ]);

    expect(result.tasks).toEqual([
      expect.objectContaining({ id: 'echo', status: 'completed', attempt: 1 }),
      expect.objectContaining({ id: 'score', status: 'completed', attempt: 1, result: JSON.stringify({ score: 90 }) }),
    ]);
    expect(JSON.parse(result.tasks[0].result!)).toEqual({ echo: order, functionName: 'Echo', hasTimeLeft: true });

    const scheduled = attributesOf(events, 'LambdaFunctionScheduled');
    expect(scheduled[0]).toEqual({
      id: 'echo',
      name: 'Echo',
      input: JSON.stringify(order),
      startToCloseTimeout: '900', // SWF's default when the decision gives none
      decisionTaskCompletedEventId: expect.any(Number),
    });
    expect(scheduled[1]).toMatchObject({ id: 'score', startToCloseTimeout: '30' });
    const scheduledIds = events.filter((e) => e.eventType === 'LambdaFunctionScheduled').map((e) => e.eventId);
    const started = events.filter((e) => e.eventType === 'LambdaFunctionStarted');
    expect(started.map((e) => e.lambdaFunctionStartedEventAttributes!.scheduledEventId).sort()).toEqual(scheduledIds.sort());
    const completed = attributesOf(events, 'LambdaFunctionCompleted').find((a) => a.scheduledEventId === scheduledIds[1]);
    expect(completed).toEqual({
      scheduledEventId: scheduledIds[1],
      startedEventId: started.find((e) => e.lambdaFunctionStartedEventAttributes!.scheduledEventId === scheduledIds[1])!.eventId,
      result: '{"score":90}',
    });
  });

  it('fails the task with the error type as reason and Lambda\'s error payload as details; the decider retries it by id', async () => {
    const marker = join(handlers.dir, `${unique('marker')}.flag`);
    const { events, result } = await runProbe(setup, [
      { id: 'charge', name: 'Flaky', input: { marker }, attempts: 3 },
      { id: 'fraud', name: 'Reject', input: { orderId: 'o-2' }, attempts: 2 },
    ]);

    const byId = (id: string) => result.tasks.filter((t) => t.id === id);
    expect(byId('charge').map((t) => [t.attempt, t.status])).toEqual([
      [1, 'failed'],
      [2, 'completed'],
    ]);
    expect(byId('charge')[0].reason).toBe('Error');
    expect(byId('fraud').map((t) => [t.attempt, t.status, t.reason])).toEqual([
      [1, 'failed', 'FraudSuspected'],
      [2, 'failed', 'FraudSuspected'],
    ]);
    const failed = attributesOf(events, 'LambdaFunctionFailed').find((a) => a.reason === 'FraudSuspected')!;
    expect(failed).toEqual({ scheduledEventId: expect.any(Number), startedEventId: expect.any(Number), reason: 'FraudSuspected', details: expect.any(String) });
    expect(JSON.parse(failed.details as string)).toMatchObject({ errorType: 'FraudSuspected', errorMessage: 'order o-2 looks fraudulent' });
  });

  it('times a task out at its start-to-close timeout, kills the run, and counts it open until then', async () => {
    const pidFile = join(handlers.dir, `${unique('pid')}.txt`);
    const execution = await startProbe(setup.local.swf, setup, [{ id: 'stuck', name: 'Hang', input: { pidFile }, startToClose: 2 }]);
    await waitUntil(() => existsSync(pidFile), 'the function to run');
    expect(processGone(pidFile)).toBe(false);
    expect(await openLambdaFunctions(setup.local.swf, setup.domain, execution)).toBe(1);
    const closed = await waitForClose(setup.local.swf, setup.domain, execution, 50_000);
    const result = parseJson<LambdaProbeResult>(attributesOf(closed.events, 'WorkflowExecutionCompleted')[0].result as string)!;
    expect(result.tasks).toEqual([expect.objectContaining({ id: 'stuck', status: 'timedOut', timeoutType: 'START_TO_CLOSE' })]);
    expect(attributesOf(closed.events, 'LambdaFunctionTimedOut')).toEqual([
      { scheduledEventId: expect.any(Number), startedEventId: expect.any(Number), timeoutType: 'START_TO_CLOSE' },
    ]);
    await waitUntil(() => processGone(pidFile), 'the timed-out run to be killed');
    expect(await openLambdaFunctions(setup.local.swf, setup.domain, execution)).toBe(0);
  });

  it('fails a result past SWF\'s 32,768-character limit', async () => {
    const { result } = await runProbe(setup, [{ id: 'big', name: 'Big' }]);
    expect(result.tasks).toEqual([expect.objectContaining({ id: 'big', status: 'failed', reason: 'ResultTooLarge' })]);
  });

  it('schedule failures: no Lambda role (OPERATION_NOT_PERMITTED) and an id already open (ID_ALREADY_IN_USE)', async () => {
    const noRole = await runProbe(setup, [{ id: 'a', name: 'Echo' }], null);
    expect(noRole.result.decisionFailures).toEqual([{ eventType: 'ScheduleLambdaFunctionFailed', cause: 'OPERATION_NOT_PERMITTED', id: 'a' }]);
    expect(attributesOf(noRole.events, 'ScheduleLambdaFunctionFailed')).toEqual([
      { id: 'a', name: 'Echo', cause: 'OPERATION_NOT_PERMITTED', decisionTaskCompletedEventId: expect.any(Number) },
    ]);

    const twice = await runProbe(setup, [
      { id: 'same', name: 'Hang', startToClose: 1 },
      { id: 'same', name: 'Echo' },
    ]);
    expect(twice.result.decisionFailures).toEqual([{ eventType: 'ScheduleLambdaFunctionFailed', cause: 'ID_ALREADY_IN_USE', id: 'same' }]);
  });

  it('start failures: a role SWF cannot assume (ASSUME_ROLE_FAILED) and a function swf-local does not have', async () => {
    const badRole = await runProbe(setup, [{ id: 'a', name: 'Echo' }], 'not-a-role');
    expect(badRole.result.tasks).toEqual([expect.objectContaining({ id: 'a', status: 'startFailed', reason: 'ASSUME_ROLE_FAILED' })]);
    expect(attributesOf(badRole.events, 'StartLambdaFunctionFailed')).toEqual([
      { scheduledEventId: expect.any(Number), cause: 'ASSUME_ROLE_FAILED', message: expect.stringContaining('not-a-role') },
    ]);
    expect(badRole.events.some((e) => e.eventType === 'LambdaFunctionStarted')).toBe(false);

    const unknown = await runProbe(setup, [{ id: 'b', name: 'NoSuchFunction' }]);
    expect(unknown.result.tasks).toEqual([expect.objectContaining({ id: 'b', status: 'startFailed' })]);
    expect(attributesOf(unknown.events, 'StartLambdaFunctionFailed')[0].message).toMatch(/^Function not found: NoSuchFunction/);
  });

  it('takes the role from the workflow type\'s defaultLambdaRole when the start request gives none', async () => {
    const name = unique('WithRole');
    const taskList = unique('with-role');
    await setup.local.swf.send(
      new RegisterWorkflowTypeCommand({
        domain: setup.domain,
        name,
        version: '1',
        defaultTaskList: { name: taskList },
        defaultExecutionStartToCloseTimeout: '300',
        defaultTaskStartToCloseTimeout: '5',
        defaultChildPolicy: 'TERMINATE',
        defaultLambdaRole: LAMBDA_ROLE,
      }),
    );
    workers.decider({ swf: setup.local.swf, domain: setup.domain, taskList, workflows: [{ ...lambdaProbe, name }] });
    const workflowId = unique('wf');
    const { runId } = await setup.local.swf.send(
      new StartWorkflowExecutionCommand({ domain: setup.domain, workflowId, workflowType: { name, version: '1' }, input: '[{"id":"x","name":"Echo"}]' }),
    );
    const closed = await waitForClose(setup.local.swf, setup.domain, { workflowId, runId: runId! }, 50_000);
    expect(attributesOf(closed.events, 'WorkflowExecutionStarted')[0].lambdaRole).toBe(LAMBDA_ROLE);
    expect(closed.events.map((e) => e.eventType)).toContain('LambdaFunctionCompleted');
  });

  it('rejects a decision whose timeout is outside 1-900 s or whose input is too large, and applies none of it', async () => {
    const taskList = unique('raw');
    const workflowId = unique('wf');
    await setup.local.swf.send(
      new StartWorkflowExecutionCommand({
        domain: setup.domain,
        workflowId,
        workflowType: { name: lambdaProbe.name, version: '1' },
        taskList: { name: taskList },
        lambdaRole: LAMBDA_ROLE,
      }),
    );
    const task = await setup.local.swf.send(new PollForDecisionTaskCommand({ domain: setup.domain, taskList: { name: taskList } }));
    const schedule = (attributes: Record<string, unknown>) =>
      setup.local.swf.send(
        new RespondDecisionTaskCompletedCommand({
          taskToken: task.taskToken!,
          decisions: [
            { decisionType: 'ScheduleLambdaFunction', scheduleLambdaFunctionDecisionAttributes: { id: 'ok', name: 'Echo' } },
            { decisionType: 'ScheduleLambdaFunction', scheduleLambdaFunctionDecisionAttributes: { id: 'bad', name: 'Echo', ...attributes } },
          ],
        }),
      );
    await expect(schedule({ startToCloseTimeout: '901' })).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining("'decisions.2.member.scheduleLambdaFunctionDecisionAttributes.startToCloseTimeout'"),
    });
    await expect(schedule({ startToCloseTimeout: '0' })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(schedule({ input: 'x'.repeat(32_769) })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(schedule({ name: 'f'.repeat(65) })).rejects.toMatchObject({ name: 'ValidationException' });
    // Nothing was applied: the task is still the decider's to answer.
    await schedule({ startToCloseTimeout: '900' });
    await setup.local.swf.send(new TerminateWorkflowExecutionCommand({ domain: setup.domain, workflowId }));
  });
});

/** Answers the execution's first decision task with `count` ScheduleLambdaFunction decisions of one function. */
async function scheduleMany(setup: Setup, count: number, name: string) {
  const workflowId = unique('many');
  const { runId } = await setup.local.swf.send(
    new StartWorkflowExecutionCommand({
      domain: setup.domain,
      workflowId,
      workflowType: { name: lambdaProbe.name, version: '1' },
      lambdaRole: LAMBDA_ROLE,
    }),
  );
  const task = await setup.local.swf.send(new PollForDecisionTaskCommand({ domain: setup.domain, taskList: { name: setup.taskList } }));
  await setup.local.swf.send(
    new RespondDecisionTaskCompletedCommand({
      taskToken: task.taskToken!,
      decisions: Array.from({ length: count }, (_, i) => ({
        decisionType: 'ScheduleLambdaFunction' as const,
        scheduleLambdaFunctionDecisionAttributes: { id: `t-${i + 1}`, name },
      })),
    }),
  );
  const execution = { workflowId, runId: runId! };
  const events = [];
  let nextPageToken: string | undefined;
  do {
    const page = await setup.local.swf.send(new GetWorkflowExecutionHistoryCommand({ domain: setup.domain, execution, nextPageToken }));
    events.push(...page.events!);
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return { execution, events };
}

describe('swf-local Lambda task limits', () => {
  it('fails every schedule with LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION when swf-local has no way to run functions', async () => {
    delete process.env.AWS_ENDPOINT_URL_LAMBDA;
    const setup = await setUp({});
    const workers = new Workers();
    try {
      workers.decider({ swf: setup.local.swf, domain: setup.domain, taskList: setup.taskList, workflows: [lambdaProbe] });
      const { result } = await runProbe(setup, [{ id: 'a', name: 'Echo' }]);
      expect(result.decisionFailures).toEqual([{ eventType: 'ScheduleLambdaFunctionFailed', cause: 'LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION', id: 'a' }]);
    } finally {
      await workers.stopAll();
      await setup.local.stop();
    }
  });

  it('keeps at most 1,000 Lambda tasks open per execution (OPEN_LAMBDA_FUNCTIONS_LIMIT_EXCEEDED); the others wait their turn', async () => {
    // One run at a time: the 1,000 tasks stay open (one started, the rest scheduled).
    const setup = await setUp({ lambda: { functions: [`Hang=${handlers.path('hang.js')}`], concurrency: 1 } });
    try {
      const { execution, events } = await scheduleMany(setup, 1001, 'Hang');
      expect(events.filter((e) => e.eventType === 'LambdaFunctionScheduled')).toHaveLength(1000);
      expect(attributesOf(events, 'ScheduleLambdaFunctionFailed')).toEqual([
        { id: 't-1001', name: 'Hang', cause: 'OPEN_LAMBDA_FUNCTIONS_LIMIT_EXCEEDED', decisionTaskCompletedEventId: expect.any(Number) },
      ]);
      expect(await openLambdaFunctions(setup.local.swf, setup.domain, execution)).toBe(1000);
      await setup.local.swf.send(new TerminateWorkflowExecutionCommand({ domain: setup.domain, workflowId: execution.workflowId }));
      expect(await openLambdaFunctions(setup.local.swf, setup.domain, execution)).toBe(0);
    } finally {
      await setup.local.stop();
    }
  });

  it('with throttling on, draws ScheduleLambdaFunction decisions from a bucket of 1,000 (LAMBDA_FUNCTION_CREATION_RATE_EXCEEDED)', async () => {
    const setup = await setUp({ throttling: true, lambda: { functions: [`Echo=${handlers.path('echo.js')}`], concurrency: 2 } });
    try {
      const { execution, events } = await scheduleMany(setup, 1001, 'Echo');
      expect(attributesOf(events, 'ScheduleLambdaFunctionFailed')).toEqual([
        { id: 't-1001', name: 'Echo', cause: 'LAMBDA_FUNCTION_CREATION_RATE_EXCEEDED', decisionTaskCompletedEventId: expect.any(Number) },
      ]);
      await setup.local.swf.send(new TerminateWorkflowExecutionCommand({ domain: setup.domain, workflowId: execution.workflowId }));
    } finally {
      await setup.local.stop();
    }
  });
});
