import {
  DescribeWorkflowExecutionCommand,
  GetWorkflowExecutionHistoryCommand,
  HistoryEvent,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  StartWorkflowExecutionCommand,
  SWFClient,
} from '@aws-sdk/client-swf';
import { setTimeout as sleep } from 'node:timers/promises';
import { ActivityWorker, ActivityWorkerOptions } from '../../lib/worker/activity-worker';
import { Decider, DeciderOptions } from '../../lib/worker/decider';
import { silentLogger, WorkerLogger } from '../../lib/worker/log';

let counter = 0;
/** A name no other test in this file uses (tests share one swf-local per file). */
export function unique(prefix: string): string {
  return `${prefix}-${process.pid}-${++counter}`;
}

export interface ActivityTypeSpec {
  readonly name: string;
  readonly version?: string;
  readonly scheduleToStart?: string;
  readonly startToClose?: string;
  readonly scheduleToClose?: string;
  readonly heartbeat?: string;
}

/** Registers a domain, one workflow type and some activity types, all defaulting to `taskList`. */
export async function registerTypes(
  swf: SWFClient,
  domain: string,
  options: {
    taskList: string;
    activityTaskList?: string;
    workflow: string;
    version?: string;
    decisionTimeout?: string;
    activities?: ActivityTypeSpec[];
    /** The workflow type's defaultLambdaRole (for Lambda tasks). */
    defaultLambdaRole?: string;
  },
): Promise<void> {
  await swf.send(new RegisterDomainCommand({ name: domain, workflowExecutionRetentionPeriodInDays: '1' }));
  await swf.send(
    new RegisterWorkflowTypeCommand({
      domain,
      name: options.workflow,
      version: options.version ?? '1',
      defaultTaskList: { name: options.taskList },
      defaultExecutionStartToCloseTimeout: '300',
      defaultTaskStartToCloseTimeout: options.decisionTimeout ?? '5',
      defaultChildPolicy: 'TERMINATE',
      defaultLambdaRole: options.defaultLambdaRole,
    }),
  );
  for (const activity of options.activities ?? []) {
    await swf.send(
      new RegisterActivityTypeCommand({
        domain,
        name: activity.name,
        version: activity.version ?? '1',
        defaultTaskList: { name: options.activityTaskList ?? options.taskList + '-activities' },
        defaultTaskScheduleToStartTimeout: activity.scheduleToStart ?? '60',
        defaultTaskStartToCloseTimeout: activity.startToClose ?? '60',
        defaultTaskScheduleToCloseTimeout: activity.scheduleToClose ?? '120',
        defaultTaskHeartbeatTimeout: activity.heartbeat ?? 'NONE',
      }),
    );
  }
}

export async function startExecution(swf: SWFClient, domain: string, workflow: string, input?: string, workflowId = unique('wf')) {
  const { runId } = await swf.send(
    new StartWorkflowExecutionCommand({ domain, workflowId, workflowType: { name: workflow, version: '1' }, input }),
  );
  return { workflowId, runId: runId! };
}

export async function history(swf: SWFClient, domain: string, execution: { workflowId: string; runId: string }): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextPageToken: string | undefined;
  do {
    const page = await swf.send(new GetWorkflowExecutionHistoryCommand({ domain, execution, nextPageToken }));
    events.push(...(page.events ?? []));
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return events;
}

/** Polls DescribeWorkflowExecution until the execution closes; returns the close status and full history. */
export async function waitForClose(swf: SWFClient, domain: string, execution: { workflowId: string; runId: string }, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const described = await swf.send(new DescribeWorkflowExecutionCommand({ domain, execution }));
    if (described.executionInfo?.executionStatus === 'CLOSED') {
      const events = await history(swf, domain, execution);
      return { closeStatus: described.executionInfo.closeStatus, events };
    }
    if (Date.now() > deadline) throw new Error(`execution ${execution.workflowId} still open after ${timeoutMs} ms`);
    await sleep(100);
  }
}

export function closingEvent(events: HistoryEvent[]): HistoryEvent {
  return events[events.length - 1];
}

export function eventsOfType(events: HistoryEvent[], type: string): HistoryEvent[] {
  return events.filter((event) => event.eventType === type);
}

