import {
  CloseStatus,
  ListClosedWorkflowExecutionsCommandInput,
  ListOpenWorkflowExecutionsCommandInput,
  paginateListClosedWorkflowExecutions,
  paginateListOpenWorkflowExecutions,
  SWFClient,
  WorkflowExecutionInfo,
} from '@aws-sdk/client-swf';
import { CliError } from './errors';
import { collectPages, MAX_PAGE_SIZE } from './paging';

const DAY_MS = 86_400_000;

/**
 * How far back an execution can still be visible: an execution runs for at most 1 year and its record is kept for at
 * most 90 days after it closes. A start-time filter this wide therefore finds every execution SWF still knows.
 */
export const VISIBILITY_WINDOW_MS = (365 + 90 + 1) * DAY_MS;

export interface ExecutionQuery {
  readonly domain: string;
  readonly state: 'open' | 'closed';
  /** Start time (open) or close time (closed) lower bound. */
  readonly since: Date;
  readonly until?: Date;
  readonly workflowId?: string;
  readonly type?: { readonly name: string; readonly version?: string };
  readonly tag?: string;
  readonly closeStatus?: CloseStatus;
}

/**
 * Lists executions across all pages, newest first. SWF accepts only one of the id, type, tag and close-status filters
 * per call: the most selective one is sent, the others are applied here, so any combination works.
 */
export async function listExecutions(swf: SWFClient, query: ExecutionQuery): Promise<WorkflowExecutionInfo[]> {
  const timeFilter = { oldestDate: query.since, ...(query.until ? { latestDate: query.until } : {}) };
  const serverFilter = chooseServerFilter(query);
  const base = { domain: query.domain, maximumPageSize: MAX_PAGE_SIZE, ...serverFilter.input };
  const infos =
    query.state === 'open'
      ? await collectPages(
          paginateListOpenWorkflowExecutions({ client: swf }, { ...base, startTimeFilter: timeFilter } as ListOpenWorkflowExecutionsCommandInput),
          (page) => page.executionInfos,
        )
      : await collectPages(
          paginateListClosedWorkflowExecutions({ client: swf }, { ...base, closeTimeFilter: timeFilter } as ListClosedWorkflowExecutionsCommandInput),
          (page) => page.executionInfos,
        );
  return infos.filter((info) => matches(info, query, serverFilter.applied));
}

type FilterName = 'workflowId' | 'type' | 'tag' | 'closeStatus';

function chooseServerFilter(query: ExecutionQuery): { applied?: FilterName; input: Record<string, unknown> } {
  if (query.workflowId !== undefined) return { applied: 'workflowId', input: { executionFilter: { workflowId: query.workflowId } } };
  if (query.type) return { applied: 'type', input: { typeFilter: { ...query.type } } };
  if (query.tag !== undefined) return { applied: 'tag', input: { tagFilter: { tag: query.tag } } };
  if (query.closeStatus && query.state === 'closed') return { applied: 'closeStatus', input: { closeStatusFilter: { status: query.closeStatus } } };
  return { input: {} };
}

function matches(info: WorkflowExecutionInfo, query: ExecutionQuery, applied?: FilterName): boolean {
  if (applied !== 'workflowId' && query.workflowId !== undefined && info.execution?.workflowId !== query.workflowId) return false;
  if (applied !== 'type' && query.type) {
    if (info.workflowType?.name !== query.type.name) return false;
    if (query.type.version !== undefined && info.workflowType?.version !== query.type.version) return false;
  }
  if (applied !== 'tag' && query.tag !== undefined && !(info.tagList ?? []).includes(query.tag)) return false;
  if (applied !== 'closeStatus' && query.closeStatus && info.closeStatus !== query.closeStatus) return false;
  return true;
}

/**
 * The run to show when the user gave only a workflow id: the open run if there is one (at most one can be open),
 * else the most recently started closed run.
 */
export async function findLatestRun(swf: SWFClient, domain: string, workflowId: string, now = Date.now()): Promise<WorkflowExecutionInfo> {
  const since = new Date(now - VISIBILITY_WINDOW_MS);
  const [open] = await listExecutions(swf, { domain, state: 'open', since, workflowId });
  if (open) return open;
  const closed = await listExecutions(swf, { domain, state: 'closed', since, workflowId });
  const latest = closed.sort((a, b) => (b.startTimestamp?.getTime() ?? 0) - (a.startTimestamp?.getTime() ?? 0))[0];
  if (!latest) {
    throw new CliError(
      `no execution with workflow id '${workflowId}' in domain '${domain}' ` +
        "(closed executions are kept only for the domain's retention period)",
    );
  }
  return latest;
}

/** The run id to use: the one given, or the latest run of the workflow id. */
export async function resolveRunId(swf: SWFClient, domain: string, workflowId: string, runId?: string): Promise<string> {
  if (runId) return runId;
  const latest = await findLatestRun(swf, domain, workflowId);
  return latest.execution?.runId ?? '';
}

/** The flat, documented JSON form of an execution in `executions list --json`. */
export interface ExecutionSummaryJson {
  workflowId?: string;
  runId?: string;
  workflowType?: { name?: string; version?: string };
  status?: string;
  executionStatus?: string;
  closeStatus?: string;
  startTimestamp?: Date;
  closeTimestamp?: Date;
  tagList?: string[];
  cancelRequested?: boolean;
  parent?: { workflowId?: string; runId?: string };
}

export function executionSummary(info: WorkflowExecutionInfo): ExecutionSummaryJson {
  return {
    workflowId: info.execution?.workflowId,
    runId: info.execution?.runId,
    workflowType: info.workflowType ? { name: info.workflowType.name, version: info.workflowType.version } : undefined,
    status: info.closeStatus ?? info.executionStatus,
    executionStatus: info.executionStatus,
    closeStatus: info.closeStatus,
    startTimestamp: info.startTimestamp,
    closeTimestamp: info.closeTimestamp,
    tagList: info.tagList,
    cancelRequested: info.cancelRequested,
    parent: info.parent ? { workflowId: info.parent.workflowId, runId: info.parent.runId } : undefined,
  };
}
