import {
  ActivityTypeConfiguration,
  DescribeActivityTypeCommand,
  DescribeWorkflowTypeCommand,
  paginateListActivityTypes,
  paginateListWorkflowTypes,
  RegistrationStatus,
  SWFClient,
  WorkflowTypeConfiguration,
} from '@aws-sdk/client-swf';
import { Command, Option } from 'commander';
import type { AwsFlags } from '../aws-options';
import { enumOption, finishSwfCommands, swfCommand } from '../../ops/cli-options';
import { CliError, TypeKind } from '../../ops/errors';
import { localTime, printDetails, printJson, printTable, seconds } from '../../ops/output';
import { collectPages, MAX_PAGE_SIZE } from '../../ops/paging';
import { withSwf } from '../../ops/session';

interface ListFlags extends AwsFlags {
  readonly domain: string;
  readonly kind: 'WORKFLOW' | 'ACTIVITY' | 'ALL';
  readonly status: RegistrationStatus;
  readonly name?: string;
  readonly json?: boolean;
}

interface DescribeFlags extends AwsFlags {
  readonly domain: string;
  readonly kind?: 'WORKFLOW' | 'ACTIVITY';
  readonly name: string;
  readonly typeVersion: string;
  readonly json?: boolean;
}

/** The flat JSON form of a type in `types list --json`. */
export interface TypeSummaryJson {
  kind: TypeKind;
  name?: string;
  version?: string;
  status?: string;
  description?: string;
  creationDate?: Date;
  deprecationDate?: Date;
}

/** `cdk-swf types list|describe`. */
export function registerTypesCommands(program: Command): void {
  const types = program.command('types').description('List and inspect workflow and activity types');

  swfCommand(
    types,
    'list',
    'List the workflow and activity types of a domain (all pages)',
    'an array of { kind: "workflow"|"activity", name, version, status, description, creationDate, deprecationDate }.',
  )
    .requiredOption('--domain <domain>', 'domain name')
    .addOption(enumOption('--kind <kind>', 'which types', ['WORKFLOW', 'ACTIVITY', 'ALL']).default('ALL', 'all'))
    .addOption(enumOption('--status <status>', 'registration status', ['REGISTERED', 'DEPRECATED']).default('REGISTERED', 'registered'))
    .addOption(new Option('--name <name>', 'only types with this exact name'))
    .action(async (flags: ListFlags) => {
      const kinds: TypeKind[] = flags.kind === 'ALL' ? ['workflow', 'activity'] : [flags.kind === 'WORKFLOW' ? 'workflow' : 'activity'];
      const list = await withSwf(flags, { domain: flags.domain }, async (swf) => {
        const all: TypeSummaryJson[] = [];
        for (const kind of kinds) all.push(...(await listTypes(swf, kind, flags)));
        return all;
      });
      if (flags.json) return printJson(list);
      printTable(
        ['kind', 'name', 'version', 'status', 'created', 'description'],
        list.map((t) => [t.kind, t.name, t.version, t.status, localTime(t.creationDate), t.description]),
        `No ${flags.status.toLowerCase()} types${flags.name ? ` named '${flags.name}'` : ''} in domain '${flags.domain}'.`,
      );
    });

  swfCommand(
    types,
    'describe',
    'Show a workflow or activity type with its defaults',
    '{ kind, typeInfo: { name, version, status, description, creationDate, deprecationDate }, configuration: { default... } } ' +
      '(configuration members as in DescribeWorkflowType / DescribeActivityType).',
  )
    .requiredOption('--domain <domain>', 'domain name')
    .requiredOption('--name <name>', 'type name')
    .requiredOption('--type-version <version>', 'type version')
    .addOption(enumOption('--kind <kind>', 'workflow or activity (default: whichever exists)', ['WORKFLOW', 'ACTIVITY']))
    .action(async (flags: DescribeFlags) => {
      const kinds: TypeKind[] = flags.kind ? [flags.kind === 'WORKFLOW' ? 'workflow' : 'activity'] : ['workflow', 'activity'];
      const found = await withSwf(flags, { domain: flags.domain, type: { kind: kinds[0], name: flags.name, version: flags.typeVersion } }, (swf) =>
        describeType(swf, flags, kinds),
      );
      if (flags.json) return printJson(found);
      const configuration = found.configuration as Record<string, unknown>;
      printDetails([
        ['Kind', found.kind],
        ['Name', found.typeInfo.name],
        ['Version', found.typeInfo.version],
        ['Status', found.typeInfo.status],
        ['Description', found.typeInfo.description],
        ['Created', localTime(found.typeInfo.creationDate)],
        ['Deprecated', localTime(found.typeInfo.deprecationDate)],
        ...Object.entries(configuration).map(([key, value]): [string, string] => [configurationLabel(key), configurationValue(key, value)]),
      ]);
    });
  finishSwfCommands(types);
}

