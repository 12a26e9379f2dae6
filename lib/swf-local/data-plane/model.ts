/**
 * The data plane's durable records. Plain JSON (journaled as is); times are epoch milliseconds, durations are SWF's
 * strings of seconds (or "NONE").
 */

import type { ChildPolicyName, CloseStatusName } from '../../common/swf-constraints';

/** ExecutionRecord by runId. */
export const EXECUTIONS = 'executions';
/** HistoryEvent[] by runId, appended to event by event. */
export const HISTORIES = 'histories';
/** runId of the open execution by openKey(domain, workflowId). */
export const OPEN_WORKFLOW_IDS = 'openWorkflowIds';

export function openKey(domain: string, workflowId: string): string {
  return JSON.stringify([domain, workflowId]);
}

export interface TypeRef {
  name: string;
  version: string;
}

export interface ExecutionRef {
  workflowId: string;
  runId: string;
}

export type CloseStatus = CloseStatusName;
export type ChildPolicy = ChildPolicyName;

export interface DecisionTaskState {
  scheduledEventId: number;
  scheduledAt: number;
  taskList: string;
  taskPriority?: string;
  startToCloseTimeout: string;
  /** Only on a temporary task-list override (RespondDecisionTaskCompleted.taskListScheduleToStartTimeout). */
  scheduleToStartTimeout?: string;
  startedEventId?: number;
  startedAt?: number;
}

export interface ActivityState {
  activityId: string;
  activityType: TypeRef;
  scheduledEventId: number;
  scheduledAt: number;
  taskList: string;
  taskPriority?: string;
  input?: string;
  scheduleToStartTimeout: string;
  scheduleToCloseTimeout: string;
  startToCloseTimeout: string;
  heartbeatTimeout: string;
  startedEventId?: number;
  startedAt?: number;
  lastHeartbeatAt?: number;
  heartbeatDetails?: string;
  cancelRequestedEventId?: number;
}

export interface TimerState {
  timerId: string;
  startedEventId: number;
  fireAt: number;
}

export interface ChildState {
  workflowId: string;
  workflowType: TypeRef;
  initiatedEventId: number;
  startedEventId: number;
  runId: string;
}

export interface ExecutionRecord {
  domain: string;
  workflowId: string;
  runId: string;
  workflowType: TypeRef;
  /** Where decision tasks go (possibly overridden by RespondDecisionTaskCompleted.taskList). */
  taskList: string;
  /** Set while a temporary task-list override is in force: the list to go back to when it times out. */
  originalTaskList?: string;
  /** The override's schedule-to-start timeout. */
  taskListScheduleToStartTimeout?: string;
  taskPriority?: string;
  executionStartToCloseTimeout: string;
  taskStartToCloseTimeout: string;
  childPolicy: ChildPolicy;
  lambdaRole?: string;
  tagList: string[];
  startedAt: number;
  closedAt?: number;
  closeStatus?: CloseStatus;
  cancelRequested: boolean;
  parent?: ExecutionRef & { initiatedEventId: number };
  /** The id the next history event gets. */
  nextEventId: number;
  /** A decision task waiting for a decider (at most one). */
  decisionScheduled?: DecisionTaskState;
  /** The decision task a decider is working on (at most one). */
  decisionStarted?: DecisionTaskState;
  /** startedEventId of the last decision task the decider completed. */
  previousStartedEventId: number;
  latestExecutionContext?: string;
  latestActivityTaskTimestamp?: number;
  /** Open activity tasks by activityId. */
  activities: Record<string, ActivityState>;
  /** Open timers by timerId. */
  timers: Record<string, TimerState>;
  /** Open child executions by the parent's initiatedEventId. */
  children: Record<string, ChildState>;
}

export function isOpen(execution: ExecutionRecord): boolean {
  return execution.closeStatus === undefined;
}

export function refOf(execution: ExecutionRecord): ExecutionRef {
  return { workflowId: execution.workflowId, runId: execution.runId };
}

/** SWF's wire form of a timestamp: epoch seconds (fractional). */
export function seconds(ms: number): number {
  return ms / 1000;
}

/** A duration string as milliseconds; undefined for "NONE". */
export function durationMs(duration: string): number | undefined {
  return duration === 'NONE' ? undefined : Number(duration) * 1000;
}
