import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SSMClient } from '@aws-sdk/client-ssm';
import { cloudFormationPages } from './cloudformation-pages';
import { CustomResourceEvent, handleEvent, LambdaContextLike, runRetirement } from './handler';
import type { ResourceResult } from './lifecycle';
import type { RetirementOutcome } from './retirement/pass';
import { SsmRetirementStore } from './retirement/ssm-store';
import { RETIREMENT_PASS_EVENT, RETIREMENT_PATH_VARIABLE } from '../../lib/common/type-retirement';
import { STACK_ID_VARIABLE } from '../../lib/common/handler-stack';

let store: SsmRetirementStore | undefined;
let stackPages: ReturnType<typeof cloudFormationPages> | undefined;

/** The stack's resources, read before a Delete (still-declared.ts); the handler retries within its own deadline. */
function stackResources(): ReturnType<typeof cloudFormationPages> {
  return (stackPages ??= cloudFormationPages(new CloudFormationClient({ maxAttempts: 1 })));
}

/** Pending retirements in SSM under the path the provider sets; undefined when it sets none (deprecate at once). */
function retirementStore(): SsmRetirementStore | undefined {
  const path = process.env[RETIREMENT_PATH_VARIABLE];
  if (!path) return undefined;
  // PutParameter allows a few calls per second by default and CloudFormation deletes replaced types in parallel:
  // retry throttling well past the SDK's default 3 attempts.
  return (store ??= new SsmRetirementStore(new SSMClient({ maxAttempts: 10 }), path.replace(/\/+$/, ''), (line) => console.log(line)));
}

/** The Provider framework's onEvent entry point; also runs the scheduled retirement pass. */
export function handler(
  event: CustomResourceEvent | typeof RETIREMENT_PASS_EVENT,
  context?: LambdaContextLike,
): Promise<ResourceResult | RetirementOutcome[]> {
  if ('CdkSwfRetirementPass' in event) {
    const retirements = retirementStore();
    if (!retirements) throw new Error(`the retirement pass needs ${RETIREMENT_PATH_VARIABLE}: deploy the stack with this version of cdk-swf`);
    return runRetirement(retirements, { stackResources: stackResources(), stackId: process.env[STACK_ID_VARIABLE] || undefined }, context);
  }
  return handleEvent(event, context, { retirements: retirementStore(), stackResources: stackResources() });
}

export * from './engine';
export { SsmRetirementStore, RETIREMENT_PATH_VARIABLE } from './retirement/ssm-store';