async function listTypes(swf: SWFClient, kind: TypeKind, flags: ListFlags): Promise<TypeSummaryJson[]> {
  const input = {
    domain: flags.domain,
    registrationStatus: flags.status,
    maximumPageSize: MAX_PAGE_SIZE,
    ...(flags.name ? { name: flags.name } : {}),
  };
  if (kind === 'workflow') {
    const infos = await collectPages(paginateListWorkflowTypes({ client: swf }, input), (p) => p.typeInfos);
    return infos.map((i) => ({ kind, name: i.workflowType?.name, version: i.workflowType?.version, status: i.status, description: i.description, creationDate: i.creationDate, deprecationDate: i.deprecationDate }));
  }
  const infos = await collectPages(paginateListActivityTypes({ client: swf }, input), (p) => p.typeInfos);
  return infos.map((i) => ({ kind, name: i.activityType?.name, version: i.activityType?.version, status: i.status, description: i.description, creationDate: i.creationDate, deprecationDate: i.deprecationDate }));
}

interface DescribedType {
  kind: TypeKind;
  typeInfo: { name?: string; version?: string; status?: string; description?: string; creationDate?: Date; deprecationDate?: Date };
  configuration: WorkflowTypeConfiguration | ActivityTypeConfiguration;
}

/** Describes the type; without --kind, tries workflow then activity and complains if the name is ambiguous. */
async function describeType(swf: SWFClient, flags: DescribeFlags, kinds: TypeKind[]): Promise<DescribedType> {
  const found: DescribedType[] = [];
  let lastError: unknown;
  for (const kind of kinds) {
    try {
      found.push(await describeOne(swf, kind, flags));
    } catch (error) {
      if ((error as Error).name !== 'UnknownResourceFault' || /^unknown domain/i.test((error as Error).message)) throw error;
      lastError = error;
    }
  }
  if (found.length > 1) {
    throw new CliError(`both a workflow type and an activity type are named '${flags.name}' version '${flags.typeVersion}': pass --kind`);
  }
  if (found.length === 0) {
    if (kinds.length > 1) {
      throw new CliError(`no workflow or activity type '${flags.name}' version '${flags.typeVersion}' in domain '${flags.domain}'`);
    }
    throw lastError;
  }
  return found[0];
}

async function describeOne(swf: SWFClient, kind: TypeKind, flags: DescribeFlags): Promise<DescribedType> {
  if (kind === 'workflow') {
    const r = await swf.send(new DescribeWorkflowTypeCommand({ domain: flags.domain, workflowType: { name: flags.name, version: flags.typeVersion } }));
    const i = r.typeInfo;
    return {
      kind,
      typeInfo: { name: i?.workflowType?.name, version: i?.workflowType?.version, status: i?.status, description: i?.description, creationDate: i?.creationDate, deprecationDate: i?.deprecationDate },
      configuration: r.configuration ?? {},
    };
  }
  const r = await swf.send(new DescribeActivityTypeCommand({ domain: flags.domain, activityType: { name: flags.name, version: flags.typeVersion } }));
  const i = r.typeInfo;
  return {
    kind,
    typeInfo: { name: i?.activityType?.name, version: i?.activityType?.version, status: i?.status, description: i?.description, creationDate: i?.creationDate, deprecationDate: i?.deprecationDate },
    configuration: r.configuration ?? {},
  };
}

/** `defaultTaskStartToCloseTimeout` → `Default task start-to-close timeout`. */
function configurationLabel(key: string): string {
  const words = key
    .replace(/([A-Z])/g, ' $1')
    .toLowerCase()
    .replace('start to close', 'start-to-close')
    .replace('schedule to start', 'schedule-to-start')
    .replace('schedule to close', 'schedule-to-close')
    // A product name keeps its capital, as in `executions describe` ("Lambda role").
    .replace('lambda', 'Lambda')
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function configurationValue(key: string, value: unknown): string {
  if (value && typeof value === 'object' && 'name' in value) return String((value as { name: unknown }).name);
  if (value === undefined || value === null) return '';
  return /Timeout$/.test(key) ? (seconds(String(value)) ?? '') : String(value);
}
