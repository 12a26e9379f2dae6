import { EXECUTIONS, HISTORIES, OPEN_WORKFLOW_IDS, openKey } from './data-plane/model';
import { ACTIVITY_TYPES, DOMAINS, typeKey, WORKFLOW_TYPES } from './records';
import { isPlainObject } from './store-lines';

/**
 * The shape of every record swf-local stores, checked as records are loaded from the data directory, so a damaged or
 * hand-made record is reported as damage (file, line, --repair) and never reaches the planes as a raw TypeError.
 * Each check returns what is wrong, in words for a one-line message, or undefined.
 */

type Check = (value: unknown) => string | undefined;
type Fields = Record<string, Check>;

const string: Check = (value) => (typeof value === 'string' ? undefined : 'a string');
const number: Check = (value) => (typeof value === 'number' && Number.isFinite(value) ? undefined : 'a number');
const boolean: Check = (value) => (typeof value === 'boolean' ? undefined : 'true or false');
const status: Check = (value) => (value === 'REGISTERED' || value === 'DEPRECATED' ? undefined : 'REGISTERED or DEPRECATED');
const object: Check = (value) => (isPlainObject(value) ? undefined : 'an object');
const optional = (check: Check): Check => (value) => (value === undefined ? undefined : check(value));
const listOf = (check: Check): Check => (value) => {
  if (!Array.isArray(value)) return 'a list';
  for (const item of value) if (check(item)) return `a list of ${check(item)}s`;
  return undefined;
};
const shape = (fields: Fields): Check => (value) => {
  if (!isPlainObject(value)) return 'an object';
  for (const [field, check] of Object.entries(fields)) {
    const wrong = check(value[field]);
    if (wrong) return `"${field}" must be ${wrong}`;
  }
  return undefined;
};
const nameAndVersion = shape({ name: string, version: string });
/** An object whose every value has `check`'s shape (for example open activities by activityId). */
const mapOf = (check: Check): Check => (value) => {
  if (!isPlainObject(value)) return 'an object';
  for (const [key, item] of Object.entries(value)) {
    const wrong = check(item);
    if (wrong) return `an object whose ${JSON.stringify(key).slice(0, 80)} ${wrong.startsWith('"') ? `has ${wrong}` : `is ${wrong}`}`;
  }
  return undefined;
};

const DOMAIN = shape({
  name: string,
  status,
  description: optional(string),
  workflowExecutionRetentionPeriodInDays: string,
  arn: string,
  tags: listOf(shape({ key: string, value: optional(string) })),
});

const typeShape = (kind: string) =>
  shape({
    kind: (value) => (value === kind ? undefined : `"${kind}"`),
    domain: string,
    name: string,
    version: string,
    status,
    description: optional(string),
    creationDate: number,
    deprecationDate: optional(number),
    configuration: object,
  });

const TASK = { scheduledEventId: number, scheduledAt: number, startedEventId: optional(number), startedAt: optional(number) };
const DECISION_TASK = shape({ ...TASK, taskList: string, startToCloseTimeout: string });
const ACTIVITY = shape({
  ...TASK,
  activityId: string,
  activityType: nameAndVersion,
  taskList: string,
  scheduleToStartTimeout: string,
  scheduleToCloseTimeout: string,
  startToCloseTimeout: string,
  heartbeatTimeout: string,
});
const TIMER = shape({ timerId: string, startedEventId: number, fireAt: number });
const CHILD = shape({ workflowId: string, workflowType: nameAndVersion, initiatedEventId: number, startedEventId: number, runId: string });
const LAMBDA_TASK = shape({ ...TASK, id: string, name: string, startToCloseTimeout: string });

const EXECUTION = shape({
  domain: string,
  workflowId: string,
  runId: string,
  workflowType: nameAndVersion,
  taskList: string,
  executionStartToCloseTimeout: string,
  taskStartToCloseTimeout: string,
  childPolicy: string,
  tagList: listOf(string),
  startedAt: number,
  closedAt: optional(number),
  closeStatus: optional(string),
  cancelRequested: boolean,
  nextEventId: number,
  decisionScheduled: optional(DECISION_TASK),
  decisionStarted: optional(DECISION_TASK),
  previousStartedEventId: number,
  activities: mapOf(ACTIVITY),
  timers: mapOf(TIMER),
  children: mapOf(CHILD),
  lambdaFunctions: optional(mapOf(LAMBDA_TASK)),
});

