import { SWF_LIMITS } from '../common/swf-constraints';
import { ActivityType, RecordActivityTaskHeartbeatCommand, SWFClient, WorkflowExecution } from '@aws-sdk/client-swf';
import { retrySwfCall } from './backoff';
import { ActivityTaskGoneError, errorCode } from './errors';
import { toWireData } from './json';
import { errorMessage, WorkerLogger } from './log';

/** What an activity handler gets besides its input. */
export interface ActivityContext {
  readonly taskToken: string;
  readonly activityId: string;
  readonly activityType: ActivityType;
  readonly workflowExecution: WorkflowExecution;
  readonly startedEventId: number;
  readonly identity: string;
  /**
   * Aborts when the activity should stop: its cancellation was requested, the task timed out (SWF no longer knows
   * it), or the worker's drain deadline passed during shutdown. `signal.reason` says which ('cancel' | 'gone' | 'shutdown').
   */
  readonly signal: AbortSignal;
  /** Set once a heartbeat reported a cancel request. The task then ends as Canceled whatever the handler does. */
  readonly cancelRequested: boolean;
  /** The worker was asked to stop; the task still has until the drain deadline. */
  readonly shuttingDown: boolean;
  /**
   * Records a heartbeat (details: a string, or any value sent as JSON; at most 2,048 characters) and reports whether
   * cancellation was requested. Throttling and network errors are retried briefly and then only logged.
   * Throws ActivityTaskGoneError when SWF no longer knows the task.
   */
  heartbeat(details?: unknown): Promise<{ cancelRequested: boolean }>;
  readonly logger: WorkerLogger;
}

export type StopReason = 'cancel' | 'gone' | 'shutdown';

const HEARTBEAT_RETRY_MS = 15_000;

export interface ActivityTaskFacts {
  readonly taskToken: string;
  readonly activityId: string;
  readonly activityType: ActivityType;
  readonly workflowExecution: WorkflowExecution;
  readonly startedEventId: number;
}

export class ActivityTaskContext implements ActivityContext {
  readonly taskToken: string;
  readonly activityId: string;
  readonly activityType: ActivityType;
  readonly workflowExecution: WorkflowExecution;
  readonly startedEventId: number;
  cancelRequested = false;
  gone = false;
  /** The last details the handler reported: automatic heartbeats repeat them. */
  lastDetails?: string;
  private readonly controller = new AbortController();

  constructor(
    facts: ActivityTaskFacts,
    readonly identity: string,
    private readonly swf: SWFClient,
    readonly logger: WorkerLogger,
    private readonly isShuttingDown: () => boolean,
  ) {
    this.taskToken = facts.taskToken;
    this.activityId = facts.activityId;
    this.activityType = facts.activityType;
    this.workflowExecution = facts.workflowExecution;
    this.startedEventId = facts.startedEventId;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get shuttingDown(): boolean {
    return this.isShuttingDown();
  }

  stop(reason: StopReason): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  async heartbeat(details?: unknown): Promise<{ cancelRequested: boolean }> {
    const wire = toWireData(details);
    if (wire !== undefined && wire.length > SWF_LIMITS.heartbeatDetailsLength) {
      throw new Error(`Heartbeat details are ${wire.length} characters; SWF allows ${SWF_LIMITS.heartbeatDetailsLength}`);
    }
    if (details !== undefined) this.lastDetails = wire;
    return this.sendHeartbeat(wire);
  }

  /** The automatic heartbeat: repeats the last details, never throws. */
  async autoHeartbeat(): Promise<void> {
    try {
      await this.sendHeartbeat(this.lastDetails);
    } catch {
      // sendHeartbeat already logged it and, for a gone task, aborted the signal.
    }
  }

  private async sendHeartbeat(details: string | undefined): Promise<{ cancelRequested: boolean }> {
    if (this.gone) throw new ActivityTaskGoneError();
    const fields = { activityId: this.activityId, workflowId: this.workflowExecution.workflowId };
    const startedAt = Date.now();
    const outcome = await retrySwfCall(
      () => this.swf.send(new RecordActivityTaskHeartbeatCommand({ taskToken: this.taskToken, details })),
      { deadline: () => startedAt + HEARTBEAT_RETRY_MS },
    );
    if (outcome.ok) {
      if (outcome.value.cancelRequested && !this.cancelRequested) {
        this.cancelRequested = true;
        this.logger.info('activity cancellation requested', fields);
        this.stop('cancel');
      }
      return { cancelRequested: this.cancelRequested };
    }
    if (outcome.kind === 'gone') {
      this.gone = true;
      this.stop('gone');
      this.logger.warn('heartbeat: the activity task is no longer open (timed out or closed)', fields);
      throw new ActivityTaskGoneError();
    }
    if (outcome.kind === 'fatal') throw outcome.error;
    this.logger.warn('heartbeat not delivered', { ...fields, error: errorCode(outcome.error), message: errorMessage(outcome.error) });
    return { cancelRequested: this.cancelRequested };
  }
}
