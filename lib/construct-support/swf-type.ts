import { CustomResource, RemovalPolicy, Token, Tokenization } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct, IConstruct } from 'constructs';
import { IDomain, SWF_METRICS_NAMESPACE } from '../domain/domain-base';
import { SwfResourceProvider } from '../provider/swf-resource-provider';
import { SWF_LIMITS, validateDescription, validateName, validateTaskPriority } from './swf-rules';
import { deriveTypeVersion } from './type-version';

/** The name and version of a workflow or activity type, with the property names its errors use. */
export interface TypeIdentity {
  readonly name: string;
  /** The version the user chose; derived from the configuration when undefined. */
  readonly version: string | undefined;
  readonly nameProperty: string;
  readonly versionProperty: string;
}

/** Checks a type's name and version (created or imported) against SWF's rules. */
export function validateTypeIdentity(scope: IConstruct, identity: TypeIdentity): void {
  validateName(scope, identity.nameProperty, identity.name, { maxLength: SWF_LIMITS.nameLength });
  validateName(scope, identity.versionProperty, identity.version, { maxLength: SWF_LIMITS.versionLength });
}

/** The settings workflow and activity types share. */
export interface CommonTypeProps {
  readonly description?: string;
  readonly defaultTaskList?: string;
  readonly defaultTaskPriority?: number;
}

/**
 * The shared settings as custom-resource properties (Description, DefaultTaskList, DefaultTaskPriority: the first ones
 * of either kind's configuration). Checks the priority first, before any other setting is rendered.
 */
export function commonTypeConfiguration(scope: IConstruct, props: CommonTypeProps): Record<string, string | undefined> {
  validateTaskPriority(scope, props.defaultTaskPriority);
  return {
    Description: props.description,
    DefaultTaskList: props.defaultTaskList,
    DefaultTaskPriority: renderPriority(props.defaultTaskPriority),
  };
}

/** What a workflow or activity type construct hands over to build its custom resource. */
export interface TypeResourceOptions extends TypeIdentity {
  readonly resourceType: string;
  readonly domain: IDomain;
  /** Description and Default* properties, already rendered as strings; undefined ones are omitted. */
  readonly configuration: Record<string, string | undefined>;
  readonly removalPolicy: RemovalPolicy | undefined;
}

export interface TypeResource {
  readonly resource: CustomResource;
  readonly version: string;
}

/** Validates a type's identity and registers it through the stack's provider (`Custom::SwfWorkflowType` etc.). */
export function createTypeResource(scope: Construct, options: TypeResourceOptions): TypeResource {
  validateTypeIdentity(scope, options);
  validateName(scope, 'defaultTaskList', options.configuration.DefaultTaskList, { maxLength: SWF_LIMITS.nameLength, trimmed: true });
  validateDescription(scope, options.configuration.Description);

  const configuration = withoutUndefined(options.configuration);
  const version = options.version ?? deriveTypeVersion(scope, configuration);
  const provider = SwfResourceProvider.getOrCreate(scope);
  provider.addDomain(options.domain.domainArn);

  const resource = new CustomResource(scope, 'Resource', {
    resourceType: options.resourceType,
    serviceToken: provider.serviceToken,
    // SWF types are immutable and versioned: DESTROY deprecates the old version once a new one replaces it.
    removalPolicy: RemovalPolicy.DESTROY,
    properties: {
      Domain: options.domain.domainName,
      Name: options.name,
      Version: version,
      ...configuration,
    },
  });
  applySwfRemovalPolicy(scope, resource, options.removalPolicy);
  return { resource, version };
}

function withoutUndefined(record: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value !== undefined) result[key] = value;
  }
  return result;
}

function renderPriority(priority: number | undefined): string | undefined {
  if (priority === undefined) return undefined;
  return Token.isUnresolved(priority) ? Tokenization.stringifyNumber(priority) : String(priority);
}

/** Metric statistic SWF documents for a metric: Time metrics are averaged, counts summed. */
function defaultStatistic(metricName: string): string {
  return metricName.endsWith('Time') ? cloudwatch.Stats.AVERAGE : cloudwatch.Stats.SUM;
}

/** A metric of a workflow or activity type (`AWS/SWF`), with SWF's documented statistic unless `props` sets one. */
export function typeMetric(
  scope: IConstruct,
  metricName: string,
  dimensionsMap: Record<string, string>,
  props?: cloudwatch.MetricOptions,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: SWF_METRICS_NAMESPACE,
    metricName,
    dimensionsMap,
    statistic: defaultStatistic(metricName),
    ...props,
  }).attachTo(scope);
}

/** Applies a removal policy to an SWF custom resource; SNAPSHOT means nothing for SWF and is refused. */
export function applySwfRemovalPolicy(scope: Construct, resource: CustomResource, policy: RemovalPolicy | undefined): void {
  if (policy === RemovalPolicy.SNAPSHOT) {
    throw new Error(`${scope.node.path}: invalid removalPolicy SNAPSHOT: SWF resources cannot be snapshotted; use RETAIN or DESTROY (deprecate)`);
  }
  if (policy !== undefined) resource.applyRemovalPolicy(policy);
}
