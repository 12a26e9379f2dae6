import {
  CHILD_POLICIES,
  isChildPolicy,
  isDescription,
  isExecutionTimeout,
  isOptionalTimeout,
  isRetentionPeriod,
  isRoleArn,
  isTagKeyLength,
  isTagText,
  isTagValueLength,
  isTaskPriorityText,
  NameViolation,
  nameViolation,
  SWF_LIMITS,
} from '../../lib/common/swf-constraints';

/**
 * SWF's input rules (lib/common/swf-constraints.ts, shared with the constructs and swf-local) in the handler's words.
 * Each check returns a problem description for a message, or undefined when the value is fine.
 */

const NAME_PROBLEMS: Record<NameViolation, (maxLength: number) => string> = {
  length: (maxLength) => `must be 1-${maxLength} characters long`,
  characters: () => "must not contain ':', '/', '|' or control characters",
  reserved: () => "must not be the literal string 'arn'",
  whitespace: () => 'must not start or end with whitespace',
};

export function nameProblem(value: string, maxLength: number, options: { trimmed?: boolean } = {}): string | undefined {
  const violation = nameViolation(value, maxLength, { trimmed: options.trimmed });
  return violation && NAME_PROBLEMS[violation](maxLength);
}

export function descriptionProblem(value: string): string | undefined {
  return isDescription(value) ? undefined : `must be at most ${SWF_LIMITS.descriptionLength} characters long`;
}

export function retentionProblem(value: string): string | undefined {
  return isRetentionPeriod(value) ? undefined : `must be a whole number of days from 0 to ${SWF_LIMITS.retentionDaysMax}, or NONE`;
}

/** Timeouts that SWF accepts as NONE (no limit) or whole seconds. */
export function optionalTimeoutProblem(value: string): string | undefined {
  return isOptionalTimeout(value) ? undefined : `must be a whole number of seconds (at most ${SWF_LIMITS.durationLength} digits), or NONE`;
}

/** SWF caps an execution at one year and does not accept NONE when registering a workflow type. */
export function executionTimeoutProblem(value: string): string | undefined {
  return isExecutionTimeout(value)
    ? undefined
    : `must be a whole number of seconds from 0 to ${SWF_LIMITS.executionTimeoutSecondsMax} (one year)`;
}

export function priorityProblem(value: string): string | undefined {
  return isTaskPriorityText(value) ? undefined : `must be a whole number from ${SWF_LIMITS.priorityMin} to ${SWF_LIMITS.priorityMax}`;
}

export function childPolicyProblem(value: string): string | undefined {
  return isChildPolicy(value) ? undefined : `must be one of ${CHILD_POLICIES.join(', ')}`;
}

export function roleArnProblem(value: string): string | undefined {
  return isRoleArn(value) ? undefined : 'must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)';
}

const TAG_CHARACTERS_PROBLEM = 'may contain only letters, digits, spaces and _ . : / = + - @';

export function tagKeyProblem(key: string): string | undefined {
  if (!isTagKeyLength(key)) return `must be 1-${SWF_LIMITS.tagKeyLength} characters long`;
  if (!isTagText(key)) return TAG_CHARACTERS_PROBLEM;
  return undefined;
}

export function tagValueProblem(value: string): string | undefined {
  if (!isTagValueLength(value)) return `must be at most ${SWF_LIMITS.tagValueLength} characters long`;
  if (!isTagText(value)) return TAG_CHARACTERS_PROBLEM;
  return undefined;
}
