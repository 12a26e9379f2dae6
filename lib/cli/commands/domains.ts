import {
  CountClosedWorkflowExecutionsCommand,
  CountOpenWorkflowExecutionsCommand,
  DescribeDomainCommand,
  DomainInfo,
  ListTagsForResourceCommand,
  paginateListDomains,
  RegistrationStatus,
  ResourceTag,
  SWFClient,
  WorkflowExecutionCount,
} from '@aws-sdk/client-swf';
import { Command } from 'commander';
import type { AwsFlags } from '../aws-options';
import { enumOption, finishSwfCommands, swfCommand } from '../../ops/cli-options';
import { VISIBILITY_WINDOW_MS } from '../../ops/executions';
import { printDetails, printJson, printTable } from '../../ops/output';
import { collectPages, MAX_PAGE_SIZE } from '../../ops/paging';
import { withSwf } from '../../ops/session';

interface ListFlags extends AwsFlags {
  readonly status: RegistrationStatus | 'ALL';
  readonly json?: boolean;
}

interface DescribeFlags extends AwsFlags {
  readonly json?: boolean;
}

/** `cdk-swf domains list|describe`. */
export function registerDomainsCommands(program: Command): void {
  const domains = program.command('domains').description('List and inspect SWF domains');

  swfCommand(domains, 'list', 'List domains (all pages)', 'an array of { name, status, description, arn }.')
    .addOption(enumOption('--status <status>', 'which domains', ['REGISTERED', 'DEPRECATED', 'ALL']).default('REGISTERED', 'registered'))
    .action(async (flags: ListFlags) => {
      const infos = await withSwf(flags, {}, (swf) => listDomains(swf, flags.status));
      if (flags.json) return printJson(infos);
      printTable(
        ['name', 'status', 'description'],
        infos.map((d) => [d.name, d.status, d.description]),
        flags.status === 'ALL' ? 'No domains.' : `No ${flags.status.toLowerCase()} domains.`,
      );
    });

  swfCommand(
    domains,
    'describe',
    'Show a domain: configuration, tags, and how many executions are open and closed',
    '{ domainInfo: { name, status, description, arn }, configuration: { workflowExecutionRetentionPeriodInDays }, ' +
      'tags: [{ key, value }], openExecutions: { count, truncated }, closedExecutions: { count, truncated } }. ' +
      'Counts cover every execution SWF still keeps (closed ones for the retention period).',
  )
    .argument('<name>', 'domain name')
    .action(async (name: string, flags: DescribeFlags) => {
      const details = await withSwf(flags, { domain: name }, (swf) => describeDomain(swf, name));
      if (flags.json) return printJson(details);
      printDetails([
        ['Name', details.domainInfo.name],
        ['Status', details.domainInfo.status],
        ['Description', details.domainInfo.description],
        ['ARN', details.domainInfo.arn],
        ['Retention (days)', details.configuration.workflowExecutionRetentionPeriodInDays],
        ['Open executions', countText(details.openExecutions)],
        ['Closed executions', countText(details.closedExecutions)],
        ['Tags', details.tags.length === 0 ? '(none)' : details.tags.map((t) => `${t.key}=${t.value ?? ''}`).join(', ')],
      ]);
    });
  finishSwfCommands(domains);
}

async function listDomains(swf: SWFClient, status: RegistrationStatus | 'ALL'): Promise<DomainInfo[]> {
  const statuses: RegistrationStatus[] = status === 'ALL' ? ['REGISTERED', 'DEPRECATED'] : [status];
  const all: DomainInfo[] = [];
  for (const registrationStatus of statuses) {
    const infos = await collectPages(
      paginateListDomains({ client: swf }, { registrationStatus, maximumPageSize: MAX_PAGE_SIZE }),
      (page) => page.domainInfos,
    );
    all.push(...infos.map((d) => ({ name: d.name, status: d.status, description: d.description, arn: d.arn })));
  }
  return all;
}

export interface DomainDetails {
  domainInfo: DomainInfo;
  configuration: { workflowExecutionRetentionPeriodInDays?: string };
  tags: ResourceTag[];
  openExecutions: { count?: number; truncated?: boolean };
  closedExecutions: { count?: number; truncated?: boolean };
}

async function describeDomain(swf: SWFClient, name: string): Promise<DomainDetails> {
  const described = await swf.send(new DescribeDomainCommand({ name }));
  const info = described.domainInfo ?? { name, status: undefined };
  const startTimeFilter = { oldestDate: new Date(Date.now() - VISIBILITY_WINDOW_MS) };
  const [tags, open, closed] = await Promise.all([
    info.arn ? swf.send(new ListTagsForResourceCommand({ resourceArn: info.arn })).then((r) => r.tags ?? []) : Promise.resolve([]),
    swf.send(new CountOpenWorkflowExecutionsCommand({ domain: name, startTimeFilter })),
    swf.send(new CountClosedWorkflowExecutionsCommand({ domain: name, startTimeFilter })),
  ]);
  return {
    domainInfo: { name: info.name, status: info.status, description: info.description, arn: info.arn },
    configuration: { workflowExecutionRetentionPeriodInDays: described.configuration?.workflowExecutionRetentionPeriodInDays },
    tags: tags.map((t) => ({ key: t.key, value: t.value })),
    openExecutions: countJson(open),
    closedExecutions: countJson(closed),
  };
}

function countJson(count: WorkflowExecutionCount): { count?: number; truncated?: boolean } {
  return { count: count.count, truncated: count.truncated ?? false };
}

function countText(count: { count?: number; truncated?: boolean }): string {
  return `${count.truncated ? 'at least ' : ''}${count.count ?? 0}`;
}
