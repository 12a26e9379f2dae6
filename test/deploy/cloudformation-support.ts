import { createHash, randomUUID } from 'node:crypto';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { SWFClient } from '@aws-sdk/client-swf';
import { readCloudAssembly } from '../../lib/deploy/assembly';
import { stackEnvironment } from '../../lib/deploy/environment';
import { IN_PROCESS_SERVICE_TOKEN } from '../../lib/deploy/handler';
import { inProcessHandler } from '../../lib/deploy/in-process-handler';
import { deployedValue } from '../../lib/deploy/placeholders';
import { desiredStack, resolveProperties } from '../../lib/deploy/planner';
import { ResourceValues } from '../../lib/deploy/resource-values';
import { afterEach, beforeEach } from 'vitest';
import { CloudFormationStandin, StandinResource, startCloudFormationStandin } from '../support/cloudformation-standin';
import { LocalSwf, startLocalSwf } from '../support/swf-local';
import { cleanupTemporaryDirectories, temporaryDirectory } from './support';

/** A real CloudFormation SDK client pointed at the stand-in (dummy credentials: the stand-in only checks a signature is there). */
export function cloudFormationClientFor(standin: CloudFormationStandin): CloudFormationClient {
  return new CloudFormationClient({ region: 'us-east-1', endpoint: standin.endpoint, credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' } });
}

/**
 * Does what `cdk deploy` does to a new stack, as far as SWF and CloudFormation's read API can tell: the SWF custom
 * resources get Create events in dependency order through the real handler (against swf-local), every other resource
 * gets a physical id in CloudFormation's style, and the stand-in then holds the stack (template, resources, exports).
 */
export async function deployLikeCloudFormation(options: {
  readonly standin: CloudFormationStandin;
  readonly swf: SWFClient;
  readonly assembly: string;
  readonly stackName: string;
  /** Exports of stacks deployed earlier, for Fn::ImportValue. */
  readonly imports?: ReadonlyMap<string, string>;
  /** Parameter values given at deploy time. */
  readonly parameters?: Record<string, string>;
}): Promise<void> {
  const stack = readCloudAssembly(options.assembly).find((s) => s.stackName === options.stackName);
  if (!stack) throw new Error(`no stack ${options.stackName} in ${options.assembly}`);
  const env = { ...stackEnvironment(stack, { region: 'us-east-1', account: '123456789012' }), stackId: `arn:aws:cloudformation:us-east-1:123456789012:stack/${stack.stackName}/${randomUUID()}` };
  const template = stack.template;
  const values = new ResourceValues((id) => template.Resources?.[id]?.Type);
  const resources: StandinResource[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type.startsWith('Custom::Swf')) continue;
    const physicalId = `${stack.stackName}-${logicalId.slice(0, 30)}-${createHash('sha256').update(logicalId).digest('hex').slice(0, 12).toUpperCase()}`;
    values.set(logicalId, deployedValue(env, resource.Type, physicalId, resource.Properties ?? {}));
    resources.push({ logicalId, type: resource.Type, physicalId });
  }
  const parameters = (name: string) => options.parameters?.[name];
  const desired = desiredStack(stack, env, values, (name) => options.imports?.get(name), parameters);
  const handler = inProcessHandler({ swf: options.swf });
  for (const { logicalId, resource, swf } of desired.ordered) {
    if (!swf) continue;
    const properties = resolveProperties(desired.resolver, logicalId, resource);
    const response = await handler.onEvent({
      RequestType: 'Create',
      ServiceToken: IN_PROCESS_SERVICE_TOKEN,
      ResponseURL: 'https://cloudformation.invalid/response',
      StackId: env.stackId,
      RequestId: randomUUID(),
      ResourceType: resource.Type,
      LogicalResourceId: logicalId,
      ResourceProperties: { ServiceToken: IN_PROCESS_SERVICE_TOKEN, ...properties },
    });
    values.set(logicalId, { physicalId: String(response.PhysicalResourceId), data: response.Data ?? {} });
    resources.push({ logicalId, type: resource.Type, physicalId: String(response.PhysicalResourceId) });
  }
  const outputs = [...desired.resolver.exports()].map(([exportName, value], i) => ({ key: `Export${i}`, value: String(value), exportName }));
  options.standin.putStack({ stackName: stack.stackName, template, resources, outputs, parameters: options.parameters });
}

/** What each test of a CloudFormation-backed plan gets: swf-local, the CloudFormation stand-in, a client for it, a cwd. */
export interface CloudFormationTestEnvironment {
  readonly local: LocalSwf & { stop(): Promise<void> };
  readonly swf: SWFClient;
  readonly standin: CloudFormationStandin;
  readonly cloudFormation: CloudFormationClient;
  readonly cwd: string;
}

/** Starts a fresh environment before each test (handed to `ready`) and stops it after. */
export function useCloudFormationTestEnvironment(ready: (environment: CloudFormationTestEnvironment) => void): void {
  let current: CloudFormationTestEnvironment | undefined;
  beforeEach(async () => {
    const local = await startLocalSwf();
    const standin = await startCloudFormationStandin();
    current = { local, swf: local.swf, standin, cloudFormation: cloudFormationClientFor(standin), cwd: temporaryDirectory('cwd') };
    ready(current);
  });
  afterEach(async () => {
    current?.cloudFormation.destroy();
    await current?.standin.close();
    await current?.local.stop();
    current = undefined;
    cleanupTemporaryDirectories();
  });
}
