import {
  CHILD_POLICIES,
  isDurationSeconds,
  isTaskPriorityText,
  nameContentViolation,
  NONE,
  SWF_LIMITS,
} from '../common/swf-constraints';
import { quote, validationError } from './errors';

/**
 * Input checks in SWF's terms. Messages follow AWS's style ("Value ... at 'name' failed to satisfy constraint: ...");
 * the rules themselves (character sets, limits) are the shared ones in lib/common/swf-constraints.ts.
 */

type Input = Record<string, unknown>;

function constraint(field: string, value: unknown, rule: string): never {
  throw validationError(`1 validation error detected: Value '${quote(value)}' at '${field}' failed to satisfy constraint: ${rule}`);
}

export function optionalString(input: Input, field: string, max: number, min = 0, path = field): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validationError(`Field '${path}' must be a string`);
  if (value.length < min || value.length > max) {
    constraint(path, value, `Member must have length between ${min} and ${max}`);
  }
  return value;
}

export function requiredString(input: Input, field: string, max: number, min = 1, path = field): string {
  const value = optionalString(input, field, max, min, path);
  if (value === undefined) constraint(path, null, 'Member must not be null');
  return value;
}

/** SWF's rule for domain, type, version, task list and workflow id values. */
export function checkSwfName(value: string, path: string, trimmed = false): string {
  const violation = nameContentViolation(value, { trimmed });
  if (violation === 'characters' || violation === 'reserved') {
    constraint(path, value, "Member must not contain ':', '/', '|', control characters, or be the literal string 'arn'");
  }
  if (violation === 'whitespace') constraint(path, value, 'Member must not start or end with whitespace');
  return value;
}

export function requiredName(input: Input, field: string, max: number = SWF_LIMITS.nameLength, path = field, trimmed = false): string {
  return checkSwfName(requiredString(input, field, max, 1, path), path, trimmed);
}

export function optionalName(input: Input, field: string, max: number = SWF_LIMITS.nameLength, path = field): string | undefined {
  const value = optionalString(input, field, max, 1, path);
  return value === undefined ? undefined : checkSwfName(value, path);
}

export function optionalObject(input: Input, field: string, path = field): Input | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw validationError(`Field '${path}' must be an object`);
  return value as Input;
}

export function requiredObject(input: Input, field: string, path = field): Input {
  const value = optionalObject(input, field, path);
  if (value === undefined) constraint(path, null, 'Member must not be null');
  return value;
}

export function optionalBoolean(input: Input, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw validationError(`Field '${field}' must be a boolean`);
  return value;
}

export function optionalInteger(input: Input, field: string, min: number, max: number): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw validationError(`Field '${field}' must be an integer`);
  if (value < min || value > max) constraint(field, value, `Member must have value between ${min} and ${max}`);
  return value;
}

/** A duration in seconds as SWF sends it: a string of digits, or "NONE" where allowed. */
export function optionalDuration(input: Input, field: string, allowNone: boolean, path = field): string | undefined {
  const value = optionalString(input, field, SWF_LIMITS.durationLength, 0, path);
  if (value === undefined) return undefined;
  if (value === NONE && allowNone) return value;
  if (!isDurationSeconds(value)) {
    constraint(path, value, allowNone ? 'Member must be a number of seconds or NONE' : 'Member must be a number of seconds');
  }
  return value;
}

/** Task priority: a string holding a 32-bit signed integer. */
export function optionalPriority(input: Input, field: string, path = field): string | undefined {
  const value = optionalString(input, field, SWF_LIMITS.priorityLength, 0, path);
  if (value === undefined) return undefined;
  if (!isTaskPriorityText(value)) {
    constraint(path, value, `Member must be an integer between ${SWF_LIMITS.priorityMin} and ${SWF_LIMITS.priorityMax}`);
  }
  return value;
}

export function optionalEnum<T extends string>(input: Input, field: string, allowed: readonly T[], path = field): T | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    constraint(path, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
  return value as T;
}

export { CHILD_POLICIES };
export const REGISTRATION_STATUSES = ['REGISTERED', 'DEPRECATED'] as const;

/** A `{name, version}` workflow or activity type reference. */
export function readTypeRef(input: Input, field: string, path = field): { name: string; version: string } {
  const ref = requiredObject(input, field, path);
  return { name: requiredName(ref, 'name', 256, `${path}.name`), version: requiredName(ref, 'version', 64, `${path}.version`) };
}

/** An optional `{name}` task list, as its name. */
export function readTaskList(input: Input, field: string, path = field): string | undefined {
  const taskList = optionalObject(input, field, path);
  return taskList === undefined ? undefined : requiredName(taskList, 'name', 256, `${path}.name`);
}
