import type { SWFClient } from '@aws-sdk/client-swf';
import { Command, Option } from 'commander';
import { createSwfClient } from '../common/swf-client';

/** The connection flags every command that talks to SWF accepts. */
export interface AwsFlags {
  readonly region?: string;
  readonly profile?: string;
  readonly endpointUrl?: string;
}

/**
 * Adds `--region`, `--profile` and `--endpoint-url`. Without them the SDK's standard resolution applies
 * (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL_SWF / AWS_ENDPOINT_URL, shared config files).
 */
export function withAwsOptions(command: Command): Command {
  return command
    .addOption(new Option('--region <region>', 'AWS Region (default: AWS_REGION or your profile)'))
    .addOption(new Option('--profile <profile>', 'named profile from your AWS config'))
    .addOption(
      new Option('--endpoint-url <url>', 'SWF endpoint, e.g. http://127.0.0.1:8099 for swf-local (default: AWS_ENDPOINT_URL_SWF)'),
    );
}

export function swfClientFromFlags(flags: AwsFlags): SWFClient {
  return createSwfClient({ region: flags.region, profile: flags.profile, endpointUrl: flags.endpointUrl });
}
