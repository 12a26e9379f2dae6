import type { OperationTable } from '../context';
import type { SwfLocalEnv } from '../env';
import { fault, unknownResource, validationError } from '../errors';
import { toEpochSeconds, TypeKind, TypeRecord } from '../records';
import {
  CHILD_POLICIES,
  optionalDuration,
  optionalEnum,
  optionalName,
  optionalPriority,
  optionalString,
  readTaskList,
  readTypeRef,
  requiredName,
} from '../validate';
import { findDomain, findRegisteredDomain } from './lookup';
import { page, readPageRequest } from './paging';
import { MAX_EXECUTION_SECONDS, requiredStatus } from './rules';
import { sortKey, TypeIndex } from './type-index';

type Input = Record<string, unknown>;

/** SWF's quota: 10,000 workflow types and 10,000 activity types per domain, deprecated ones included. */
export const MAX_TYPES_PER_DOMAIN = 10_000;

interface KindSpec {
  readonly kind: TypeKind;
  /** `Workflow` / `Activity`, as in the operation names. */
  readonly noun: 'Workflow' | 'Activity';
  /** The struct member naming the type: `workflowType` / `activityType`. */
  readonly member: 'workflowType' | 'activityType';
  /** Reads the `default*` members of Register*Type into the Describe*Type configuration shape. */
  readonly configuration: (input: Input) => Record<string, unknown>;
}

const WORKFLOW: KindSpec = {
  kind: 'workflow',
  noun: 'Workflow',
  member: 'workflowType',
  configuration: (input) =>
    defined({
      defaultTaskStartToCloseTimeout: optionalDuration(input, 'defaultTaskStartToCloseTimeout', true),
      defaultExecutionStartToCloseTimeout: executionTimeout(input),
      defaultTaskList: taskList(input),
      defaultTaskPriority: optionalPriority(input, 'defaultTaskPriority'),
      defaultChildPolicy: optionalEnum(input, 'defaultChildPolicy', CHILD_POLICIES),
      defaultLambdaRole: optionalString(input, 'defaultLambdaRole', 1600, 1),
    }),
};

const ACTIVITY: KindSpec = {
  kind: 'activity',
  noun: 'Activity',
  member: 'activityType',
  configuration: (input) =>
    defined({
      defaultTaskStartToCloseTimeout: optionalDuration(input, 'defaultTaskStartToCloseTimeout', true),
      defaultTaskHeartbeatTimeout: optionalDuration(input, 'defaultTaskHeartbeatTimeout', true),
      defaultTaskList: taskList(input),
      defaultTaskPriority: optionalPriority(input, 'defaultTaskPriority'),
      defaultTaskScheduleToStartTimeout: optionalDuration(input, 'defaultTaskScheduleToStartTimeout', true),
      defaultTaskScheduleToCloseTimeout: optionalDuration(input, 'defaultTaskScheduleToCloseTimeout', true),
    }),
};

export function typeOperations(env: SwfLocalEnv, types: TypeIndex): OperationTable {
  return { ...operationsFor(WORKFLOW, env, types), ...operationsFor(ACTIVITY, env, types) };
}

