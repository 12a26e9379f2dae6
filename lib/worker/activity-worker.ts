import { SWF_LIMITS } from '../common/swf-constraints';
import {
  PollForActivityTaskCommand,
  RespondActivityTaskCanceledCommand,
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
} from '@aws-sdk/client-swf';
import type { ActivityTask } from '@aws-sdk/client-swf';
import { ActivityContext, ActivityTaskContext } from './activity-context';
import { ActivityTaskGoneError } from './errors';
import { toWireData, truncate } from './json';
import { errorMessage } from './log';
import { PollingWorker, PollingWorkerOptions, settleOrAbort } from './polling-worker';

/**
 * Handles one activity task. `input` is the raw string SWF delivered (undefined when there was none).
 * The return value is the result: a string is sent as-is, `undefined` sends no result, anything else is sent as JSON.
 * A throw fails the task: reason = the error message (or ActivityFailure.reason), details = ActivityFailure.details
 * or the stack.
 */
export type ActivityHandler = (input: string | undefined, context: ActivityContext) => unknown;

/** Throw this from a handler to choose the failure reason and details SWF records. */
export class ActivityFailure extends Error {
  constructor(
    readonly reason: string,
    readonly details?: string,
  ) {
    super(reason);
    this.name = 'ActivityFailure';
  }
}

/** Wraps a handler that takes and returns JSON values: the input is parsed, the result is sent as JSON. */
export function jsonActivity<I = unknown, O = unknown>(handler: (input: I, context: ActivityContext) => O | Promise<O>): ActivityHandler {
  return (input, context) => {
    let parsed: I;
    try {
      parsed = (input === undefined || input === '' ? undefined : JSON.parse(input)) as I;
    } catch {
      throw new ActivityFailure('Invalid input: expected JSON', truncate(input, 1_000));
    }
    return handler(parsed, context);
  };
}

export interface ActivityWorkerOptions extends PollingWorkerOptions {
  /** Activity type name -> handler. Tasks of any version of that name go to the handler. */
  readonly activities: Readonly<Record<string, ActivityHandler>>;
  /**
   * Send a heartbeat every this many seconds while a handler runs (repeating the last details it reported), so
   * long activities with a heartbeat timeout stay alive and cancel requests are noticed. @default - off
   */
  readonly heartbeatIntervalSeconds?: number;
}

export const SHUTDOWN_FAILURE_REASON = 'worker shutting down';

/** Long-polls one task list for activity tasks and runs them through the matching handler. */
export class ActivityWorker extends PollingWorker<ActivityTask> {
  protected readonly kind = 'activity worker';
  private readonly activities: Readonly<Record<string, ActivityHandler>>;
  private readonly heartbeatIntervalMs?: number;

  constructor(options: ActivityWorkerOptions) {
    super(options, 4);
    const names = Object.keys(options.activities ?? {});
    if (names.length === 0) throw new Error('An activity worker needs at least one handler in activities');
    for (const name of names) {
      if (typeof options.activities[name] !== 'function') throw new Error(`activities.${name} must be a function (input, context) => result`);
    }
    if (options.heartbeatIntervalSeconds !== undefined && !(options.heartbeatIntervalSeconds > 0)) {
      throw new Error(`heartbeatIntervalSeconds must be > 0, got ${options.heartbeatIntervalSeconds}`);
    }
    this.activities = options.activities;
    this.heartbeatIntervalMs = options.heartbeatIntervalSeconds === undefined ? undefined : options.heartbeatIntervalSeconds * 1000;
  }

  protected async pollOnce(): Promise<ActivityTask | undefined> {
    const task = await this.swf.send(
      new PollForActivityTaskCommand({ domain: this.domain, taskList: { name: this.taskList }, identity: this.identity }),
    );
    return task.taskToken ? task : undefined;
  }

