import { IAM_ROLE_ARN, LAMBDA_SCHEDULE_QUOTA, LAMBDA_TASK_LIMITS } from '../../common/lambda-limits';
import type { LambdaTaskSettings } from '../env';
import { clip, LambdaOutcome } from '../lambda/invoker';
import type { DataPlane } from './core';
import { durationMs, ExecutionRecord, isOpen, LambdaTaskState } from './model';

interface TaskKey {
  runId: string;
  id: string;
  scheduledEventId: number;
}

const keyOf = (k: TaskKey) => JSON.stringify([k.runId, k.scheduledEventId]);

/**
 * Runs the Lambda tasks of open executions: starts scheduled ones (at most `concurrency` at once, the others wait
 * scheduled), records how each run ended, and abandons runs whose task closed (timed out, execution closed).
 * A task that had started when swf-local stopped is run again after a restart, unless its start-to-close timeout
 * passed meanwhile (then it times out): swf-local cannot know how the earlier run ended.
 */
export class LambdaTasks {
  private readonly running = new Map<string, AbortController>();
  private readonly waiting = new Map<string, TaskKey>();
  /** Keys in `waiting` by runId, so revisiting one execution does not scan every waiting task (100k after a restart). */
  private readonly waitingByRun = new Map<string, Set<string>>();
  private bucket?: { tokens: number; at: number };
  private closed = false;

  constructor(
    private readonly plane: DataPlane,
    private readonly settings: LambdaTaskSettings | undefined,
    private readonly log: (message: string) => void,
  ) {}

  /** swf-local has a way to run functions (else scheduling fails with LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION). */
  get available(): boolean {
    return this.settings !== undefined;
  }

