import * as fs from 'node:fs';
import { Command, Option } from 'commander';
import { IMPORT_LANGUAGES, importDomain, ImportLanguage } from '../../deploy/import';
import { enumOption } from '../../ops/cli-options';
import { CliError } from '../../ops/errors';
import { checkOutputFile } from '../../ops/output-file';
import { withSwf } from '../../ops/session';
import { AwsFlags, withAwsOptions } from '../aws-options';

interface ImportFlags extends AwsFlags {
  readonly domain: string;
  readonly language: string;
  readonly out?: string;
  readonly includeDeprecated?: boolean;
  readonly className?: string;
}

/** `cdk-swf import`: writes a CDK stack that declares an existing domain and its types exactly as SWF holds them. */
export function registerImportCommand(program: Command): void {
  withAwsOptions(
    program
      .command('import')
      .description('Write a CDK stack (TypeScript or Python) declaring an existing SWF domain and its registered types exactly as SWF holds them')
      .requiredOption('--domain <name>', 'the SWF domain to import')
      .addOption(enumOption('--language <language>', 'language of the code', IMPORT_LANGUAGES).default('typescript'))
      .addOption(new Option('--out <file>', 'write the code to this file (default: standard output)'))
      .addOption(new Option('--include-deprecated', 'also read DEPRECATED types (written commented out: deploying them would undeprecate them)'))
      .addOption(new Option('--class-name <name>', 'name of the generated stack class (default: from the domain name)')),
  ).action(async (flags: ImportFlags) => {
    const language = flags.language as ImportLanguage;
    if (flags.out) checkOutputFile(flags.out, '--out', language === 'python' ? 'stack.py' : 'stack.ts');
    const result = await withSwf(flags, { domain: flags.domain }, (swf) =>
      importDomain(swf, { domain: flags.domain, language, includeDeprecated: flags.includeDeprecated, className: flags.className }),
    );
    if (flags.out) writeOrPrint(flags.out, result.code);
    else process.stdout.write(result.code);
    const { workflowTypes, activityTypes, deprecated } = result.counts;
    const leftOut = deprecated === 0 ? '' : flags.includeDeprecated ? `; ${deprecated} deprecated types commented out` : `; ${deprecated} deprecated types left out`;
    const where = flags.out ? `wrote ${flags.out}` : 'wrote the code above';
    process.stderr.write(`${where}: ${result.className} with domain ${result.domain.name}, ${workflowTypes} workflow types, ${activityTypes} activity types${leftOut}\n`);
    for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
    process.stderr.write(`next: ${result.nextStep}\n`);
  });
}

/** Writes the code to `--out`; if that fails after all the reads (a full disk ...), prints it so nothing is lost. */
function writeOrPrint(file: string, code: string): void {
  try {
    fs.writeFileSync(file, code);
  } catch (err) {
    process.stdout.write(code);
    throw new CliError(`cannot write --out ${file} (${(err as Error).message}): the code is printed on standard output instead`);
  }
}
