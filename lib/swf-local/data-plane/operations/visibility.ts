import { CLOSE_STATUSES } from '../../../common/swf-constraints';
import { validationError } from '../../errors';
import { optionalEnum, optionalObject, requiredName, requiredString } from '../../validate';
import type { DataPlane } from '../core';
import { readTimeFilter, TimeFilter } from '../input';
import { CloseStatus, EXECUTIONS, ExecutionRecord, isOpen } from '../model';
import { pageOf, readPageRequest, SortOrder } from '../paging';
import { executionInfo } from '../views';

type Input = Record<string, unknown>;


interface Query {
  domain: string;
  open: boolean;
  startTime?: TimeFilter;
  closeTime?: TimeFilter;
  workflowId?: string;
  type?: { name: string; version?: string };
  tag?: string;
  closeStatus?: CloseStatus;
}

function readQuery(plane: DataPlane, input: Input, open: boolean): Query {
  const domain = requiredName(input, 'domain', 256);
  const query: Query = { domain, open, startTime: readTimeFilter(input, 'startTimeFilter') };
  if (open) {
    if (!query.startTime) {
      throw validationError("1 validation error detected: Value null at 'startTimeFilter' failed to satisfy constraint: Member must not be null");
    }
  } else {
    query.closeTime = readTimeFilter(input, 'closeTimeFilter');
    if (!query.startTime === !query.closeTime) {
      throw validationError('Exactly one of startTimeFilter and closeTimeFilter must be specified');
    }
  }
  const filters = open ? ['executionFilter', 'typeFilter', 'tagFilter'] : ['executionFilter', 'typeFilter', 'tagFilter', 'closeStatusFilter'];
  const given = filters.filter((name) => input[name] !== undefined && input[name] !== null);
  if (given.length > 1) {
    throw validationError(`Only one of ${filters.join(', ')} may be specified (got ${given.join(' and ')})`);
  }
  const executionFilter = optionalObject(input, 'executionFilter');
  if (executionFilter) query.workflowId = requiredName(executionFilter, 'workflowId', 256, 'executionFilter.workflowId');
  const typeFilter = optionalObject(input, 'typeFilter');
  if (typeFilter) {
    query.type = { name: requiredName(typeFilter, 'name', 256, 'typeFilter.name') };
    if (typeFilter.version !== undefined && typeFilter.version !== null) {
      query.type.version = requiredString(typeFilter, 'version', 64, 0, 'typeFilter.version');
    }
  }
  const tagFilter = optionalObject(input, 'tagFilter');
  if (tagFilter) query.tag = requiredString(tagFilter, 'tag', 256, 0, 'tagFilter.tag');
  const closeStatusFilter = open ? undefined : optionalObject(input, 'closeStatusFilter');
  if (closeStatusFilter) {
    query.closeStatus = optionalEnum(closeStatusFilter, 'status', CLOSE_STATUSES, 'closeStatusFilter.status');
    if (!query.closeStatus) throw validationError("Field 'closeStatusFilter.status' is required");
  }
  plane.domain(domain);
  return query;
}

function within(ms: number | undefined, filter: TimeFilter | undefined): boolean {
  if (!filter) return true;
  if (ms === undefined) return false;
  return ms >= filter.oldest && (filter.latest === undefined || ms <= filter.latest);
}

function matches(execution: ExecutionRecord, query: Query): boolean {
  return (
    execution.domain === query.domain &&
    isOpen(execution) === query.open &&
    within(execution.startedAt, query.startTime) &&
    within(execution.closedAt, query.closeTime) &&
    (query.workflowId === undefined || execution.workflowId === query.workflowId) &&
    (query.type === undefined ||
      (execution.workflowType.name === query.type.name &&
        (query.type.version === undefined || execution.workflowType.version === query.type.version))) &&
    (query.tag === undefined || execution.tagList.includes(query.tag)) &&
    (query.closeStatus === undefined || execution.closeStatus === query.closeStatus)
  );
}

/** An execution's place in a listing: newest first (by close time when filtering on it, else by start time), then run id. */
type ListingKey = [time: number, runId: string];

function listingOrder(query: Query): SortOrder<ExecutionRecord, ListingKey> {
  return {
    keyOf: (execution) => [query.closeTime ? execution.closedAt! : execution.startedAt, execution.runId],
    compare: ([timeA, runA], [timeB, runB]) => timeB - timeA || (runA < runB ? -1 : runA > runB ? 1 : 0),
    isKey: (value) => Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'string',
  };
}

/** Matching executions in listing order. */
function select(plane: DataPlane, query: Query): ExecutionRecord[] {
  const found: ExecutionRecord[] = [];
  for (const execution of plane.store.values<ExecutionRecord>(EXECUTIONS)) if (matches(execution, query)) found.push(execution);
  const order = listingOrder(query);
  return found.sort((a, b) => order.compare(order.keyOf(a), order.keyOf(b)));
}

function list(plane: DataPlane, input: Input, open: boolean, now: number): unknown {
  const query = readQuery(plane, input, open);
  const request = readPageRequest(input);
  const page = pageOf(select(plane, query), listingOrder(query), request, ['executions', query], now);
  return { executionInfos: page.items.map(executionInfo), nextPageToken: page.nextPageToken };
}

export const listOpenWorkflowExecutions = (plane: DataPlane, input: Input, now: number) => list(plane, input, true, now);
export const listClosedWorkflowExecutions = (plane: DataPlane, input: Input, now: number) => list(plane, input, false, now);

function count(plane: DataPlane, input: Input, open: boolean): unknown {
  return { count: select(plane, readQuery(plane, input, open)).length, truncated: false };
}

export const countOpenWorkflowExecutions = (plane: DataPlane, input: Input) => count(plane, input, true);
export const countClosedWorkflowExecutions = (plane: DataPlane, input: Input) => count(plane, input, false);