const HISTORY_EVENT = shape({ eventId: number, eventTimestamp: number, eventType: string });

interface CollectionShape {
  /** What is wrong with the key itself (before the value is known). */
  key?: (key: string) => string | undefined;
  value: Check;
  /** The key the value must be stored under (its identity). */
  identity?: (value: Record<string, unknown>) => string;
  /** Collections that grow by appending: the shape of one item. */
  item?: Check;
}

const SHAPES: Record<string, CollectionShape> = {
  [DOMAINS]: { value: DOMAIN, identity: (value) => value.name as string },
  [WORKFLOW_TYPES]: { value: typeShape('workflow'), identity: (v) => typeKey(v.domain as string, v.name as string, v.version as string) },
  [ACTIVITY_TYPES]: { value: typeShape('activity'), identity: (v) => typeKey(v.domain as string, v.name as string, v.version as string) },
  [EXECUTIONS]: { value: EXECUTION, identity: (value) => value.runId as string },
  [HISTORIES]: { value: listOf(HISTORY_EVENT), item: HISTORY_EVENT },
  [OPEN_WORKFLOW_IDS]: {
    key: (key) => (isOpenKey(key) ? undefined : 'its key is not a [domain, workflowId] pair'),
    value: string,
  },
  // The task-token signing key (data-plane/tokens.ts).
  secrets: { key: (key) => (key === 'taskTokenKey' ? undefined : 'its key is not a swf-local secret'), value: string },
};

function isOpenKey(key: string): boolean {
  try {
    const pair = JSON.parse(key) as unknown;
    return Array.isArray(pair) && pair.length === 2 && pair.every((part) => typeof part === 'string') && openKey(pair[0], pair[1]) === key;
  } catch {
    return false;
  }
}

function where(collection: string, key: string): string {
  return `${collection} record ${JSON.stringify(key).slice(0, 80)}`;
}

/** What is wrong with a record's collection or key, before its value is read. */
export function keyProblem(collection: string, key: string): string | undefined {
  const known = Object.prototype.hasOwnProperty.call(SHAPES, collection) ? SHAPES[collection] : undefined;
  if (!known) return `it names an unknown collection ${JSON.stringify(collection).slice(0, 80)}`;
  const wrong = known.key?.(key);
  return wrong && `${where(collection, key)}: ${wrong}`;
}

/** What is wrong with a whole record. */
export function recordProblem(collection: string, key: string, value: unknown): string | undefined {
  const wrongKey = keyProblem(collection, key);
  if (wrongKey) return wrongKey;
  const known = SHAPES[collection];
  const wrong = known.value(value);
  if (wrong) return `${where(collection, key)} is not a valid record: ${wrong.startsWith('"') ? wrong : `it must be ${wrong}`}`;
  const identity = known.identity?.(value as Record<string, unknown>);
  if (identity !== undefined && identity !== key) return `${where(collection, key)} is stored under a key that does not match its contents`;
  return undefined;
}

/** What is wrong with an item appended to a record (or with appending to that collection at all). */
export function appendProblem(collection: string, key: string, item: unknown): string | undefined {
  const wrongKey = keyProblem(collection, key);
  if (wrongKey) return wrongKey;
  const check = SHAPES[collection].item;
  if (!check) return `${where(collection, key)}: ${collection} records are not appended to`;
  const wrong = check(item);
  return wrong && `${where(collection, key)}: an appended item is not valid: ${wrong.startsWith('"') ? wrong : `it must be ${wrong}`}`;
}

/** The records start-up reads whatever the requests: open executions (to queue their tasks and arm their deadlines). */
export function* readAtStart(collections: Map<string, Map<string, unknown>>): Generator<[string, string]> {
  for (const runId of collections.get(OPEN_WORKFLOW_IDS)?.values() ?? []) {
    if (typeof runId === 'string' && collections.get(EXECUTIONS)?.has(runId)) yield [EXECUTIONS, runId];
  }
}

/** Collections whose records a snapshot may hold in great numbers: checked when first read (and all by --repair). */
export function checkedWhenRead(collection: string): boolean {
  return collection === EXECUTIONS || collection === HISTORIES;
}
