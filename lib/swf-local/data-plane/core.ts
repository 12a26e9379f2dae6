import { randomBytes } from 'node:crypto';
import { unknownResource } from '../errors';
import type { SwfLocalEnv } from '../env';
import { DOMAINS, DomainRecord } from '../records';
import type { Store } from '../store';
import { appendEvent } from './history';
import { terminateExecution } from './lifecycle';
import { EXECUTIONS, ExecutionRecord, isOpen, OPEN_WORKFLOW_IDS, openKey } from './model';
import { DeadlineScheduler } from './scheduler';
import { QueuedTask, queueKey, TaskQueues } from './task-queues';
import { LambdaTasks } from './lambda-tasks';
import { RestartRestore } from './restart-restore';
import { fireDueDeadlines, nextDeadline } from './timeouts';

/** SWF's hard limit on an execution's history; past it the execution is terminated (EVENT_LIMIT_EXCEEDED). */
export const MAX_HISTORY_EVENTS = 25_000;

/**
 * The data plane's shared state and its bookkeeping rules. Every change runs inside `mutate()`; when the outermost
 * mutation ends, the executions it touched get their decision task scheduled (if one was asked for), their tasks
 * queued, their deadlines re-armed, and only then are waiting pollers woken.
 */
export class DataPlane {
  readonly store: Store;
  readonly queues: TaskQueues;
  /** Runs the Lambda tasks of open executions. */
  readonly lambdaTasks: LambdaTasks;
  private readonly scheduler: DeadlineScheduler;
  private readonly touched = new Set<string>();
  /** Executions changed in place since they were last journaled (one journal entry per change, not per edit). */
  private readonly unsaved = new Set<string>();
  private readonly decisionWanted = new Set<string>();
  private depth = 0;
  private readonly restore: RestartRestore;

  constructor(private readonly env: SwfLocalEnv) {
    this.store = env.store;
    this.queues = new TaskQueues(() => this.env.longPollTimeoutMs, (task) => this.isPending(task));
    this.scheduler = new DeadlineScheduler(env.now, (runId) => this.onDeadline(runId));
    this.lambdaTasks = new LambdaTasks(this, env.lambda, env.log);
    // After a restart: queue what was scheduled and re-arm every pending deadline, after the server answers (see
    // restart-restore.ts). Only open executions need it: reach them through the open-id index, so closed ones (most
    // of a big data directory) stay unparsed until something reads them.
    this.restore = new RestartRestore(
      [...this.store.values<string>(OPEN_WORKFLOW_IDS)],
      (runIds) => this.revive(runIds),
      (count, ms) => env.log(`swf-local: ${count} open executions restored (tasks queued, deadlines armed) in ${ms.toFixed(0)} ms`),
    );
  }

  now(): number {
    return this.env.now();
  }

  /** Runs a change; anything not yet restored after a restart is restored first, so tasks keep their order. */
  mutate<T>(change: () => T): T {
    if (this.depth === 0) this.restore.finish();
    return this.apply(change);
  }

  /** Runs a change that reads no task list and fires no deadline: it need not wait for the restart's restore. */
  read<T>(change: () => T): T {
    return this.apply(change);
  }

  private apply<T>(change: () => T): T {
    this.depth++;
    try {
      return change();
    } finally {
      this.depth--;
      if (this.depth === 0) this.settle();
    }
  }

  close(): void {
    this.restore.cancel();
    this.lambdaTasks.close();
    this.scheduler.close();
    this.queues.close();
  }

  // ---- lookups ----

  domain(name: string): DomainRecord {
    const domain = this.store.get<DomainRecord>(DOMAINS, name);
    if (!domain) throw unknownResource(`Unknown domain: ${name}`);
    return domain;
  }

  /** A domain that accepts new executions. */
  registeredDomain(name: string): DomainRecord {
    const domain = this.domain(name);
    if (domain.status !== 'REGISTERED') throw unknownResource(`Domain is deprecated: ${name}`);
    return domain;
  }

  execution(runId: string): ExecutionRecord | undefined {
    return this.store.get<ExecutionRecord>(EXECUTIONS, runId);
  }

  /** The execution (open or closed) named by workflowId and runId. */
  findExecution(domain: string, workflowId: string, runId: string): ExecutionRecord | undefined {
    const execution = this.execution(runId);
    return execution && execution.domain === domain && execution.workflowId === workflowId ? execution : undefined;
  }

  /** The open execution of workflowId (the given run, or the current one). */
  findOpenExecution(domain: string, workflowId: string, runId?: string): ExecutionRecord | undefined {
    const current = this.store.get<string>(OPEN_WORKFLOW_IDS, openKey(domain, workflowId));
    if (current === undefined || (runId !== undefined && runId !== current)) return undefined;
    const execution = this.execution(current);
    return execution && isOpen(execution) ? execution : undefined;
  }

  requireOpenExecution(domain: string, workflowId: string, runId?: string): ExecutionRecord {
    const execution = this.findOpenExecution(domain, workflowId, runId);
    if (!execution) {
      throw unknownResource(`Unknown execution: WorkflowExecution=[workflowId=${workflowId}, runId=${runId ?? ''}]`);
    }
    return execution;
  }

  // ---- changes ----

  newRunId(): string {
    return randomBytes(33).toString('base64');
  }

  /** Records a new execution (the caller fills in its first event). */
  addExecution(execution: ExecutionRecord): void {
    this.store.put(EXECUTIONS, execution.runId, execution);
    this.store.put(OPEN_WORKFLOW_IDS, openKey(execution.domain, execution.workflowId), execution.runId);
    this.touched.add(execution.runId);
  }

