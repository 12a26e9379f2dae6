/**
 * How long after a workflow or activity type was replaced or removed (with removal policy DESTROY) the old version
 * stays registered at least: longer than any rolling deployment of the workers, so that old workers, starters and
 * open executions can still use it. One day.
 */
export const DEFAULT_RETIREMENT_GRACE_SECONDS = 24 * 60 * 60;

/** The custom-resource property that sets it per type (whole seconds, as a string). Not part of the type's identity. */
export const RETIREMENT_GRACE_PROPERTY = 'RetirementGracePeriod';

/** The Lambda environment variable naming the SSM parameter path of a stack's pending retirements. */
export const RETIREMENT_PATH_VARIABLE = 'CDK_SWF_RETIREMENT_PARAMETER_PATH';

/** The input of the scheduled invocation (EventBridge) of the handler Lambda that runs the retirement pass. */
export const RETIREMENT_PASS_EVENT = { CdkSwfRetirementPass: true } as const;

/**
 * One per stack, created by the provider, that every type depends on: CloudFormation deletes it only when the stack
 * is deleted, after the types, and its Delete deprecates what is still waiting (no pass would run any more).
 * Not `Custom::Swf*`, so `cdk-swf plan/apply` leave it to CloudFormation.
 */
export const RETIREMENTS_RESOURCE_TYPE = 'Custom::CdkSwfRetirements';
