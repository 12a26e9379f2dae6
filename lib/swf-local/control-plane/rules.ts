import { isRetentionPeriod, isTagKeyLength, isTagText, SWF_LIMITS, TAG_PATTERN } from '../../common/swf-constraints';
import { fault, quote, validationError } from '../errors';
import type { RegistrationStatus, ResourceTag } from '../records';
import { optionalEnum, optionalString, REGISTRATION_STATUSES, requiredString } from '../validate';

/** The rules are the shared ones (lib/common/swf-constraints.ts); the messages are AWS's. */

type Input = Record<string, unknown>;

/** SWF allows at most 50 tags per domain. */
export const MAX_TAGS = SWF_LIMITS.tagsMax;
/** Longest execution start-to-close timeout SWF accepts: one year. */
export const MAX_EXECUTION_SECONDS = SWF_LIMITS.executionTimeoutSecondsMax;
const TAG_PATTERN_RULE = `Member must satisfy regular expression pattern: ${TAG_PATTERN}`;

function constraint(path: string, value: unknown, rule: string): never {
  throw validationError(`1 validation error detected: Value '${quote(value)}' at '${path}' failed to satisfy constraint: ${rule}`);
}

/** `workflowExecutionRetentionPeriodInDays`: "0".."90" or "NONE". */
export function retentionDays(input: Input): string {
  const field = 'workflowExecutionRetentionPeriodInDays';
  const value = requiredString(input, field, 8);
  if (!isRetentionPeriod(value)) {
    constraint(field, value, `Member must be NONE or a whole number of days between 0 and ${SWF_LIMITS.retentionDaysMax}`);
  }
  return value;
}

function checkTagKey(key: unknown, path: string): string {
  if (typeof key !== 'string') constraint(path, key, 'Member must not be null and must be a string');
  if (!isTagKeyLength(key)) constraint(path, key, `Member must have length between 1 and ${SWF_LIMITS.tagKeyLength}`);
  if (!isTagText(key)) constraint(path, key, TAG_PATTERN_RULE);
  return key;
}

/** A resource tag list (`tags`), deduplicated by key (the last value wins, as in AWS tagging). */
export function resourceTags(input: Input, field = 'tags'): ResourceTag[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw validationError(`Field '${field}' must be a list of {key, value} tags`);
  const byKey = new Map<string, ResourceTag>();
  value.forEach((item: unknown, index) => {
    const path = `${field}.${index + 1}.member`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw validationError(`Field '${path}' must be an object with 'key' and optional 'value'`);
    }
    const tag = item as Input;
    const key = checkTagKey(tag.key, `${path}.key`);
    const tagValue = optionalString(tag, 'value', SWF_LIMITS.tagValueLength, 0, `${path}.value`);
    if (tagValue !== undefined && !isTagText(tagValue)) constraint(`${path}.value`, tagValue, TAG_PATTERN_RULE);
    byKey.set(key, tagValue === undefined ? { key } : { key, value: tagValue });
  });
  const tags = [...byKey.values()];
  if (tags.length > MAX_TAGS) throw tooManyTags(tags.length);
  return tags;
}

export function tagKeys(input: Input): string[] {
  const value = input.tagKeys;
  if (value === undefined || value === null) constraint('tagKeys', null, 'Member must not be null');
  if (!Array.isArray(value)) throw validationError("Field 'tagKeys' must be a list of strings");
  if (value.length > MAX_TAGS) constraint('tagKeys', `[${value.length} keys]`, `Member must have length less than or equal to ${MAX_TAGS}`);
  return value.map((key: unknown, index) => checkTagKey(key, `tagKeys.${index + 1}.member`));
}

export function tooManyTags(count: number) {
  return fault('TooManyTagsFault', `A domain can have at most ${MAX_TAGS} tags; this request would leave it with ${count}`);
}

/** `registrationStatus`, required on every List operation. */
export function requiredStatus(input: Input): RegistrationStatus {
  const status = optionalEnum(input, 'registrationStatus', REGISTRATION_STATUSES);
  if (status === undefined) constraint('registrationStatus', null, 'Member must not be null');
  return status;
}
