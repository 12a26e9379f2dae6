/**
 * What SWF resources are called outside SWF: the CloudFormation custom resource types cdk-swf defines for them and
 * the ARN format SWF gives a domain (swf-api.md §7: only domains have ARNs). Pure: constructs, handler, deploy,
 * swf-local and the CLI all read these from here.
 */

/** The custom resource type of each SWF resource kind (a contract: templates already deployed use these names). */
export const SWF_RESOURCE_TYPES = {
  domain: 'Custom::SwfDomain',
  workflowType: 'Custom::SwfWorkflowType',
  activityType: 'Custom::SwfActivityType',
} as const;

export type SwfResourceKind = keyof typeof SWF_RESOURCE_TYPES;

/** The prefix every cdk-swf custom resource type starts with. */
export const SWF_RESOURCE_TYPE_PREFIX = 'Custom::Swf';

/** The kind a custom resource type stands for, or undefined for any other resource type. */
export function swfResourceKind(resourceType: string): SwfResourceKind | undefined {
  const entry = Object.entries(SWF_RESOURCE_TYPES).find(([, type]) => type === resourceType);
  return entry?.[0] as SwfResourceKind | undefined;
}

/** How a domain ARN looks, for messages. */
export const DOMAIN_ARN_FORMAT = 'arn:<partition>:swf:<region>:<account>:/domain/<name>';

/** The resource part of a domain ARN (`/domain/<name>`) is written with this prefix. */
export const DOMAIN_ARN_RESOURCE = '/domain';

export interface DomainArnScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** `arn:<partition>:swf:<region>:<account>:/domain/<name>`. */
export function formatDomainArn(scope: DomainArnScope, name: string): string {
  return `arn:${scope.partition}:swf:${scope.region}:${scope.account}:${DOMAIN_ARN_RESOURCE}/${name}`;
}

const DOMAIN_ARN = /^arn:[^:]+:swf:[^:]*:[^:]*:\/domain\/(.+)$/;

/** The domain name in a domain ARN, or undefined when the text is not a domain ARN. */
export function domainNameFromArn(arn: string): string | undefined {
  return DOMAIN_ARN.exec(arn)?.[1];
}