  /**
   * Takes a ScheduleLambdaFunction token, when throttling is on. `at` is the decision task's completion time, so
   * all decisions of one response see the same bucket.
   */
  takeScheduleToken(at: number): boolean {
    if (!this.settings?.throttled) return true;
    const bucket = this.bucket ?? { tokens: LAMBDA_SCHEDULE_QUOTA.size, at };
    bucket.tokens = Math.min(LAMBDA_SCHEDULE_QUOTA.size, bucket.tokens + (Math.max(0, at - bucket.at) / 1000) * LAMBDA_SCHEDULE_QUOTA.refillPerSecond);
    bucket.at = Math.max(bucket.at, at);
    this.bucket = bucket;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Called (inside a change) for every execution the change touched. */
  revisit(runId: string, execution: ExecutionRecord | undefined): void {
    const open = execution && isOpen(execution) ? (execution.lambdaFunctions ?? {}) : {};
    const openKeys = new Set(Object.values(open).map((task) => keyOf({ runId, id: task.id, scheduledEventId: task.scheduledEventId })));
    for (const [key, controller] of this.running) {
      if (JSON.parse(key)[0] === runId && !openKeys.has(key)) {
        this.running.delete(key);
        controller.abort();
      }
    }
    for (const key of this.waitingByRun.get(runId) ?? []) if (!openKeys.has(key)) this.unwait(key, runId);
    for (const task of Object.values(open)) {
      const key = keyOf({ runId, id: task.id, scheduledEventId: task.scheduledEventId });
      if (!this.running.has(key) && !this.waiting.has(key)) this.wait(key, { runId, id: task.id, scheduledEventId: task.scheduledEventId });
    }
    this.fill();
  }

  close(): void {
    this.closed = true;
    this.waiting.clear();
    this.waitingByRun.clear();
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
    this.settings?.invoker.close();
  }

  private wait(key: string, task: TaskKey): void {
    this.waiting.set(key, task);
    let keys = this.waitingByRun.get(task.runId);
    if (!keys) this.waitingByRun.set(task.runId, (keys = new Set()));
    keys.add(key);
  }

  private unwait(key: string, runId: string): void {
    this.waiting.delete(key);
    const keys = this.waitingByRun.get(runId);
    keys?.delete(key);
    if (keys?.size === 0) this.waitingByRun.delete(runId);
  }

  private fill(): void {
    if (!this.settings || this.closed) return;
    for (const [key, next] of this.waiting) {
      if (this.running.size >= this.settings.concurrency) return;
      this.unwait(key, next.runId);
      const execution = this.plane.execution(next.runId);
      const task = execution?.lambdaFunctions?.[next.id];
      if (!execution || !isOpen(execution) || task?.scheduledEventId !== next.scheduledEventId) continue;
      this.start(execution, task, key);
    }
  }

  private start(execution: ExecutionRecord, task: LambdaTaskState, key: string): void {
    const { plane } = this;
    const problem = this.startProblem(execution, task);
    if (problem) {
      plane.record(execution, 'StartLambdaFunctionFailed', {
        scheduledEventId: task.scheduledEventId,
        cause: problem.cause,
        message: clip(problem.message, LAMBDA_TASK_LIMITS.maxStartFailureMessageLength),
      });
      this.closeTask(execution, task);
      return;
    }
    const timeoutMs = durationMs(task.startToCloseTimeout)!;
    if (task.startedAt === undefined) {
      task.startedEventId = plane.record(execution, 'LambdaFunctionStarted', { scheduledEventId: task.scheduledEventId });
      task.startedAt = plane.now();
      plane.save(execution);
    } else if (task.startedAt + timeoutMs <= plane.now()) {
      return; // started before a restart and out of time: its timeout fires instead
    } else {
      this.log(`swf-local: running Lambda task ${task.id} (${task.name}) of run ${execution.runId} again: it was running when swf-local stopped`);
    }
    const controller = new AbortController();
    this.running.set(key, controller);
    const ref = { runId: execution.runId, id: task.id, scheduledEventId: task.scheduledEventId };
    this.settings!.invoker.invoke({
      functionName: task.name,
      input: task.input,
      remainingMs: task.startedAt! + timeoutMs - plane.now(),
      signal: controller.signal,
    }).then(
      (outcome) => this.finish(ref, key, controller, outcome),
      (err: unknown) => this.finish(ref, key, controller, { status: 'failed', reason: 'ServiceException', details: String(err) }),
    );
  }

  private startProblem(execution: ExecutionRecord, task: LambdaTaskState): { cause?: string; message: string } | undefined {
    const role = execution.lambdaRole ?? '';
    if (!IAM_ROLE_ARN.test(role)) {
      return { cause: 'ASSUME_ROLE_FAILED', message: `Could not assume role ${role}: it is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)` };
    }
    const reason = this.settings!.invoker.cannotRun(task.name);
    return reason === undefined ? undefined : { message: reason };
  }

  private finish(ref: TaskKey, key: string, controller: AbortController, outcome: LambdaOutcome): void {
    if (this.running.get(key) !== controller) return; // abandoned: the task closed without this run
    this.running.delete(key);
    try {
      this.plane.mutate(() => {
        const execution = this.plane.execution(ref.runId);
        const task = execution?.lambdaFunctions?.[ref.id];
        if (execution && isOpen(execution) && task?.scheduledEventId === ref.scheduledEventId) {
          const ids = { scheduledEventId: task.scheduledEventId, startedEventId: task.startedEventId };
          if (outcome.status === 'completed') {
            this.plane.record(execution, 'LambdaFunctionCompleted', { ...ids, result: outcome.result });
          } else {
            this.plane.record(execution, 'LambdaFunctionFailed', { ...ids, reason: outcome.reason, details: outcome.details });
          }
          this.closeTask(execution, task);
        }
        this.fill();
      });
      // Durable before anyone can read it: what a client was shown survives a crash.
      this.plane.store.commit();
    } catch (err) {
      this.log(`swf-local: recording the end of Lambda task ${ref.id} of run ${ref.runId} failed: ${(err as Error).stack ?? err}`);
    }
  }

  private closeTask(execution: ExecutionRecord, task: LambdaTaskState): void {
    delete execution.lambdaFunctions![task.id];
    this.plane.save(execution);
    this.plane.requestDecision(execution);
  }
}
