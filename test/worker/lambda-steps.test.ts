/**
 * The runtime's Lambda tasks: `decisions.scheduleLambda` and the history's Lambda task view, which has the shape of
 * the activity view, so one retrying step helper serves both. Run against swf-local (functions run offline).
 */
import type { Decision } from '@aws-sdk/client-swf';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../../lib/worker/decider';
import { decisionBuilders } from '../../lib/worker/decisions';
import { jsonActivity } from '../../lib/worker/activity-worker';
import { parseJson } from '../../lib/worker/json';
import { startLocalSwf, StartedLocalSwf } from '../support/swf-local';
import { LAMBDA_ROLE, writeHandlers } from '../swf-local/lambda-support';
import { registerTypes, startExecution, unique, waitForClose, Workers } from './support';

/** What both kinds of step expose about their latest attempt. */
interface StepView {
  readonly attempt: number;
  readonly status: string;
  readonly result?: string;
}

/** A user's generic step: schedule, wait while open, retry a failure up to three attempts. */
function step(last: StepView | undefined, schedule: () => Decision, retry: () => Decision): { done: boolean; decisions: Decision[] } {
  if (!last) return { done: false, decisions: [schedule()] };
  if (last.status === 'completed') return { done: true, decisions: [] };
  if (last.status === 'scheduled' || last.status === 'started') return { done: false, decisions: [] };
  return { done: false, decisions: last.attempt < 3 ? [retry()] : [] };
}

describe('Lambda and activity steps in one decider', () => {
  const handlers = writeHandlers();
  let local: StartedLocalSwf;
  const workers = new Workers();
  const domain = unique('steps');
  const taskList = unique('decisions');
  const marker = join(handlers.dir, 'lambda.flag');

  const workflow: WorkflowDefinition = {
    name: 'Steps',
    decide: (h, d) => {
      const activity = step(
        h.activity('copy'),
        () => d.scheduleActivity({ activityId: 'copy', name: 'Copy', version: '1', input: { attempt: 1 } }),
        () => d.scheduleActivity({ activityId: 'copy', name: 'Copy', version: '1', input: { attempt: h.activity('copy')!.attempt + 1 } }),
      );
      const lambda = step(
        h.lambdaTask('check'),
        () => d.scheduleLambda({ id: 'check', name: 'Flaky', input: { marker }, startToCloseTimeout: 20 }),
        () => d.scheduleLambda({ id: 'check', name: 'Flaky', input: { marker }, startToCloseTimeout: 20 }),
      );
      const decisions = [...activity.decisions, ...lambda.decisions];
      if (!activity.done || !lambda.done) return decisions;
      return [
        d.complete({
          activity: h.activities.map((a) => [a.attempt, a.status]),
          lambda: h.lambdaTasks.map((t) => [t.attempt, t.status, t.reason ?? null]),
          lambdaResult: parseJson(h.lambdaTask('check')!.result),
          open: h.openLambdaTasks().length,
        }),
      ];
    },
  };

  beforeAll(async () => {
    local = await startLocalSwf({ longPollTimeoutMs: 1_000, lambda: { functions: [`Flaky=${handlers.path('flaky.js')}`] } });
    await registerTypes(local.swf, domain, { taskList, workflow: 'Steps', activities: [{ name: 'Copy' }], defaultLambdaRole: LAMBDA_ROLE });
    workers.decider({ swf: local.swf, domain, taskList, workflows: [workflow] });
    workers.activity({
      swf: local.swf,
      domain,
      taskList: `${taskList}-activities`,
      activities: {
        Copy: jsonActivity(async ({ attempt }: { attempt: number }) => {
          if (attempt === 1) throw new Error('disk full');
          return { copied: true };
        }),
      },
    });
  });
  afterAll(async () => {
    await workers.stopAll();
    await local?.stop();
    handlers.remove();
  });

  it('retries a failed Lambda task by id exactly as a failed activity, and sees both complete', async () => {
    const execution = await startExecution(local.swf, domain, 'Steps');
    const { closeStatus, events } = await waitForClose(local.swf, domain, execution, 50_000);
    expect(closeStatus).toBe('COMPLETED');
    const result = JSON.parse(events[events.length - 1].workflowExecutionCompletedEventAttributes!.result!);
    expect(result).toEqual({
      activity: [
        [1, 'failed'],
        [2, 'completed'],
      ],
      lambda: [
        [1, 'failed', 'Error'],
        [2, 'completed', null],
      ],
      lambdaResult: { ok: true },
      open: 0,
    });
  });
});

describe('decisions.scheduleLambda', () => {
  const d = decisionBuilders();

  it('builds a ScheduleLambdaFunction decision, JSON-encoding a non-string input', () => {
    expect(d.scheduleLambda({ id: 'check', name: 'arn:aws:lambda:us-east-1:123456789012:function:Check', input: { a: 1 }, control: 'c', startToCloseTimeout: 60 })).toEqual({
      decisionType: 'ScheduleLambdaFunction',
      scheduleLambdaFunctionDecisionAttributes: {
        id: 'check',
        name: 'arn:aws:lambda:us-east-1:123456789012:function:Check',
        input: '{"a":1}',
        control: 'c',
        startToCloseTimeout: '60',
      },
    });
  });

  it('refuses a start-to-close timeout SWF would reject, naming the range', () => {
    expect(() => d.scheduleLambda({ id: 'x', name: 'F', startToCloseTimeout: 901 })).toThrow("A Lambda task's startToCloseTimeout must be 1-900 seconds, got 901");
    expect(() => d.scheduleLambda({ id: 'x', name: 'F', startToCloseTimeout: 0 })).toThrow(/1-900 seconds, got 0/);
  });
});
