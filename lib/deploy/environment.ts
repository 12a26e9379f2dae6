import type { StackArtifact } from './assembly';
import { ResolutionError } from './intrinsics';

/** The values of CloudFormation's pseudo parameters for one stack, as `cdk-swf apply` deploys it. */
export interface StackEnvironment {
  readonly stackName: string;
  readonly region: string;
  readonly partition: string;
  readonly urlSuffix: string;
  /** Throws when the account is needed but cannot be known (a real endpoint and no --account). */
  account(): string;
  readonly stackId: string;
  /** Whether SWF is a local endpoint (swf-local): non-SWF values then get deterministic placeholders in apply. */
  readonly local: boolean;
}

export interface EnvironmentFlags {
  readonly region?: string;
  readonly account?: string;
  readonly endpointUrl?: string;
}

/** swf-local's defaults (lib/swf-local startSwfLocal), used when deploying to a local endpoint. */
export const LOCAL_DEFAULT_REGION = 'us-east-1';
export const LOCAL_DEFAULT_ACCOUNT = '123456789012';

/**
 * Region: --region, else the stack's env, else AWS_REGION / AWS_DEFAULT_REGION, else us-east-1 (swf-local's default).
 * Account: --account, else the stack's env, else CDK_DEFAULT_ACCOUNT / AWS_ACCOUNT_ID, else 123456789012 when the
 * endpoint is local; for a real endpoint without any of these, resolving AWS::AccountId is an error.
 */
export function stackEnvironment(stack: StackArtifact, flags: EnvironmentFlags, env = process.env): StackEnvironment {
  if (flags.region && stack.region && flags.region !== stack.region) {
    throw new Error(
      `stack ${stack.displayName} is bound to region ${stack.region} but --region says ${flags.region}: drop --region or fix the stack's env`,
    );
  }
  if (flags.account && stack.account && flags.account !== stack.account) {
    throw new Error(
      `stack ${stack.displayName} is bound to account ${stack.account} but --account says ${flags.account}: drop --account or fix the stack's env`,
    );
  }
  const region = flags.region ?? stack.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? LOCAL_DEFAULT_REGION;
  const endpoint = flags.endpointUrl ?? env.AWS_ENDPOINT_URL_SWF ?? env.AWS_ENDPOINT_URL;
  const knownAccount = flags.account ?? stack.account ?? env.CDK_DEFAULT_ACCOUNT ?? env.AWS_ACCOUNT_ID;
  const fallbackAccount = endpoint && isLocalEndpoint(endpoint) ? LOCAL_DEFAULT_ACCOUNT : undefined;
  const partition = partitionOf(region);
  const account = (): string => {
    const value = knownAccount ?? fallbackAccount;
    if (!value) {
      throw new ResolutionError(
        `stack ${stack.displayName} needs AWS::AccountId: pass --account, set CDK_DEFAULT_ACCOUNT, or give the stack an env`,
      );
    }
    return value;
  };
  return {
    stackName: stack.stackName,
    region,
    partition,
    urlSuffix: partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
    account,
    local: endpoint !== undefined && isLocalEndpoint(endpoint),
    // What CloudFormation would put in StackId; the trailing id marks a stack that `cdk-swf apply` manages.
    stackId: `arn:${partition}:cloudformation:${region}:${knownAccount ?? fallbackAccount ?? LOCAL_DEFAULT_ACCOUNT}:stack/${stack.stackName}/cdk-swf-apply`,
  };
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/** http:// endpoints and loopback hosts are swf-local (or another local emulator), never AWS. */
export function isLocalEndpoint(endpoint: string): boolean {
  try {
    const url = new URL(endpoint);
    return url.protocol === 'http:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}
