import { Command } from 'commander';
import { applyApp } from '../../deploy/run';
import { DeployCommandFlags, deploySession, withDeployOptions } from './plan';

/** `cdk-swf apply`: deploys the app's SWF resources without CloudFormation, through the same handler. */
export function registerApplyCommand(program: Command): void {
  withDeployOptions(
    program
      .command('apply')
      .description(
        'Bring SWF to a synthesized app by running its custom resource handler in-process, as CloudFormation would ' +
          '(state kept in .cdk-swf/; exit 1 on the first failure)',
      ),
  ).action(async (flags: DeployCommandFlags) => {
    const { options, checkReachable, close } = deploySession(flags);
    try {
      await checkReachable();
      const result = await applyApp({ ...options, log: (line) => process.stdout.write(line + '\n') });
      process.exitCode = result.exitCode;
    } finally {
      close();
    }
  });
}
