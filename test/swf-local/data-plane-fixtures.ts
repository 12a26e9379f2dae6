import {
  Decision,
  HistoryEvent,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondDecisionTaskCompletedCommand,
  StartWorkflowExecutionCommand,
  SWFClient,
} from '@aws-sdk/client-swf';
import { randomUUID } from 'node:crypto';

/** Shared set-up for the data-plane tests: a domain with a workflow type and an activity type that have defaults. */
export interface Fixture {
  readonly swf: SWFClient;
  readonly domain: string;
  readonly taskList: string;
  readonly activityTaskList: string;
  readonly workflowType: { name: string; version: string };
  readonly activityType: { name: string; version: string };
}

export async function registerFixture(
  swf: SWFClient,
  options: { taskStartToClose?: string; executionStartToClose?: string } = {},
): Promise<Fixture> {
  const suffix = randomUUID().slice(0, 8);
  const domain = `dp-${suffix}`;
  const taskList = `decisions-${suffix}`;
  const activityTaskList = `activities-${suffix}`;
  const workflowType = { name: 'Order', version: '1' };
  const activityType = { name: 'Charge', version: '1' };
  await swf.send(new RegisterDomainCommand({ name: domain, workflowExecutionRetentionPeriodInDays: '1' }));
  await swf.send(
    new RegisterWorkflowTypeCommand({
      domain,
      ...workflowType,
      defaultTaskList: { name: taskList },
      defaultExecutionStartToCloseTimeout: options.executionStartToClose ?? '600',
      defaultTaskStartToCloseTimeout: options.taskStartToClose ?? '30',
      defaultChildPolicy: 'TERMINATE',
    }),
  );
  await swf.send(
    new RegisterActivityTypeCommand({
      domain,
      ...activityType,
      defaultTaskList: { name: activityTaskList },
      defaultTaskScheduleToStartTimeout: '60',
      defaultTaskScheduleToCloseTimeout: '120',
      defaultTaskStartToCloseTimeout: '60',
      defaultTaskHeartbeatTimeout: 'NONE',
    }),
  );
  return { swf, domain, taskList, activityTaskList, workflowType, activityType };
}

export async function start(fixture: Fixture, workflowId = `wf-${randomUUID()}`, extra: Record<string, unknown> = {}) {
  const { runId } = await fixture.swf.send(
    new StartWorkflowExecutionCommand({ domain: fixture.domain, workflowId, workflowType: fixture.workflowType, ...extra }),
  );
  return { workflowId, runId: runId! };
}

export async function pollDecision(fixture: Fixture, extra: Record<string, unknown> = {}) {
  return fixture.swf.send(
    new PollForDecisionTaskCommand({ domain: fixture.domain, taskList: { name: fixture.taskList }, identity: 'test-decider', ...extra }),
  );
}

export async function pollActivity(fixture: Fixture, taskList = fixture.activityTaskList) {
  return fixture.swf.send(new PollForActivityTaskCommand({ domain: fixture.domain, taskList: { name: taskList }, identity: 'test-worker' }));
}

export async function decide(fixture: Fixture, taskToken: string, decisions: Decision[], executionContext?: string) {
  await fixture.swf.send(new RespondDecisionTaskCompletedCommand({ taskToken, decisions, executionContext }));
}

/** Polls a decision task and answers it. Returns the task (its events are the history the decider saw). */
export async function nextDecision(fixture: Fixture, decisions: Decision[] = []) {
  const task = await pollDecision(fixture);
  if (!task.taskToken) throw new Error('expected a decision task');
  await decide(fixture, task.taskToken, decisions);
  return task;
}

export function types(events: HistoryEvent[] | undefined): string[] {
  return (events ?? []).map((event) => event.eventType!);
}

export function last(events: HistoryEvent[] | undefined, eventType: string): HistoryEvent {
  const found = [...(events ?? [])].reverse().find((event) => event.eventType === eventType);
  if (!found) throw new Error(`no ${eventType} in ${types(events).join(', ')}`);
  return found;
}
