/**
 * SWF's input rules (swf-api.md §2, §11.9), in one place: the limits, the character sets and the checks. The service
 * enforces them; the SDK checks lengths only.
 *
 * This module is pure (no aws-cdk-lib, no Node APIs) so that every side can import it: the constructs (synth time,
 * lib/construct-support/swf-rules.ts), the custom-resource handler (deploy time, bundled by esbuild) and swf-local (the server
 * emulation). Each side words the messages its own way; the rules themselves live only here.
 */

export const SWF_LIMITS = {
  nameLength: 256,
  versionLength: 64,
  descriptionLength: 1024,
  retentionDaysMax: 90,
  /** DurationInSeconds(Optional) is a string of at most 8 characters. */
  durationLength: 8,
  timeoutSecondsMax: 99_999_999,
  executionTimeoutSecondsMax: 365 * 24 * 60 * 60, // an execution may run for at most 1 year
  /** A task priority is a string of at most 11 characters holding a 32-bit signed integer. */
  priorityLength: 11,
  priorityMin: -2147483648,
  priorityMax: 2147483647,
  roleArnLength: 1600,
  tagsMax: 50,
  tagKeyLength: 128,
  tagValueLength: 256,
  /** Input, results, details, control and signal data. */
  dataLength: 32_768,
  /** Reasons given for failing or canceling a task or an execution. */
  reasonLength: 256,
  /** Details a heartbeat carries. */
  heartbeatDetailsLength: 2_048,
  /** Workflow, activity, timer, marker and signal ids and names, and worker identities. */
  idLength: 256,
  /** A run id, as SWF generates it. */
  runIdLength: 64,
} as const;

/** The value SWF accepts for "no limit" in retention periods and (optional) timeouts. */
export const NONE = 'NONE';

export const CHILD_POLICIES = ['TERMINATE', 'REQUEST_CANCEL', 'ABANDON'] as const;
export type ChildPolicyName = (typeof CHILD_POLICIES)[number];

/** How a workflow execution can close. */
export const CLOSE_STATUSES = ['COMPLETED', 'FAILED', 'CANCELED', 'TERMINATED', 'CONTINUED_AS_NEW', 'TIMED_OUT'] as const;
export type CloseStatusName = (typeof CLOSE_STATUSES)[number];

/** How a length is measured: UTF-16 code units (`value.length`, the default) or characters (code points). */
export type LengthMeasure = (value: string) => number;

export const codeUnitCount: LengthMeasure = (value) => value.length;
export const characterCount: LengthMeasure = (value) => [...value].length;

// Control characters \u0000-\u001f and \u007f-\u009f, plus the three separators SWF reserves.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_NAME_CHARACTERS = /[:/|\u0000-\u001f\u007f-\u009f]/u;
/** A name SWF refuses as a whole. */
const RESERVED_NAME = 'arn';
const DIGITS = /^\d+$/;
const INTEGER = /^[+-]?\d+$/;
const ROLE_ARN = /^arn:[\w-]+:iam::\d{12}:role\/\S+$/;

/** Unicode letters, white space, digits and _ . : / = + - @ (ResourceTag key and value), as AWS documents it. */
export const TAG_PATTERN = '^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$';
const TAG_CHARACTERS = new RegExp(TAG_PATTERN, 'u');

/** Which name rule a value breaks, checked in this order (the first one broken is reported). */
export type NameViolation = 'length' | 'characters' | 'reserved' | 'whitespace';

export interface NameCheckOptions {
  /** SWF rejects leading and trailing white space in domain and task list names. */
  readonly trimmed?: boolean;
  /** @default codeUnitCount */
  readonly measure?: LengthMeasure;
}

/** The rules shared by domain names, type names, versions, task list names and workflow ids. */
export function nameViolation(value: string, maxLength: number, options: NameCheckOptions = {}): NameViolation | undefined {
  const length = (options.measure ?? codeUnitCount)(value);
  if (length < 1 || length > maxLength) return 'length';
  return nameContentViolation(value, options);
}

/** The name rules other than the length (for callers that check the length on their own). */
export function nameContentViolation(value: string, options: { readonly trimmed?: boolean } = {}): Exclude<NameViolation, 'length'> | undefined {
  if (FORBIDDEN_NAME_CHARACTERS.test(value)) return 'characters';
  if (value === RESERVED_NAME) return 'reserved';
  if (options.trimmed && value.trim() !== value) return 'whitespace';
  return undefined;
}

export function isDescription(value: string, measure: LengthMeasure = codeUnitCount): boolean {
  return measure(value) <= SWF_LIMITS.descriptionLength;
}

/** A retention period as a number of days: a whole number from 0 to 90. */
export function isRetentionDays(days: number): boolean {
  return Number.isInteger(days) && days >= 0 && days <= SWF_LIMITS.retentionDaysMax;
}

/** `workflowExecutionRetentionPeriodInDays`: NONE, or a whole number of days from 0 to 90. */
export function isRetentionPeriod(value: string): boolean {
  return value === NONE || (DIGITS.test(value) && isRetentionDays(Number(value)));
}

/** A DurationInSeconds string: whole seconds, at most 8 digits. */
export function isDurationSeconds(value: string): boolean {
  return DIGITS.test(value) && value.length <= SWF_LIMITS.durationLength;
}

/** Timeouts that SWF accepts as NONE (no limit) or whole seconds. */
export function isOptionalTimeout(value: string): boolean {
  return value === NONE || isDurationSeconds(value);
}

/**
 * SWF caps an execution at one year and does not accept NONE when registering a workflow type; the API reference
 * allows "an integer greater than or equal to 0", so 0 (an execution that times out at once) is accepted as SWF does.
 */
export function isExecutionTimeout(value: string): boolean {
  if (!DIGITS.test(value)) return false;
  const seconds = Number(value);
  return seconds >= 0 && seconds <= SWF_LIMITS.executionTimeoutSecondsMax;
}

/** A task priority: a 32-bit signed integer. */
export function isTaskPriority(value: number): boolean {
  return Number.isInteger(value) && value >= SWF_LIMITS.priorityMin && value <= SWF_LIMITS.priorityMax;
}

/** A task priority as SWF transmits it: the integer's decimal text, optionally signed. */
export function isTaskPriorityText(value: string): boolean {
  return INTEGER.test(value) && isTaskPriority(Number(value));
}

export function isChildPolicy(value: string): boolean {
  return (CHILD_POLICIES as readonly string[]).includes(value);
}

/** `arn:<partition>:iam::<account>:role/<name>`, at most 1600 characters. */
export function isRoleArn(value: string): boolean {
  return value.length <= SWF_LIMITS.roleArnLength && ROLE_ARN.test(value);
}

/** A tag key is 1-128 long. */
export function isTagKeyLength(key: string, measure: LengthMeasure = codeUnitCount): boolean {
  const length = measure(key);
  return length >= 1 && length <= SWF_LIMITS.tagKeyLength;
}

/** A tag value is at most 256 long (it may be empty). */
export function isTagValueLength(value: string, measure: LengthMeasure = codeUnitCount): boolean {
  return measure(value) <= SWF_LIMITS.tagValueLength;
}

/** The characters allowed in tag keys and values (TAG_PATTERN). */
export function isTagText(value: string): boolean {
  return TAG_CHARACTERS.test(value);
}
