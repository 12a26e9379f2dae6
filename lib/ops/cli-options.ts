import { Command, InvalidArgumentError, Option } from 'commander';
import { withAwsOptions } from '../cli/aws-options';

/**
 * A leaf command that talks to SWF. Its own options are added by the caller; `finishSwfCommands` then adds `--json`
 * and the connection flags, so that they come last in the help. `jsonShape` documents the `--json` output.
 */
export function swfCommand(parent: Command, name: string, description: string, jsonShape: string): Command {
  return parent.command(name).description(description).addHelpText('after', `\nWith --json: ${jsonShape}\n`);
}

/** Adds `--json` and, under their own heading, `--region`, `--profile` and `--endpoint-url` to every command of a group. */
export function finishSwfCommands(group: Command): void {
  for (const command of group.commands) {
    command.addOption(new Option('--json', 'print JSON for scripts instead of a table (times in ISO 8601)'));
    command.optionsGroup('Connection options (default: the standard AWS environment and config):');
    withAwsOptions(command);
  }
}

/** Case-insensitive enum values (`--status deprecated`, `--child-policy abandon`), normalised to SWF's spelling. */
export function enumOption(flags: string, description: string, values: readonly string[]): Option {
  const option = new Option(flags, `${description} (${values.map((v) => v.toLowerCase()).join(', ')})`);
  return option.argParser((value: string) => {
    const match = values.find((v) => v.toLowerCase() === value.trim().toLowerCase().replace(/-/g, '_'));
    if (!match) {
      throw new InvalidArgumentError(`Allowed: ${values.map((v) => v.toLowerCase()).join(', ')}.`);
    }
    return match;
  });
}
