import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListExportsCommand,
  ListStackResourcesCommand,
  Stack,
} from '@aws-sdk/client-cloudformation';
import type { CfnTemplate } from './template';
import { stackOutputKey } from './intrinsics';

/**
 * What CloudFormation holds for a stack `cdk deploy` deployed: read-only calls (DescribeStacks, GetTemplate,
 * ListStackResources, ListExports), so `cdk-swf plan` can compare the app with the deployed stack.
 */

export interface DeployedStackResource {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  readonly status: string;
}

export interface DeployedStack {
  readonly stackName: string;
  /** `arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>` */
  readonly stackId: string;
  readonly status: string;
  /** The template as deployed (`TemplateStage: Original`). */
  readonly template: CfnTemplate;
  /** Resources that exist (not deleted, not failed to create), by logical id. */
  readonly resources: ReadonlyMap<string, DeployedStackResource>;
  /** Parameter values the stack was deployed with (the resolved value for SSM parameters). */
  readonly parameters: ReadonlyMap<string, string>;
  /** Export name → value of the stack's outputs. */
  readonly exports: ReadonlyMap<string, string>;
}

/** CloudFormation could not be read: the message says which call failed and what to do. */
export class CloudFormationReadError extends Error {}

/** Statuses of a stack that has no deployed resources to compare with: planned as new. */
const NOT_DEPLOYED_STATUSES = new Set(['REVIEW_IN_PROGRESS', 'ROLLBACK_COMPLETE', 'DELETE_COMPLETE']);
/** Resource statuses of resources that do not exist (any more). */
const GONE_RESOURCE_STATUSES = new Set(['DELETE_COMPLETE', 'CREATE_FAILED', 'DELETE_SKIPPED']);

/** The deployed stack, or undefined when CloudFormation has no such stack (or one that never deployed resources). */
export async function readDeployedStack(cfn: CloudFormationClient, stackName: string): Promise<DeployedStack | undefined> {
  const stack = await describeStack(cfn, stackName);
  if (!stack || NOT_DEPLOYED_STATUSES.has(String(stack.StackStatus))) return undefined;
  const templateBody = (await call('GetTemplate', stackName, () => cfn.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' })))).TemplateBody;
  let template: CfnTemplate;
  try {
    template = JSON.parse(templateBody ?? '{}');
  } catch {
    throw new CloudFormationReadError(`the deployed template of stack ${stackName} is not JSON (deployed by another tool?): cdk-swf plan reads CDK's JSON templates only`);
  }
  const resources = new Map<string, DeployedStackResource>();
  let nextToken: string | undefined;
  do {
    const page = await call('ListStackResources', stackName, () => cfn.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: nextToken })));
    for (const summary of page.StackResourceSummaries ?? []) {
      const status = String(summary.ResourceStatus);
      if (!summary.LogicalResourceId || !summary.PhysicalResourceId || GONE_RESOURCE_STATUSES.has(status)) continue;
      resources.set(summary.LogicalResourceId, {
        logicalId: summary.LogicalResourceId,
        type: String(summary.ResourceType),
        physicalId: summary.PhysicalResourceId,
        status,
      });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return {
    stackName,
    stackId: String(stack.StackId),
    status: String(stack.StackStatus),
    template,
    resources,
    parameters: new Map((stack.Parameters ?? []).map((p) => [String(p.ParameterKey), String(p.ResolvedValue ?? p.ParameterValue ?? '')])),
    exports: outputsAndExports(stack),
  };
}

/**
 * What a deployed stack exports (DescribeStacks only), and its outputs under `stackOutputKey` for Fn::GetStackOutput;
 * empty when CloudFormation has no such stack.
 */
export async function readStackExports(cfn: CloudFormationClient, stackName: string): Promise<Map<string, string>> {
  const stack = await describeStack(cfn, stackName);
  return stack ? outputsAndExports(stack) : new Map();
}

function outputsAndExports(stack: Stack): Map<string, string> {
  const values = new Map<string, string>();
  for (const output of stack.Outputs ?? []) {
    const value = String(output.OutputValue ?? '');
    if (output.OutputKey && stack.StackName) values.set(stackOutputKey(stack.StackName, output.OutputKey), value);
    if (output.ExportName) values.set(String(output.ExportName), value);
  }
  return values;
}

/** Every export of the account and region (Fn::ImportValue of stacks outside the app). */
export async function listExports(cfn: CloudFormationClient): Promise<Map<string, string>> {
  const exports = new Map<string, string>();
  let nextToken: string | undefined;
  do {
    const page = await call('ListExports', '(all stacks)', () => cfn.send(new ListExportsCommand({ NextToken: nextToken })));
    for (const item of page.Exports ?? []) if (item.Name) exports.set(item.Name, String(item.Value ?? ''));
    nextToken = page.NextToken;
  } while (nextToken);
  return exports;
}

async function describeStack(cfn: CloudFormationClient, stackName: string): Promise<Stack | undefined> {
  try {
    const output = await call('DescribeStacks', stackName, () => cfn.send(new DescribeStacksCommand({ StackName: stackName })), true);
    return output.Stacks?.[0];
  } catch (error) {
    if (isUnknownStack(error)) return undefined;
    throw error;
  }
}

/** CloudFormation's answer for a stack name it does not know: ValidationError "Stack with id X does not exist". */
function isUnknownStack(error: unknown): boolean {
  return error instanceof CloudFormationServiceException && error.name === 'ValidationError' && /does not exist/.test(error.message);
}

/** Runs one call; the SDK has already retried throttling and 5xx. Failures become one line naming the call. */
async function call<T>(operation: string, stackName: string, send: () => Promise<T>, passUnknownStack = false): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (passUnknownStack && isUnknownStack(error)) throw error;
    throw new CloudFormationReadError(`CloudFormation ${operation} for stack ${stackName} failed: ${describeFailure(error)}`);
  }
}

function describeFailure(error: unknown): string {
  const err = error as Error & { $metadata?: { attempts?: number }; code?: string };
  const name = err.name ?? 'Error';
  const attempts = err.$metadata?.attempts;
  if (name === 'Throttling' || name === 'ThrottlingException') {
    return `${name}: ${err.message} (after ${attempts ?? 'several'} attempts): CloudFormation's API rate is shared by the account; retry later or raise AWS_MAX_ATTEMPTS`;
  }
  if (name === 'CredentialsProviderError' || /credential/i.test(err.message ?? '')) {
    return `${err.message}: configure AWS credentials (--profile, AWS_PROFILE), or pass --no-cloudformation to plan from state files only`;
  }
  if (err.code === 'ECONNREFUSED' || /ECONNREFUSED|ENOTFOUND|getaddrinfo/.test(err.message ?? '')) {
    return `${err.message}: check AWS_ENDPOINT_URL_CLOUDFORMATION / --region, or pass --no-cloudformation`;
  }
  return `${name}: ${err.message}`;
}