/** Records every log line so a test can assert the runtime said what happened (and print it on failure). */
export function recordingLogger(): WorkerLogger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${fields ? JSON.stringify(fields) : ''}`);
  };
  return { lines, info: push('INFO'), warn: push('WARN'), error: push('ERROR') };
}

/** Workers started in a test: stopped (drained) in afterEach via `stopAll`. */
export class Workers {
  private readonly running: Array<ActivityWorker | Decider> = [];

  activity(options: Omit<ActivityWorkerOptions, 'logger'> & { logger?: WorkerLogger }): ActivityWorker {
    const worker = new ActivityWorker({ logger: silentLogger, drainSeconds: 5, ...options });
    worker.start();
    this.running.push(worker);
    return worker;
  }

  decider(options: Omit<DeciderOptions, 'logger'> & { logger?: WorkerLogger }): Decider {
    const decider = new Decider({ logger: silentLogger, drainSeconds: 5, ...options });
    decider.start();
    this.running.push(decider);
    return decider;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.running.splice(0).map((worker) => worker.stop()));
  }
}

/** What the probe workflow schedules: one activity per entry, all at the start. */
export interface ProbeActivity {
  readonly id: string;
  readonly name: string;
  readonly input?: string;
  readonly scheduleToStart?: number;
  readonly startToClose?: number;
  readonly scheduleToClose?: number;
  readonly heartbeat?: number;
  readonly taskList?: string;
}

export interface ProbeInput {
  readonly activities: readonly ProbeActivity[];
  /** Throw from decide until one decision task has timed out (user-code bug the runtime must survive). */
  readonly throwUntilDecisionTimeout?: boolean;
}

/** Signal name that makes the probe request cancellation of every open activity. */
export const CANCEL_SIGNAL = 'cancel-activities';

/**
 * A test workflow that reports what the decider saw: it schedules the listed activities, requests their cancellation
 * on the CANCEL_SIGNAL, and completes with the decider's view of each activity once all are closed.
 */
export const probeWorkflow = {
  name: 'Probe',
  decide: ((h, d) => {
    const input = JSON.parse(h.input ?? '{}') as ProbeInput;
    if (input.throwUntilDecisionTimeout && h.decisionTaskTimeouts === 0) throw new Error('simulated bug in decide');
    const decisions = [];
    for (const a of input.activities) {
      if (!h.activity(a.id)) {
        decisions.push(
          d.scheduleActivity({
            activityId: a.id,
            name: a.name,
            version: '1',
            input: a.input,
            taskList: a.taskList,
            scheduleToStartTimeout: a.scheduleToStart,
            startToCloseTimeout: a.startToClose,
            scheduleToCloseTimeout: a.scheduleToClose,
            heartbeatTimeout: a.heartbeat,
          }),
        );
      }
    }
    if (h.signalsNamed(CANCEL_SIGNAL).length > 0) {
      for (const open of h.openActivities()) if (!open.cancelRequested) decisions.push(d.requestCancelActivity(open.activityId));
    }
    if (decisions.length > 0 || h.openActivities().length > 0) return decisions;
    return [
      d.complete({
        decisionTaskTimeouts: h.decisionTaskTimeouts,
        activities: h.activities.map(({ activityId, status, timeoutType, reason, details, result, attempt, cancelRequested }) => ({
          activityId,
          status,
          timeoutType,
          reason,
          details,
          result,
          attempt,
          cancelRequested,
        })),
      }),
    ];
  }) as import('../../lib/worker/decider').DecideFunction,
};

export interface ProbeResult {
  decisionTaskTimeouts: number;
  activities: Array<{
    activityId: string;
    status: string;
    timeoutType?: string;
    reason?: string;
    details?: string;
    result?: string;
    attempt: number;
    cancelRequested: boolean;
  }>;
}

export function probeResult(events: HistoryEvent[]): ProbeResult {
  const result = closingEvent(events).workflowExecutionCompletedEventAttributes?.result;
  if (result === undefined) throw new Error(`The probe did not complete: last event ${closingEvent(events).eventType}`);
  return JSON.parse(result) as ProbeResult;
}