function operationsFor(spec: KindSpec, env: SwfLocalEnv, types: TypeIndex): OperationTable {
  const { store } = env;
  const { kind, noun, member } = spec;

  /** Reads `domain` + `<member> {name, version}` and finds the type (UnknownResourceFault when missing). */
  function existing(input: Input): TypeRecord {
    const domain = requiredName(input, 'domain');
    const { name, version } = readTypeRef(input, member);
    findDomain(store, domain);
    const record = types.get(kind, domain, name, version);
    if (!record) throw unknownResource(`Unknown type: ${describe(spec, name, version)}`);
    return record;
  }

  return {
    [`Register${noun}Type`](input: Input) {
      const domainName = requiredName(input, 'domain');
      const name = requiredName(input, 'name');
      const version = requiredName(input, 'version', 64);
      const description = optionalString(input, 'description', 1024);
      const configuration = spec.configuration(input);
      const domain = findRegisteredDomain(store, domainName);
      if (types.get(kind, domain.name, name, version)) throw fault('TypeAlreadyExistsFault', describe(spec, name, version));
      if (types.count(kind, domain.name) >= MAX_TYPES_PER_DOMAIN) {
        throw fault(
          'LimitExceededFault',
          `Domain ${domain.name} has reached the limit of ${MAX_TYPES_PER_DOMAIN} ${kind} types (registered and deprecated)`,
        );
      }
      types.add({
        kind,
        domain: domain.name,
        name,
        version,
        status: 'REGISTERED',
        ...(description !== undefined ? { description } : {}),
        creationDate: env.now(),
        configuration,
      });
      return undefined;
    },

    [`Describe${noun}Type`](input: Input) {
      const record = existing(input);
      return { typeInfo: typeInfo(spec, record), configuration: record.configuration };
    },

    [`Deprecate${noun}Type`](input: Input) {
      const record = existing(input);
      if (record.status === 'DEPRECATED') throw fault('TypeDeprecatedFault', describe(spec, record.name, record.version));
      record.status = 'DEPRECATED';
      record.deprecationDate = env.now();
      types.touch(record);
      return undefined;
    },

    [`Undeprecate${noun}Type`](input: Input) {
      const record = existing(input);
      if (record.status === 'REGISTERED') throw fault('TypeAlreadyExistsFault', describe(spec, record.name, record.version));
      // A type cannot come back to life inside a deprecated domain: undeprecate the domain first.
      findRegisteredDomain(store, record.domain);
      record.status = 'REGISTERED';
      delete record.deprecationDate;
      types.touch(record);
      return undefined;
    },

    [`Delete${noun}Type`](input: Input) {
      const record = existing(input);
      if (record.status !== 'DEPRECATED') {
        throw fault('TypeNotDeprecatedFault', `${describe(spec, record.name, record.version)} must be deprecated before it is deleted`);
      }
      types.remove(record);
      return undefined;
    },

    [`List${noun}Types`](input: Input) {
      const domain = requiredName(input, 'domain');
      const status = requiredStatus(input);
      const name = optionalName(input, 'name');
      const request = readPageRequest(input);
      findDomain(store, domain);
      const matching = types
        .list(kind, domain)
        .filter((t) => t.status === status && (name === undefined || t.name === name));
      const result = page(matching, sortKey, request, [`List${noun}Types`, domain, status, name ?? null], env.now());
      return {
        typeInfos: result.items.map((record) => typeInfo(spec, record)),
        ...(result.nextPageToken ? { nextPageToken: result.nextPageToken } : {}),
      };
    },
  };
}

function typeInfo(spec: KindSpec, record: TypeRecord) {
  return {
    [spec.member]: { name: record.name, version: record.version },
    status: record.status,
    ...(record.description !== undefined ? { description: record.description } : {}),
    creationDate: toEpochSeconds(record.creationDate),
    ...(record.deprecationDate !== undefined ? { deprecationDate: toEpochSeconds(record.deprecationDate) } : {}),
  };
}

function describe(spec: KindSpec, name: string, version: string): string {
  return `${spec.noun}Type=[name=${name}, version=${version}]`;
}

function taskList(input: Input): { name: string } | undefined {
  const name = readTaskList(input, 'defaultTaskList');
  return name === undefined ? undefined : { name };
}

/** `defaultExecutionStartToCloseTimeout`: seconds, never NONE (RegisterWorkflowType's doc), at most one year. */
function executionTimeout(input: Input): string | undefined {
  const value = optionalDuration(input, 'defaultExecutionStartToCloseTimeout', false);
  if (value !== undefined && Number(value) > MAX_EXECUTION_SECONDS) {
    throw validationError(
      `1 validation error detected: Value '${value}' at 'defaultExecutionStartToCloseTimeout' failed to satisfy constraint: ` +
        `Member must be at most ${MAX_EXECUTION_SECONDS} seconds (1 year)`,
    );
  }
  return value;
}

function defined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}
