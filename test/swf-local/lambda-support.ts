import { DescribeWorkflowExecutionCommand, HistoryEvent, SWFClient } from '@aws-sdk/client-swf';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowDefinition } from '../../lib/worker/decider';
import type { LambdaTaskView } from '../../lib/worker/history';

/** A role ARN SWF could assume (swf-local checks the form only). */
export const LAMBDA_ROLE = 'arn:aws:iam::123456789012:role/swf-lambda';

/** Lambda handlers (plain Node modules, as a user writes them) in a temporary directory. */
export function writeHandlers(): { dir: string; path(name: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'swf-local-lambda-'));
  const files: Record<string, string> = {
    // async handler: echoes its event and what the context told it
    'echo.js': `exports.handler = async (event, context) => ({
      echo: event, functionName: context.functionName, hasTimeLeft: context.getRemainingTimeInMillis() > 0 });`,
    // callback-style handler under another export name
    'score.js': `exports.score = (event, context, callback) => callback(null, { score: event.amountCents > 5000 ? 90 : 10 });`,
    // throws an error of its own type
    'reject.js': `class FraudSuspected extends Error { constructor(m) { super(m); this.name = 'FraudSuspected'; } }
      exports.handler = async (event) => { throw new FraudSuspected('order ' + event.orderId + ' looks fraudulent'); };`,
    // fails on its first run for a marker file, succeeds afterwards
    'flaky.js': `const fs = require('node:fs');
      exports.handler = async (event) => {
        if (!fs.existsSync(event.marker)) { fs.writeFileSync(event.marker, 'x'); throw new Error('gateway glitch'); }
        return { ok: true };
      };`,
    // never answers; writes its pid first when asked to
    'hang.js': `exports.handler = (event) => {
        if (event && event.pidFile) require('node:fs').writeFileSync(event.pidFile, String(process.pid));
        return new Promise(() => undefined);
      };`,
    // a result past SWF's 32,768-character limit
    'big.js': `exports.handler = async () => 'x'.repeat(40000);`,
  };
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  return { dir, path: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One Lambda task the probe workflow schedules. */
export interface ProbeLambda {
  readonly id: string;
  readonly name: string;
  readonly input?: unknown;
  readonly startToClose?: number;
  /** Schedule it again with the same id after a failure or timeout, until this many attempts. @default 1 */
  readonly attempts?: number;
}

export interface LambdaProbeResult {
  readonly tasks: Array<Pick<LambdaTaskView, 'id' | 'status' | 'attempt' | 'result' | 'reason' | 'details' | 'timeoutType'>>;
  readonly decisionFailures: Array<{ eventType: string; cause: string; id?: string }>;
}

/**
 * A workflow driven by the real runtime: it schedules each listed Lambda task, retries failures with the same id
 * (like the example's steps), and completes with the decider's view of the tasks once none is open.
 */
export const lambdaProbe: WorkflowDefinition = {
  name: 'LambdaProbe',
  decide: (h, d) => {
    const tasks = JSON.parse(h.input ?? '[]') as ProbeLambda[];
    const decisions = [];
    for (const task of tasks) {
      const last = h.lambdaTask(task.id);
      const failedSchedule = h.decisionFailures.some((failure) => failure.id === task.id);
      const retry = last && ['failed', 'timedOut', 'startFailed'].includes(last.status) && last.attempt < (task.attempts ?? 1);
      if ((!last && !failedSchedule) || retry) {
        decisions.push(d.scheduleLambda({ id: task.id, name: task.name, input: task.input, startToCloseTimeout: task.startToClose }));
      }
    }
    if (decisions.length > 0 || h.openLambdaTasks().length > 0) return decisions;
    const result: LambdaProbeResult = {
      tasks: h.lambdaTasks.map(({ id, status, attempt, result, reason, details, timeoutType }) => ({
        id,
        status,
        attempt,
        result,
        reason,
        details,
        timeoutType,
      })),
      decisionFailures: h.decisionFailures.map(({ eventType, cause, id }) => ({ eventType, cause, id })),
    };
    return [d.complete(result)];
  },
};

/** Polls DescribeWorkflowExecution until `check` holds (the test's own timeout bounds the wait). */
export async function waitUntil(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  // No bound of its own: the test's timeout ends a wait that never comes true (`what` names it in the stack).
  for (;;) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25, what));
  }
}

export async function openLambdaFunctions(swf: SWFClient, domain: string, execution: { workflowId: string; runId: string }): Promise<number> {
  const described = await swf.send(new DescribeWorkflowExecutionCommand({ domain, execution }));
  return described.openCounts?.openLambdaFunctions ?? -1;
}

export function processGone(pidFile: string): boolean {
  if (!existsSync(pidFile)) return false;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 0);
    return false;
  } catch {
    return true;
  }
}

export function attributesOf(events: HistoryEvent[], eventType: string): Record<string, unknown>[] {
  const key = eventType.charAt(0).toLowerCase() + eventType.slice(1) + 'EventAttributes';
  return events.filter((event) => event.eventType === eventType).map((event) => (event as unknown as Record<string, Record<string, unknown>>)[key]);
}
