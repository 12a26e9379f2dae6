import {
  DescribeActivityTypeCommand,
  DescribeDomainCommand,
  DescribeWorkflowTypeCommand,
  ListTagsForResourceCommand,
  RegistrationStatus,
  SWFClient,
} from '@aws-sdk/client-swf';
import { withSwfRetries } from '../swf-retry';
import { listTypes } from '../type-listing';

/** A domain and its types exactly as SWF holds them, for `cdk-swf import`. Values are SWF's wire strings. */
export interface ImportedDomain {
  readonly name: string;
  readonly status: RegistrationStatus;
  /** Days as a string, or `NONE`. */
  readonly retentionPeriodInDays: string;
  readonly description?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly workflowTypes: readonly ImportedWorkflowType[];
  readonly activityTypes: readonly ImportedActivityType[];
}

interface ImportedTypeBase {
  readonly name: string;
  readonly version: string;
  readonly status: RegistrationStatus;
  readonly description?: string;
  readonly defaultTaskList?: string;
  readonly defaultTaskPriority?: string;
  /** Seconds, or `NONE`. */
  readonly defaultTaskStartToCloseTimeout?: string;
}

export interface ImportedWorkflowType extends ImportedTypeBase {
  readonly kind: 'workflowType';
  readonly defaultExecutionStartToCloseTimeout?: string;
  readonly defaultChildPolicy?: string;
  readonly defaultLambdaRole?: string;
}

export interface ImportedActivityType extends ImportedTypeBase {
  readonly kind: 'activityType';
  readonly defaultTaskHeartbeatTimeout?: string;
  readonly defaultTaskScheduleToStartTimeout?: string;
  readonly defaultTaskScheduleToCloseTimeout?: string;
}

export type ImportedType = ImportedWorkflowType | ImportedActivityType;

export interface ReadDomainOptions {
  /** Also read DEPRECATED types. @default false */
  readonly includeDeprecated?: boolean;
}

/**
 * Reads a domain, its tags and every REGISTERED type (and DEPRECATED ones if asked), paging through List calls and
 * describing each type for its defaults. Throttling is retried with backoff. Throws SWF's UnknownResourceFault for
 * an unknown domain.
 */
export async function readDomainForImport(swf: SWFClient, domain: string, options: ReadDomainOptions = {}): Promise<ImportedDomain> {
  const described = await withSwfRetries(() => swf.send(new DescribeDomainCommand({ name: domain })));
  const arn = described.domainInfo?.arn;
  const tags = arn ? ((await withSwfRetries(() => swf.send(new ListTagsForResourceCommand({ resourceArn: arn })))).tags ?? []) : [];
  const statuses: RegistrationStatus[] = options.includeDeprecated ? ['REGISTERED', 'DEPRECATED'] : ['REGISTERED'];
  const workflowTypes: ImportedWorkflowType[] = [];
  const activityTypes: ImportedActivityType[] = [];
  for (const registrationStatus of statuses) {
    for (const { name, version, status } of await listTypes(swf, 'workflowType', domain, registrationStatus)) {
      workflowTypes.push(await describeWorkflowType(swf, domain, name, version, status));
    }
    for (const { name, version, status } of await listTypes(swf, 'activityType', domain, registrationStatus)) {
      activityTypes.push(await describeActivityType(swf, domain, name, version, status));
    }
  }
  return {
    name: domain,
    status: described.domainInfo?.status ?? 'REGISTERED',
    retentionPeriodInDays: described.configuration?.workflowExecutionRetentionPeriodInDays ?? 'NONE',
    description: described.domainInfo?.description,
    tags: Object.fromEntries(tags.map((t) => [String(t.key), t.value ?? ''])),
    workflowTypes,
    activityTypes,
  };
}

async function describeWorkflowType(swf: SWFClient, domain: string, name: string, version: string, listed: RegistrationStatus): Promise<ImportedWorkflowType> {
  const output = await withSwfRetries(() => swf.send(new DescribeWorkflowTypeCommand({ domain, workflowType: { name, version } })));
  const c = output.configuration ?? {};
  return {
    kind: 'workflowType',
    ...commonDefaults(name, version, output.typeInfo?.status ?? listed, output.typeInfo?.description, c),
    defaultExecutionStartToCloseTimeout: c.defaultExecutionStartToCloseTimeout,
    defaultChildPolicy: c.defaultChildPolicy,
    defaultLambdaRole: c.defaultLambdaRole,
  };
}

async function describeActivityType(swf: SWFClient, domain: string, name: string, version: string, listed: RegistrationStatus): Promise<ImportedActivityType> {
  const output = await withSwfRetries(() => swf.send(new DescribeActivityTypeCommand({ domain, activityType: { name, version } })));
  const c = output.configuration ?? {};
  return {
    kind: 'activityType',
    ...commonDefaults(name, version, output.typeInfo?.status ?? listed, output.typeInfo?.description, c),
    defaultTaskHeartbeatTimeout: c.defaultTaskHeartbeatTimeout,
    defaultTaskScheduleToStartTimeout: c.defaultTaskScheduleToStartTimeout,
    defaultTaskScheduleToCloseTimeout: c.defaultTaskScheduleToCloseTimeout,
  };
}

/** What both kinds of type configuration hold. */
function commonDefaults(
  name: string,
  version: string,
  status: RegistrationStatus,
  description: string | undefined,
  c: { defaultTaskList?: { name?: string }; defaultTaskPriority?: string; defaultTaskStartToCloseTimeout?: string },
): ImportedTypeBase {
  return {
    name,
    version,
    status,
    description,
    defaultTaskList: c.defaultTaskList?.name,
    defaultTaskPriority: c.defaultTaskPriority,
    defaultTaskStartToCloseTimeout: c.defaultTaskStartToCloseTimeout,
  };
}
