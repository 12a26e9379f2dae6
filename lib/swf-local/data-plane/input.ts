import { SWF_LIMITS } from '../../common/swf-constraints';
import { validationError } from '../errors';
import {
  CHILD_POLICIES,
  optionalDuration,
  optionalEnum,
  optionalObject,
  optionalPriority,
  optionalString,
  readTaskList,
  readTypeRef,
  requiredName,
  requiredObject,
  requiredString,
} from '../validate';
import type { ChildPolicy, ExecutionRef } from './model';

export { readTaskList, readTypeRef };

/** Reading the data plane's request shapes, with AWS-style messages naming the offending member. */

type Input = Record<string, unknown>;

export function requireTaskList(input: Input, field: string, path = field): string {
  const taskList = requiredObject(input, field, path);
  return requiredName(taskList, 'name', 256, `${path}.name`);
}

export function readExecutionRef(input: Input, field: string): ExecutionRef {
  const ref = requiredObject(input, field);
  return {
    workflowId: requiredName(ref, 'workflowId', 256, `${field}.workflowId`),
    runId: requiredString(ref, 'runId', 64, 1, `${field}.runId`),
  };
}

export function readTagList(input: Input, field: string, path = field): string[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw validationError(`Field '${path}' must be a list of strings`);
  if (value.length > 5) {
    throw validationError(`1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must have length less than or equal to 5`);
  }
  return value.map((tag, index) => {
    if (typeof tag !== 'string' || tag.length > 256) {
      throw validationError(`Field '${path}.${index + 1}' must be a string of at most 256 characters`);
    }
    return tag;
  });
}

export function readChildPolicy(input: Input, field: string, path = field): ChildPolicy | undefined {
  return optionalEnum(input, field, CHILD_POLICIES, path);
}

export function readData(input: Input, field: string, max: number = SWF_LIMITS.dataLength, path = field): string | undefined {
  return optionalString(input, field, max, 0, path);
}

export { optionalDuration, optionalPriority };

export interface TimeFilter {
  oldest: number;
  latest?: number;
}

/** An ExecutionTimeFilter (epoch seconds on the wire) as epoch ms. */
export function readTimeFilter(input: Input, field: string): TimeFilter | undefined {
  const filter = optionalObject(input, field);
  if (filter === undefined) return undefined;
  const oldest = timestamp(filter.oldestDate, `${field}.oldestDate`);
  if (oldest === undefined) {
    throw validationError(`1 validation error detected: Value null at '${field}.oldestDate' failed to satisfy constraint: Member must not be null`);
  }
  const latest = timestamp(filter.latestDate, `${field}.latestDate`);
  if (latest !== undefined && latest < oldest) throw validationError(`'${field}.latestDate' must not be before '${field}.oldestDate'`);
  return { oldest, latest };
}

function timestamp(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw validationError(`Field '${path}' must be a timestamp in epoch seconds`);
  return value * 1000;
}
