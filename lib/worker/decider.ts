import { PollForDecisionTaskCommand, RespondDecisionTaskCompletedCommand } from '@aws-sdk/client-swf';
import type { Decision, DecisionTask, HistoryEvent } from '@aws-sdk/client-swf';
import { retrySwfCall } from './backoff';
import { DecisionBuilderDefaults, DecisionBuilders, decisionBuilders } from './decisions';
import { errorCode } from './errors';
import { summarizeHistory, WorkflowHistory } from './history';
import { errorMessage } from './log';
import { PollingWorker, PollingWorkerOptions, settleOrAbort } from './polling-worker';
import { describeFailure, STUCK_WORKFLOW_REASON, StuckVerdict, stuckVerdict } from './stuck-guard';

/**
 * Computes the next decisions from the whole history. It should be a pure function of the history: it runs again
 * for every decision task, so it must not re-schedule what the history shows was already scheduled.
 * A throw is logged and the decision task is left to time out (SWF then schedules a new one); it never fails the
 * workflow. Fail the workflow explicitly with `decisions.fail(reason, details)`.
 */
export type DecideFunction = (history: WorkflowHistory, decisions: DecisionBuilders) => readonly Decision[] | Promise<readonly Decision[]>;

export interface WorkflowDefinition {
  /** Workflow type name. */
  readonly name: string;
  /**
   * The version this definition is for. An exact-version definition wins; a version no definition names is decided
   * by the definition of the decider's own version of `name` (`workflowVersions`, i.e. SWF_WORKFLOW_VERSIONS), so a
   * fleet decides the executions a previous or next deployment started.
   * @default - every version of `name`
   */
  readonly version?: string;
  readonly decide: DecideFunction;
  /**
   * The workflow waits for signals with nothing open (no activity, timer, child or Lambda task). Without it, an
   * answer that leaves nothing open and does not close the execution is a stuck workflow, which the runtime fails
   * (see stuck-guard.ts). @default false
   */
  readonly waitsForSignals?: boolean;
}

export interface DeciderOptions extends PollingWorkerOptions, DecisionBuilderDefaults {
  readonly workflows: readonly WorkflowDefinition[];
  /** `maximumPageSize` for the history pages of PollForDecisionTask (1-1000). @default - SWF's default (1000) */
  readonly historyPageSize?: number;
}

/** Long-polls one task list for decision tasks, reads the whole history, and answers with the decide function's decisions. */
export class Decider extends PollingWorker<DecisionTask> {
  protected readonly kind = 'decider';
  private readonly workflows: readonly WorkflowDefinition[];
  private readonly builders: DecisionBuilders;
  private readonly historyPageSize?: number;
  private readonly ownVersions: Readonly<Record<string, string>>;

