import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * SWF's naming and size rules (swf-api.md §2, §11.9). The SDK only checks lengths, so without these a bad
 * value would surface as a failed deployment minutes later. Values that are tokens are skipped here: the
 * handler validates them at deploy time.
 */

// Control characters \u0000-\u001f and \u007f-\u009f, plus the three separators SWF reserves.
const FORBIDDEN_NAME_CHARACTERS = /[:/|\u0000-\u001f\u007f-\u009f]/u;
// Unicode letters, digits, white space and _ . : / = + - @ (ResourceTag).
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export const SWF_LIMITS = {
  nameLength: 256,
  versionLength: 64,
  descriptionLength: 1024,
  retentionDaysMax: 90,
  timeoutSecondsMax: 99_999_999, // DurationInSecondsOptional is a string of at most 8 characters
  executionTimeoutSecondsMax: 365 * 24 * 60 * 60, // an execution may run for at most 1 year
  tagsMax: 50,
  tagKeyLength: 128,
  tagValueLength: 256,
  priorityMin: -2147483648,
  priorityMax: 2147483647,
} as const;

/** Throws an error that names the construct, the property, the value and the rule. */
export function fail(scope: IConstruct, property: string, value: unknown, rule: string): never {
  throw new Error(`${scope.node.path}: invalid ${property} ${JSON.stringify(value)}: ${rule}`);
}

function characterCount(value: string): number {
  return [...value].length;
}

export interface NameRuleOptions {
  /** Maximum length in characters. */
  readonly maxLength: number;
  /** SWF rejects leading and trailing white space in domain and task list names. */
  readonly trimmed?: boolean;
}

/** The rules shared by domain names, type names, versions and task list names. */
export function validateName(scope: IConstruct, property: string, value: string | undefined, options: NameRuleOptions): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  const length = characterCount(value);
  if (length < 1 || length > options.maxLength) {
    fail(scope, property, value, `must be 1-${options.maxLength} characters long (got ${length})`);
  }
  if (FORBIDDEN_NAME_CHARACTERS.test(value)) {
    fail(scope, property, value, 'must not contain ":", "/", "|" or control characters');
  }
  if (value === 'arn') {
    fail(scope, property, value, 'must not be the literal string "arn"');
  }
  if (options.trimmed && value.trim() !== value) {
    fail(scope, property, value, 'must not start or end with white space');
  }
}

export function validateDescription(scope: IConstruct, value: string | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  const length = characterCount(value);
  if (length > SWF_LIMITS.descriptionLength) {
    fail(scope, 'description', `${value.slice(0, 40)}...`, `must be at most ${SWF_LIMITS.descriptionLength} characters long (got ${length})`);
  }
}

export function validateTaskPriority(scope: IConstruct, value: number | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < SWF_LIMITS.priorityMin || value > SWF_LIMITS.priorityMax) {
    fail(scope, 'defaultTaskPriority', value, `must be a whole number from ${SWF_LIMITS.priorityMin} to ${SWF_LIMITS.priorityMax}`);
  }
}

export interface ResourceTag {
  readonly Key: string;
  readonly Value: string;
}

export function validateTags(scope: IConstruct, tags: readonly ResourceTag[]): string[] {
  const errors: string[] = [];
  const report = (tag: ResourceTag, rule: string) =>
    errors.push(`${scope.node.path}: invalid tag ${JSON.stringify(`${tag.Key}=${tag.Value}`)}: ${rule}`);
  if (tags.length > SWF_LIMITS.tagsMax) {
    errors.push(`${scope.node.path}: too many tags (${tags.length}): SWF allows at most ${SWF_LIMITS.tagsMax} per domain`);
  }
  for (const tag of tags) {
    if (!Token.isUnresolved(tag.Key)) {
      const length = characterCount(tag.Key);
      if (length < 1 || length > SWF_LIMITS.tagKeyLength) report(tag, `the key must be 1-${SWF_LIMITS.tagKeyLength} characters long`);
      if (!TAG_CHARACTERS.test(tag.Key)) report(tag, 'the key may contain only letters, digits, white space and _ . : / = + - @');
    }
    if (!Token.isUnresolved(tag.Value)) {
      if (characterCount(tag.Value) > SWF_LIMITS.tagValueLength) report(tag, `the value must be at most ${SWF_LIMITS.tagValueLength} characters long`);
      if (!TAG_CHARACTERS.test(tag.Value)) report(tag, 'the value may contain only letters, digits, white space and _ . : / = + - @');
    }
  }
  return errors;
}
