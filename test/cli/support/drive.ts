import {
  Decision,
  GetWorkflowExecutionHistoryCommand,
  HistoryEvent,
  PollForActivityTaskCommand,
  PollForDecisionTaskCommand,
  RespondDecisionTaskCompletedCommand,
  SWFClient,
} from '@aws-sdk/client-swf';

/**
 * A tiny test decider: takes the next decision task on `taskList` and answers it with `decide(events)`.
 * Fails if no task came within the server's long-poll hold.
 */
export async function decideOnce(
  swf: SWFClient,
  domain: string,
  taskList: string,
  decide: (events: HistoryEvent[]) => Decision[],
): Promise<HistoryEvent[]> {
  const task = await swf.send(new PollForDecisionTaskCommand({ domain, taskList: { name: taskList }, identity: 'test-decider' }));
  if (!task.taskToken) throw new Error(`no decision task on ${taskList}`);
  const events = task.events ?? [];
  await swf.send(new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken, decisions: decide(events) }));
  return events;
}

/** Takes the next activity task on `taskList`; fails if there was none. */
export async function takeActivityTask(swf: SWFClient, domain: string, taskList: string) {
  const task = await swf.send(new PollForActivityTaskCommand({ domain, taskList: { name: taskList }, identity: 'test-worker' }));
  if (!task.taskToken) throw new Error(`no activity task on ${taskList}`);
  return task;
}

/** Reads the history until `done(events)` holds (SWF timers and timeouts fire on their own), at most `withinMs`. */
export async function waitForHistory(
  swf: SWFClient,
  domain: string,
  execution: { workflowId: string; runId: string },
  done: (events: HistoryEvent[]) => boolean,
  withinMs = 10_000,
): Promise<HistoryEvent[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const { events = [] } = await swf.send(new GetWorkflowExecutionHistoryCommand({ domain, execution, maximumPageSize: 1000 }));
    if (done(events)) return events;
    if (Date.now() > deadline) throw new Error(`history never reached the expected state: ${events.map((e) => e.eventType).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const hasEvent = (type: string) => (events: HistoryEvent[]) => events.some((e) => e.eventType === type);
