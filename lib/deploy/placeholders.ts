import type { StackEnvironment } from './environment';
import type { ResourceValue } from './intrinsics';

/**
 * Values of resources cdk-swf does not deploy (an IAM role, a parameter with no value) before CloudFormation has
 * them. `plan` shows such a property as known after deploy; `apply` against swf-local registers a deterministic
 * placeholder (the same on every run, so a re-plan shows no change) and says so.
 */

/** Every placeholder contains this, so plan can tell which properties are not known yet. */
export const PLACEHOLDER_MARK = 'cdk-swf-placeholder';

/** The value Ref / GetAtt give for a resource cdk-swf does not deploy: ARNs keep their service's shape. */
export function placeholderValue(env: StackEnvironment, logicalId: string, resourceType: string): ResourceValue {
  const name = `${PLACEHOLDER_MARK}-${env.stackName}-${logicalId}`;
  const known = arnAttributes(resourceType, name, env, {});
  const data = new Proxy({} as Record<string, unknown>, {
    has: () => true,
    get: (_target, attribute) => (typeof attribute === 'string' ? (known[attribute] ?? `${PLACEHOLDER_MARK}.${env.stackName}.${logicalId}.${attribute}`) : undefined),
    ownKeys: () => Object.keys(known),
    getOwnPropertyDescriptor: (_target, key) => (typeof key === 'string' && key in known ? { enumerable: true, configurable: true, value: known[key] } : undefined),
  });
  return { physicalId: name, data };
}

/** A parameter's placeholder (no Default, or read from SSM, and no deployed value). */
export function parameterPlaceholder(env: StackEnvironment, name: string): string {
  return `${PLACEHOLDER_MARK}.${env.stackName}.${name}`;
}

/** The value of a resource CloudFormation deployed, from its physical id: ARNs for the types whose ARN it determines. */
export function deployedValue(env: StackEnvironment, resourceType: string, physicalId: string, properties: Record<string, unknown>): ResourceValue {
  const known = arnAttributes(resourceType, physicalId, env, properties);
  const data = new Proxy({ ...known } as Record<string, unknown>, {
    has: () => true,
    get: (target, attribute) => (typeof attribute === 'string' ? (target[attribute] ?? `${PLACEHOLDER_MARK}.${env.stackName}.${physicalId}.${attribute}`) : undefined),
  });
  return { physicalId, data };
}

/** Whether a resolved value holds a placeholder somewhere. */
export function hasPlaceholder(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(PLACEHOLDER_MARK);
  if (Array.isArray(value)) return value.some(hasPlaceholder);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasPlaceholder);
  return false;
}

/** The properties (top-level names) whose resolved value is not known before deploy. */
export function unknownProperties(properties: Record<string, unknown>): string[] {
  return Object.keys(properties).filter((key) => hasPlaceholder(properties[key]));
}

function arnAttributes(resourceType: string, name: string, env: StackEnvironment, properties: Record<string, unknown>): Record<string, string> {
  const account = accountOrPlaceholder(env);
  switch (resourceType) {
    case 'AWS::IAM::Role': {
      const rolePath = typeof properties.Path === 'string' ? properties.Path : '/';
      return { Arn: `arn:${env.partition}:iam::${account}:role${rolePath}${name}` };
    }
    case 'AWS::Lambda::Function':
      return { Arn: `arn:${env.partition}:lambda:${env.region}:${account}:function:${name}` };
    default:
      return {};
  }
}

function accountOrPlaceholder(env: StackEnvironment): string {
  try {
    return env.account();
  } catch {
    return '000000000000';
  }
}
