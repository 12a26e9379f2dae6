import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import {
  characterCount,
  isDescription,
  isTagKeyLength,
  isTagText,
  isTagValueLength,
  isTaskPriority,
  NameViolation,
  nameViolation,
  SWF_LIMITS,
} from '../common/swf-constraints';

/**
 * SWF's rules (lib/common/swf-constraints.ts) applied at synth time, so that a bad value fails the synth instead of
 * surfacing as a failed deployment minutes later. Errors name the construct path. Values that are tokens are skipped
 * here: the handler validates them at deploy time. Lengths are counted in characters (code points).
 */

export { SWF_LIMITS };

/** Throws an error that names the construct, the property, the value and the rule. */
export function fail(scope: IConstruct, property: string, value: unknown, rule: string): never {
  throw new Error(`${scope.node.path}: invalid ${property} ${JSON.stringify(value)}: ${rule}`);
}

export interface NameRuleOptions {
  /** Maximum length in characters. */
  readonly maxLength: number;
  /** SWF rejects leading and trailing white space in domain and task list names. */
  readonly trimmed?: boolean;
}

const NAME_RULES: Record<NameViolation, (maxLength: number, length: number) => string> = {
  length: (maxLength, length) => `must be 1-${maxLength} characters long (got ${length})`,
  characters: () => 'must not contain ":", "/", "|" or control characters',
  reserved: () => 'must not be the literal string "arn"',
  whitespace: () => 'must not start or end with white space',
};

/** The rules shared by domain names, type names, versions and task list names. */
export function validateName(scope: IConstruct, property: string, value: string | undefined, options: NameRuleOptions): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  const violation = nameViolation(value, options.maxLength, { trimmed: options.trimmed, measure: characterCount });
  if (violation) fail(scope, property, value, NAME_RULES[violation](options.maxLength, characterCount(value)));
}

export function validateDescription(scope: IConstruct, value: string | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!isDescription(value, characterCount)) {
    fail(scope, 'description', `${value.slice(0, 40)}...`, `must be at most ${SWF_LIMITS.descriptionLength} characters long (got ${characterCount(value)})`);
  }
}

export function validateTaskPriority(scope: IConstruct, value: number | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!isTaskPriority(value)) {
    fail(scope, 'defaultTaskPriority', value, `must be a whole number from ${SWF_LIMITS.priorityMin} to ${SWF_LIMITS.priorityMax}`);
  }
}

export interface ResourceTag {
  readonly Key: string;
  readonly Value: string;
}

const TAG_CHARACTERS_RULE = 'may contain only letters, digits, white space and _ . : / = + - @';

export function validateTags(scope: IConstruct, tags: readonly ResourceTag[]): string[] {
  const errors: string[] = [];
  const report = (tag: ResourceTag, rule: string) =>
    errors.push(`${scope.node.path}: invalid tag ${JSON.stringify(`${tag.Key}=${tag.Value}`)}: ${rule}`);
  if (tags.length > SWF_LIMITS.tagsMax) {
    errors.push(`${scope.node.path}: too many tags (${tags.length}): SWF allows at most ${SWF_LIMITS.tagsMax} per domain`);
  }
  for (const tag of tags) {
    if (!Token.isUnresolved(tag.Key)) {
      if (!isTagKeyLength(tag.Key, characterCount)) report(tag, `the key must be 1-${SWF_LIMITS.tagKeyLength} characters long`);
      if (!isTagText(tag.Key)) report(tag, `the key ${TAG_CHARACTERS_RULE}`);
    }
    if (!Token.isUnresolved(tag.Value)) {
      if (!isTagValueLength(tag.Value, characterCount)) report(tag, `the value must be at most ${SWF_LIMITS.tagValueLength} characters long`);
      if (!isTagText(tag.Value)) report(tag, `the value ${TAG_CHARACTERS_RULE}`);
    }
  }
  return errors;
}
