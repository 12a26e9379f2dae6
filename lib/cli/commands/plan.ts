import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { SWFClient } from '@aws-sdk/client-swf';
import { Command, Option } from 'commander';
import { isLocalEndpoint } from '../../deploy/environment';
import { createSwfClient } from '../../common/swf-client';
import { inProcessHandler } from '../../deploy/in-process-handler';
import { renderPlanJson, renderPlanTable } from '../../deploy/render';
import { planApp } from '../../deploy/run';
import { unreachableSwfEndpoint } from '../../deploy/swf-reachability';
import { CliError, humanMessage } from '../../ops/errors';
import { checkedEndpoint } from '../../ops/session';
import { AwsFlags, withAwsOptions } from '../aws-options';

export interface DeployCommandFlags extends AwsFlags {
  readonly app: string;
  readonly stack?: string;
  readonly state?: string;
  readonly account?: string;
  readonly verbose?: boolean;
  /** false with --no-cloudformation. */
  readonly cloudformation?: boolean;
}

/** The flags plan and apply share: the assembly, the stack, the state file, the account, and the AWS connection. */
export function withDeployOptions(command: Command): Command {
  return withAwsOptions(
    command
      .addOption(new Option('--app <dir>', 'synthesized cloud assembly directory (run `npx cdk synth` first)').default('cdk.out'))
      .addOption(new Option('--stack <name>', 'only this stack (id, name or path; * wildcards); default: every stack'))
      .addOption(new Option('--state <file>', 'state file (one stack only); default: .cdk-swf/state-<stack>.json'))
      .addOption(new Option('--account <id>', 'AWS::AccountId for an environment-agnostic stack (default: the stack env, CDK_DEFAULT_ACCOUNT, or 123456789012 for a local endpoint)'))
      .addOption(new Option('--verbose', 'print every SWF call the resource handler makes (to stderr)'))
      .addOption(
        new Option(
          '--no-cloudformation',
          'never read stacks deployed with cdk deploy (default: a stack without a state file is read from CloudFormation, ' +
            'unless SWF is a local endpoint and AWS_ENDPOINT_URL_CLOUDFORMATION is unset)',
        ),
      ),
  );
}

/**
 * The SWF client(s) and in-process handler for plan/apply. The handler retries on its own (with the deadline it
 * knows), so the SDK makes one attempt per call. Stacks bound to another region get a client of their own.
 */
export function deploySession(flags: DeployCommandFlags) {
  const endpoint = checkedEndpoint(flags);
  const log = flags.verbose ? (line: string) => process.stderr.write(`  | ${line}\n`) : undefined;
  const clients: SWFClient[] = [];
  const session = (region: string | undefined) => {
    const swf = createSwfClient({ region, profile: flags.profile, endpointUrl: flags.endpointUrl, maxAttempts: 1 });
    clients.push(swf);
    return { swf, handler: inProcessHandler({ swf, log }) };
  };
  // Same settings for both (AWS_ENDPOINT_URL_CLOUDFORMATION / AWS_ENDPOINT_URL_SSM from the environment): SSM holds
  // the pending retirements of the stacks CloudFormation deployed.
  const awsClientsFor = (region: string | undefined) => {
    if (!consultsCloudFormation(flags)) return { cloudFormation: undefined, ssm: undefined };
    const config = { ...(region ? { region } : {}), ...(flags.profile ? { profile: flags.profile } : {}) };
    const cloudFormation = new CloudFormationClient(config);
    // Loaded here, not at the top: every command (the workers' `cdk-swf worker` too) loads this module.
    const ssm: SSMClient = new (require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm')).SSMClient(config);
    closers.push(() => cloudFormation.destroy(), () => ssm.destroy());
    return { cloudFormation, ssm };
  };
  const closers: Array<() => void> = [];
  const main = session(flags.region);
  const options = {
    ...awsClientsFor(flags.region),
    assemblyDirectory: flags.app,
    stackSelector: flags.stack,
    stateFile: flags.state,
    flags: { region: flags.region, account: flags.account, endpointUrl: flags.endpointUrl },
    ...main,
    sessionForRegion: (region: string) => ({ ...session(region), ...awsClientsFor(region) }),
  };
  return {
    options,
    /** Stops at once, with the one line `types list` gives, when the SWF endpoint refuses or does not resolve. */
    checkReachable: async () => {
      const unreachable = await unreachableSwfEndpoint(main.swf);
      if (unreachable) throw new CliError(humanMessage(unreachable, { endpoint }));
    },
    close: () => {
      clients.forEach((client) => client.destroy());
      closers.forEach((close) => close());
    },
  };
}

/**
 * CloudFormation is read unless told not to, or SWF is a local endpoint (swf-local: nothing there was deployed by
 * CloudFormation) and no CloudFormation endpoint is set (AWS_ENDPOINT_URL_CLOUDFORMATION, e.g. a stand-in).
 */
function consultsCloudFormation(flags: DeployCommandFlags, env = process.env): boolean {
  if (flags.cloudformation === false) return false;
  if (env.AWS_ENDPOINT_URL_CLOUDFORMATION) return true;
  const swfEndpoint = flags.endpointUrl ?? env.AWS_ENDPOINT_URL_SWF ?? env.AWS_ENDPOINT_URL;
  return !(swfEndpoint && isLocalEndpoint(swfEndpoint));
}

/**
 * `cdk-swf plan`: what a deployment would change in SWF, compared with what is deployed (the state file of a stack
 * cdk-swf apply manages, else the stack CloudFormation deployed) and with SWF itself.
 */
export function registerPlanCommand(program: Command): void {
  withDeployOptions(
    program
      .command('plan')
      .description(
        'Show what deploying a synthesized app (cdk deploy, or cdk-swf apply) would change in SWF, per stack against its ' +
          'state file or the stack CloudFormation deployed (exit 0: no changes, 2: changes or drift, 1: errors)',
      )
      .addOption(new Option('--json', 'print the plan as JSON')),
  ).action(async (flags: DeployCommandFlags & { json?: boolean }) => {
    const { options, checkReachable, close } = deploySession(flags);
    try {
      await checkReachable();
      const result = await planApp(options);
      process.stdout.write(flags.json ? renderPlanJson(result.plans) : renderPlanTable(result.plans));
      process.exitCode = result.exitCode;
    } finally {
      close();
    }
  });
}