  /** Marks an execution changed in place (journaled; its tasks and deadlines are revisited when the change ends). */
  save(execution: ExecutionRecord): void {
    this.unsaved.add(execution.runId);
    this.touched.add(execution.runId);
  }

  record(execution: ExecutionRecord, eventType: string, attributes: Record<string, unknown>): number {
    this.touched.add(execution.runId);
    return appendEvent(this.store, execution, eventType, attributes, this.now());
  }

  /** Asks for a decision task; it is scheduled (once) after the current change's events. */
  requestDecision(execution: ExecutionRecord): void {
    this.decisionWanted.add(execution.runId);
  }

  markClosed(execution: ExecutionRecord): void {
    const key = openKey(execution.domain, execution.workflowId);
    if (this.store.get<string>(OPEN_WORKFLOW_IDS, key) === execution.runId) this.store.delete(OPEN_WORKFLOW_IDS, key);
  }

  // ---- internals ----

  /** After a restart: queues the tasks and arms the deadlines of these executions (a slice of the restore). */
  private revive(runIds: readonly string[]): void {
    try {
      this.apply(() => {
        for (const runId of runIds) {
          const execution = this.execution(runId);
          if (execution && isOpen(execution)) this.touched.add(runId);
        }
      });
      // Reviving can close an execution (past the history limit): durable before anyone can read it.
      if (this.depth === 0) this.store.commit();
    } catch (err) {
      this.env.log(`swf-local: restoring open executions after the restart failed: ${(err as Error).stack ?? err}`);
    }
  }

  private settle(): void {
    this.depth++;
    try {
      while (this.touched.size || this.decisionWanted.size) {
        for (const runId of this.decisionWanted) this.scheduleDecisionTask(runId);
        this.decisionWanted.clear();
        const touched = [...this.touched];
        this.touched.clear();
        for (const runId of touched) this.enforceHistoryLimit(runId);
        for (const runId of touched) this.revisit(runId);
        this.queues.flush();
      }
      for (const runId of this.unsaved) this.store.touch(EXECUTIONS, runId);
      this.unsaved.clear();
    } finally {
      this.depth--;
    }
  }

  private scheduleDecisionTask(runId: string): void {
    const execution = this.execution(runId);
    if (!execution || !isOpen(execution) || execution.decisionScheduled) return;
    const scheduleToStartTimeout = execution.originalTaskList === undefined ? undefined : execution.taskListScheduleToStartTimeout;
    const scheduledEventId = this.record(execution, 'DecisionTaskScheduled', {
      taskList: { name: execution.taskList },
      taskPriority: execution.taskPriority,
      startToCloseTimeout: execution.taskStartToCloseTimeout,
      scheduleToStartTimeout,
    });
    execution.decisionScheduled = {
      scheduledEventId,
      scheduledAt: this.now(),
      taskList: execution.taskList,
      taskPriority: execution.taskPriority,
      startToCloseTimeout: execution.taskStartToCloseTimeout,
      scheduleToStartTimeout,
    };
    this.save(execution);
  }

  private enforceHistoryLimit(runId: string): void {
    const execution = this.execution(runId);
    if (execution && isOpen(execution) && execution.nextEventId > MAX_HISTORY_EVENTS) {
      terminateExecution(this, execution, { cause: 'EVENT_LIMIT_EXCEEDED' });
    }
  }

  /** Queues the execution's waiting tasks and re-arms its deadline. */
  private revisit(runId: string): void {
    const execution = this.execution(runId);
    this.lambdaTasks.revisit(runId, execution);
    if (!execution || !isOpen(execution)) {
      this.scheduler.set(runId, undefined);
      return;
    }
    const decision = execution.decisionScheduled;
    if (decision && !execution.decisionStarted) {
      this.queues.enqueue(queueKey(execution.domain, 'decision', decision.taskList), {
        runId,
        scheduledEventId: decision.scheduledEventId,
        priority: Number(decision.taskPriority ?? 0),
      });
    }
    for (const activity of Object.values(execution.activities)) {
      if (activity.startedEventId !== undefined) continue;
      this.queues.enqueue(queueKey(execution.domain, 'activity', activity.taskList), {
        runId,
        scheduledEventId: activity.scheduledEventId,
        activityId: activity.activityId,
        priority: Number(activity.taskPriority ?? 0),
      });
    }
    this.scheduler.set(runId, nextDeadline(this, execution));
  }

  /** Whether a queued task is still waiting for a worker (not started, canceled or timed out since). */
  isPending(task: QueuedTask): boolean {
    const execution = this.execution(task.runId);
    if (!execution || !isOpen(execution)) return false;
    if (task.activityId === undefined) {
      return execution.decisionScheduled?.scheduledEventId === task.scheduledEventId && !execution.decisionStarted;
    }
    const activity = execution.activities[task.activityId];
    return activity?.scheduledEventId === task.scheduledEventId && activity.startedEventId === undefined;
  }

  private onDeadline(runId: string): void {
    try {
      this.mutate(() => {
        const execution = this.execution(runId);
        if (execution && isOpen(execution)) fireDueDeadlines(this, execution);
        this.touched.add(runId);
      });
      this.store.commit();
    } catch (err) {
      this.env.log(`swf-local: deadline processing failed for run ${runId}: ${(err as Error).stack ?? err}`);
    }
  }
}