  protected async process(task: ActivityTask): Promise<void> {
    const taskToken = task.taskToken!;
    const name = task.activityType?.name ?? '';
    const fields = { activityId: task.activityId, type: `${name}@${task.activityType?.version}`, workflowId: task.workflowExecution?.workflowId };
    const fail = (reason: string, details?: string) =>
      this.respond('RespondActivityTaskFailed', fields, () =>
        this.swf.send(
          new RespondActivityTaskFailedCommand({
            taskToken,
            reason: truncate(reason, SWF_LIMITS.reasonLength),
            details: truncate(details, SWF_LIMITS.dataLength),
          }),
        ),
      );

    const handler = Object.prototype.hasOwnProperty.call(this.activities, name) ? this.activities[name] : undefined;
    if (!handler) {
      this.logger.error('no handler for this activity type; failing the task', fields);
      await fail(`Unknown activity type ${name}`, `This worker handles: ${Object.keys(this.activities).join(', ')}`);
      return;
    }
    if (this.drainSignal.aborted) {
      // A poll that was in flight when the drain deadline passed: there is no time left to run it.
      await fail(SHUTDOWN_FAILURE_REASON, 'The task arrived after the drain deadline');
      return;
    }

    const context = new ActivityTaskContext(
      {
        taskToken,
        activityId: task.activityId ?? '',
        activityType: task.activityType!,
        workflowExecution: task.workflowExecution!,
        startedEventId: task.startedEventId ?? 0,
      },
      this.identity,
      this.swf,
      this.logger,
      () => this.stopRequested,
    );
    const heartbeats = this.heartbeatIntervalMs === undefined ? undefined : setInterval(() => void context.autoHeartbeat(), this.heartbeatIntervalMs);
    const work = (async () => handler(task.input, context))();
    const outcome = await settleOrAbort(work, this.drainSignal);
    if (heartbeats) clearInterval(heartbeats);

    if (outcome.status === 'aborted') {
      context.stop('shutdown');
      work.catch(() => undefined); // its eventual result no longer matters
      this.logger.warn('drain deadline passed; failing the unfinished activity', fields);
      await fail(SHUTDOWN_FAILURE_REASON, `The activity did not finish within the ${this.drainSeconds} s drain deadline`);
      return;
    }
    if (context.gone || (outcome.status === 'threw' && outcome.error instanceof ActivityTaskGoneError)) {
      this.logger.warn('activity finished after its task was closed; nothing to report', fields);
      return;
    }
    if (context.cancelRequested) {
      const details = outcome.status === 'returned' ? safeWireData(outcome.value) : errorMessage(outcome.error);
      await this.respond('RespondActivityTaskCanceled', fields, () =>
        this.swf.send(new RespondActivityTaskCanceledCommand({ taskToken, details: truncate(details, SWF_LIMITS.dataLength) })),
      );
      return;
    }
    if (outcome.status === 'threw') {
      const { reason, details } = describeFailure(outcome.error);
      this.logger.warn('activity failed', { ...fields, reason });
      await fail(reason, details);
      return;
    }
    let result: string | undefined;
    try {
      result = toWireData(outcome.value);
    } catch (err) {
      await fail('Invalid result', errorMessage(err));
      return;
    }
    if (result !== undefined && result.length > SWF_LIMITS.dataLength) {
      await fail('Result too large', `The result is ${result.length} characters; SWF allows ${SWF_LIMITS.dataLength}`);
      return;
    }
    await this.respond('RespondActivityTaskCompleted', fields, () =>
      this.swf.send(new RespondActivityTaskCompletedCommand({ taskToken, result })),
    );
  }
}

function describeFailure(error: unknown): { reason: string; details?: string } {
  if (error instanceof ActivityFailure) return { reason: error.reason, details: error.details };
  if (error instanceof Error) return { reason: error.message || error.name, details: error.stack };
  return { reason: String(error) };
}

function safeWireData(value: unknown): string | undefined {
  try {
    return toWireData(value);
  } catch {
    return undefined;
  }
}
