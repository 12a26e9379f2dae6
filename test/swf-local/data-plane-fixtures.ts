import {
  Decision,
  GetWorkflowExecutionHistoryCommand,
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
import { afterAll, beforeAll } from 'vitest';
import type { SwfLocal, SwfLocalOptions } from '../../lib/swf-local';
import { startLocalSwf } from '../support/swf-local';

/** Shared set-up for the data-plane tests: a domain with a workflow type and an activity type that have defaults. */
export interface Fixture {
  readonly swf: SWFClient;
  readonly domain: string;
  readonly taskList: string;
  readonly activityTaskList: string;
  readonly workflowType: { name: string; version: string };
  readonly activityType: { name: string; version: string };
}

type FixtureOptions = { taskStartToClose?: string; executionStartToClose?: string };

export async function registerFixture(swf: SWFClient, options: FixtureOptions = {}): Promise<Fixture> {
  const fixture = { swf, ...fixtureNames() };
  await register(fixture, options);
  return fixture;
}

/**
 * For a describe block (or a file): starts swf-local with `options` and registers a fixture on it in beforeAll, and
 * stops it in afterAll. The fixture's names are there at once; its `swf` and `server` only inside tests and hooks.
 */
export function useFixture(options: SwfLocalOptions = {}): Fixture & { readonly server: SwfLocal } {
  const names = fixtureNames();
  let local: Awaited<ReturnType<typeof startLocalSwf>> | undefined;
  beforeAll(async () => {
    local = await startLocalSwf(options);
    await register({ swf: local.swf, ...names });
  });
  afterAll(() => local?.stop());
  const started = () => {
    if (!local) throw new Error('useFixture: swf-local is only there inside tests and hooks');
    return local;
  };
  return {
    ...names,
    get swf() {
      return started().swf;
    },
    get server() {
      return started().server;
    },
  };
}

/** Fresh names: SWF never frees a domain name. */
function fixtureNames(): Omit<Fixture, 'swf'> {
  const suffix = randomUUID().slice(0, 8);
  return {
    domain: `dp-${suffix}`,
    taskList: `decisions-${suffix}`,
    activityTaskList: `activities-${suffix}`,
    workflowType: { name: 'Order', version: '1' },
    activityType: { name: 'Charge', version: '1' },
  };
}

async function register(fixture: Fixture, options: FixtureOptions = {}): Promise<void> {
  const { swf, domain, taskList, activityTaskList, workflowType, activityType } = fixture;
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

/** The execution's history events, oldest first (one page of GetWorkflowExecutionHistory). */
export async function history(fixture: Fixture, execution: { workflowId: string; runId: string }): Promise<HistoryEvent[]> {
  return (await fixture.swf.send(new GetWorkflowExecutionHistoryCommand({ domain: fixture.domain, execution }))).events!;
}

export function types(events: HistoryEvent[] | undefined): string[] {
  return (events ?? []).map((event) => event.eventType!);
}

export function last(events: HistoryEvent[] | undefined, eventType: string): HistoryEvent {
  const found = [...(events ?? [])].reverse().find((event) => event.eventType === eventType);
  if (!found) throw new Error(`no ${eventType} in ${types(events).join(', ')}`);
  return found;
}
