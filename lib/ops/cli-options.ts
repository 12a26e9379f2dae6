import { Command, InvalidArgumentError, Option } from 'commander';
import { withAwsOptions } from '../cli/aws-options';

/** `--json`, with the shape of the output described in the command's help. */
export function withJsonOption(command: Command, shape: string): Command {
  return command
    .addOption(new Option('--json', 'print JSON for scripts instead of a table (times in ISO 8601)'))
    .addHelpText('after', `\nWith --json: ${shape}\n`);
}

/** A leaf command that talks to SWF: connection flags plus `--json`. */
export function swfCommand(parent: Command, name: string, description: string, jsonShape: string): Command {
  const command = parent.command(name).description(description);
  withAwsOptions(command);
  return withJsonOption(command, jsonShape);
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
