import { Command, CommanderError } from 'commander';
import { commandModules } from './commands';

/** The installed package's version, read through the package's own `./package.json` export (self-reference). */
function packageVersion(): string {
  return (require('cdk-swf/package.json') as { version: string }).version;
}

/** Builds the `cdk-swf` program. Each command group lives in its own module under ./commands. */
export function buildProgram(): Command {
  const program = new Command('cdk-swf')
    .description('Amazon SWF from the terminal: local endpoint, plan/apply, workers, domains, types and executions')
    .version(packageVersion(), '-V, --version', 'print the cdk-swf version')
    .showHelpAfterError()
    .exitOverride();
  for (const register of commandModules) register(program);
  return program;
}

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are not failures; usage errors already printed their message and the help.
      return err.exitCode;
    }
    throw err;
  }
}