  constructor(options: DeciderOptions) {
    super(options, 2);
    if (!options.workflows || options.workflows.length === 0) throw new Error('A decider needs at least one workflow definition');
    const seen = new Set<string>();
    for (const workflow of options.workflows) {
      if (!workflow.name) throw new Error('Every workflow definition needs a name');
      if (typeof workflow.decide !== 'function') throw new Error(`Workflow ${workflow.name}: decide must be a function (history, decisions) => Decision[]`);
      const key = `${workflow.name}@${workflow.version ?? '*'}`;
      if (seen.has(key)) throw new Error(`Workflow ${workflow.name} version ${workflow.version ?? '(any)'} is defined twice`);
      seen.add(key);
    }
    const pageSize = options.historyPageSize;
    if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)) {
      throw new Error(`historyPageSize must be a whole number from 1 to 1000, got ${pageSize}`);
    }
    this.workflows = options.workflows;
    this.ownVersions = options.workflowVersions ?? {};
    this.builders = decisionBuilders(options);
    this.historyPageSize = pageSize;
  }

  protected async pollOnce(): Promise<DecisionTask | undefined> {
    const task = await this.swf.send(this.pollCommand());
    return task.taskToken ? task : undefined;
  }

  private pollCommand(nextPageToken?: string): PollForDecisionTaskCommand {
    return new PollForDecisionTaskCommand({
      domain: this.domain,
      taskList: { name: this.taskList },
      identity: this.identity,
      maximumPageSize: this.historyPageSize,
      nextPageToken,
    });
  }

  protected async process(task: DecisionTask): Promise<void> {
    const type = task.workflowType;
    const fields = { workflowId: task.workflowExecution?.workflowId, runId: task.workflowExecution?.runId, type: `${type?.name}@${type?.version}` };
    const events = await this.readWholeHistory(task, fields);
    if (!events) return;

    const workflow = this.workflowFor(type?.name, type?.version);
    if (!workflow) {
      this.logger.error('no workflow definition for this type; leaving the decision task to time out', fields);
      return;
    }
    const history = summarizeHistory(events, {
      workflowType: type!,
      execution: task.workflowExecution!,
      previousStartedEventId: task.previousStartedEventId,
    });
    // Decisions are quick: even past the drain deadline (a task an open poll delivered late) decide gets a short
    // grace, since a decision task cannot be failed, only answered or left to time out.
    const outcome = await settleOrAbort(
      (async () => workflow.decide(history, this.builders))(),
      this.graceSignal,
    );
    if (outcome.status === 'aborted') {
      this.logger.warn('decide did not return within the grace after the drain deadline; leaving the decision task to time out', fields);
      return;
    }
    if (outcome.status === 'threw') {
      const error = outcome.error;
      this.logger.error('decide threw; leaving the decision task to time out so SWF retries it', {
        ...fields,
        message: errorMessage(error),
        stack: error instanceof Error ? error.stack : undefined,
      });
      return;
    }
    if (!Array.isArray(outcome.value)) {
      this.logger.error('decide must return an array of decisions; leaving the decision task to time out', fields);
      return;
    }
    const stuck = workflow.waitsForSignals ? undefined : stuckVerdict(history, outcome.value as Decision[]);
    const decisions = stuck ? [this.stuckFailure(stuck)] : (outcome.value as Decision[]);
    if (stuck) {
      this.logger.error(`stuck workflow ${fields.workflowId} run ${fields.runId} (${fields.type}): ${stuck.problem}; last decision failure: ${describeFailure(stuck.lastFailure)}; failing the execution`, fields);
    }
    await this.respond('RespondDecisionTaskCompleted', { ...fields, decisions: decisions.length }, () =>
      this.swf.send(new RespondDecisionTaskCompletedCommand({ taskToken: task.taskToken!, decisions })),
    );
  }

  private stuckFailure(stuck: StuckVerdict): Decision {
    return this.builders.fail(STUCK_WORKFLOW_REASON, { problem: stuck.problem, lastDecisionFailure: stuck.lastFailure ?? null });
  }

  /** All history pages (PollForDecisionTask again with nextPageToken; such calls hand out no new task). */
  private async readWholeHistory(task: DecisionTask, fields: Record<string, unknown>): Promise<HistoryEvent[] | undefined> {
    const events: HistoryEvent[] = [...(task.events ?? [])];
    let nextPageToken = task.nextPageToken;
    while (nextPageToken) {
      const token = nextPageToken;
      const startedAt = Date.now();
      const page = await retrySwfCall(() => this.swf.send(this.pollCommand(token)), {
        deadline: () => startedAt + 60_000,
        onRetry: (err, attempt) => this.logger.warn('history page read failed; retrying', { ...fields, error: errorCode(err), attempt: attempt + 1 }),
      });
      if (!page.ok) {
        this.logger.error('could not read the whole history; leaving the decision task to time out', {
          ...fields,
          error: errorCode(page.error),
          message: errorMessage(page.error),
        });
        return undefined;
      }
      events.push(...(page.value.events ?? []));
      nextPageToken = page.value.nextPageToken;
    }
    return events;
  }

  private workflowFor(name: string | undefined, version: string | undefined): WorkflowDefinition | undefined {
    return (
      this.workflows.find((w) => w.name === name && w.version === version) ??
      this.workflows.find((w) => w.name === name && w.version === undefined) ??
      this.workflows.find((w) => w.name === name && name !== undefined && w.version === this.ownVersions[name])
    );
  }
}
