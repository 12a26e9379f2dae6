/**
 * SWF's own input rules (the service enforces them; the SDK checks lengths only). Each check returns a problem
 * description for a message, or undefined when the value is fine.
 */

// eslint-disable-next-line no-control-regex
const FORBIDDEN_NAME_CHARACTERS = /[:/|\u0000-\u001f\u007f-\u009f]/;
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const DIGITS = /^\d+$/;
const INTEGER = /^[+-]?\d+$/;

export const MAX_RETENTION_DAYS = 90;
export const MAX_EXECUTION_SECONDS = 365 * 24 * 60 * 60;
export const MAX_TAGS = 50;
export const CHILD_POLICIES = ['TERMINATE', 'REQUEST_CANCEL', 'ABANDON'] as const;

export function nameProblem(value: string, maxLength: number, options: { trimmed?: boolean } = {}): string | undefined {
  if (value.length < 1 || value.length > maxLength) return `must be 1-${maxLength} characters long`;
  if (FORBIDDEN_NAME_CHARACTERS.test(value)) return "must not contain ':', '/', '|' or control characters";
  if (value === 'arn') return "must not be the literal string 'arn'";
  if (options.trimmed && value.trim() !== value) return 'must not start or end with whitespace';
  return undefined;
}

export function descriptionProblem(value: string): string | undefined {
  return value.length > 1024 ? 'must be at most 1024 characters long' : undefined;
}

export function retentionProblem(value: string): string | undefined {
  if (value === 'NONE') return undefined;
  if (!DIGITS.test(value) || Number(value) > MAX_RETENTION_DAYS) {
    return `must be a whole number of days from 0 to ${MAX_RETENTION_DAYS}, or NONE`;
  }
  return undefined;
}

/** Timeouts that SWF accepts as NONE (no limit) or whole seconds. */
export function optionalTimeoutProblem(value: string): string | undefined {
  if (value === 'NONE') return undefined;
  if (!DIGITS.test(value) || value.length > 8) return 'must be a whole number of seconds (at most 8 digits), or NONE';
  return undefined;
}

/** SWF caps an execution at one year and does not accept NONE when registering a workflow type. */
export function executionTimeoutProblem(value: string): string | undefined {
  if (!DIGITS.test(value) || Number(value) < 1 || Number(value) > MAX_EXECUTION_SECONDS) {
    return `must be a whole number of seconds from 1 to ${MAX_EXECUTION_SECONDS} (one year)`;
  }
  return undefined;
}

export function priorityProblem(value: string): string | undefined {
  const n = Number(value);
  if (!INTEGER.test(value) || n < -2147483648 || n > 2147483647) {
    return 'must be a whole number from -2147483648 to 2147483647';
  }
  return undefined;
}

export function childPolicyProblem(value: string): string | undefined {
  return (CHILD_POLICIES as readonly string[]).includes(value) ? undefined : `must be one of ${CHILD_POLICIES.join(', ')}`;
}

export function roleArnProblem(value: string): string | undefined {
  if (value.length > 1600 || !/^arn:[\w-]+:iam::\d{12}:role\/\S+$/.test(value)) {
    return 'must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)';
  }
  return undefined;
}

export function tagKeyProblem(key: string): string | undefined {
  if (key.length < 1 || key.length > 128) return 'must be 1-128 characters long';
  if (!TAG_CHARACTERS.test(key)) return 'may contain only letters, digits, spaces and _ . : / = + - @';
  return undefined;
}

export function tagValueProblem(value: string): string | undefined {
  if (value.length > 256) return 'must be at most 256 characters long';
  if (!TAG_CHARACTERS.test(value)) return 'may contain only letters, digits, spaces and _ . : / = + - @';
  return undefined;
}
