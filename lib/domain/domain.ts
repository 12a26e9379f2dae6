import { DOMAIN_ARN_FORMAT, domainNameFromArn, SWF_RESOURCE_TYPES } from '../common/swf-resources';
import {
  CustomResource,
  Fn,
  ITaggable,
  Lazy,
  Names,
  RemovalPolicy,
  TagManager,
  TagType,
  Token,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ResourceTag, SWF_LIMITS, validateDescription, validateName, validateTags } from '../construct-support/swf-rules';
import { applySwfRemovalPolicy } from '../construct-support/swf-type';
import { SwfResourceProvider } from '../provider/swf-resource-provider';
import { DomainBase, formatDomainArn, IDomain } from './domain-base';
import { DomainRetention } from './domain-retention';

/** The CloudFormation resource type of a domain. Part of the handler contract: never change it. */
export const DOMAIN_RESOURCE_TYPE = SWF_RESOURCE_TYPES.domain;

/** Properties of an SWF domain. */
export interface DomainProps {
  /**
   * The name of the domain, unique in the account and Region. A domain can never be deleted, only deprecated,
   * and a deprecated name can never be registered again: changing the name replaces the domain.
   *
   * @default - a name derived from the construct path (stable across synths)
   */
  readonly domainName?: string;

  /**
   * A description of the domain. Fixed at registration: SWF cannot change it, so a change fails the deployment
   * (choose a new domain name to change it).
   *
   * @default - no description
   */
  readonly description?: string;

  /**
   * How long SWF keeps the history of closed executions. Fixed at registration, like the description.
   *
   * @default DomainRetention.days(30)
   */
  readonly retention?: DomainRetention;

  /**
   * Tags for the domain (updated in place). `Tags.of(domain)` works as well.
   *
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };

  /**
   * What happens to the domain when it leaves the stack. SWF cannot delete a domain: DESTROY deprecates it
   * (its types are deprecated with it; running executions continue). RETAIN leaves it registered.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** An Amazon SWF domain, registered by a CloudFormation custom resource. */
export class Domain extends DomainBase implements ITaggable {
  /** Imports a domain by name. */
  public static fromDomainName(scope: Construct, id: string, domainName: string): IDomain {
    class Import extends DomainBase {
      public readonly domainName = domainName;
      public readonly domainArn = formatDomainArn(this, domainName);
    }
    const imported = new Import(scope, id);
    validateName(imported, 'domainName', domainName, { maxLength: SWF_LIMITS.nameLength, trimmed: true });
    return imported;
  }

  /** Imports a domain by ARN (`arn:<partition>:swf:<region>:<account>:/domain/<name>`). */
  public static fromDomainArn(scope: Construct, id: string, domainArn: string): IDomain {
    const domainName = Token.isUnresolved(domainArn) ? Fn.select(2, Fn.split('/', domainArn)) : parseDomainArn(scope, id, domainArn);
    class Import extends DomainBase {
      public readonly domainName = domainName;
      public readonly domainArn = domainArn;
    }
    return new Import(scope, id, { environmentFromArn: domainArn });
  }

  public readonly domainName: string;
  public readonly domainArn: string;
  /** The tags of the domain (TagManager, so `Tags.of(domain).add(...)` applies). */
  public readonly tags: TagManager;

  private readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: DomainProps = {}) {
    super(scope, id, {
      physicalName: props.domainName ?? Lazy.string({ produce: () => this.generatedName() }),
    });
    validateName(this, 'domainName', props.domainName, { maxLength: SWF_LIMITS.nameLength, trimmed: true });
    validateDescription(this, props.description);
    const retention = (props.retention ?? DomainRetention.days(30))._render(this);

    this.tags = new TagManager(TagType.KEY_VALUE, DOMAIN_RESOURCE_TYPE, props.tags);
    // Tags may still be added by aspects (Tags.of), so they are validated once the tree is complete.
    this.node.addValidation({ validate: () => validateTags(this, this.renderedTags() ?? []) });

    const arnFromName = formatDomainArn(this, this.physicalName);
    const provider = SwfResourceProvider.getOrCreate(this);
    provider.allowDomainRegistration();
    provider.addDomain(arnFromName);

    this.resource = new CustomResource(this, 'Resource', {
      resourceType: DOMAIN_RESOURCE_TYPE,
      serviceToken: provider.serviceToken,
      // SWF cannot delete a domain, and deprecating one burns its name for good: keep it unless asked.
      removalPolicy: RemovalPolicy.RETAIN,
      properties: {
        Name: this.physicalName,
        WorkflowExecutionRetentionPeriodInDays: retention,
        ...(props.description !== undefined ? { Description: props.description } : {}),
        Tags: Lazy.any({ produce: () => this.renderedTags() }),
      },
    });
    applySwfRemovalPolicy(this, this.resource, props.removalPolicy);
    // Ref of the custom resource is the domain name: consumers (types, workers) depend on its registration.
    this.domainName = this.getResourceNameAttribute(this.resource.ref);
    // Built from the name, not from the resource, so that IAM policies (the provider's own) create no cycle.
    this.domainArn = arnFromName;
  }

  /** Sets the removal policy of the domain (DESTROY deprecates; RETAIN leaves it registered). */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    applySwfRemovalPolicy(this, this.resource, policy);
  }

  private generatedName(): string {
    return Names.uniqueResourceName(this, { maxLength: SWF_LIMITS.nameLength, separator: '-' });
  }

  /** Tags sorted by key, or undefined (property omitted) when there are none. */
  private renderedTags(): ResourceTag[] | undefined {
    const rendered = this.tags.renderTags() as ResourceTag[] | undefined;
    if (!rendered || rendered.length === 0) return undefined;
    return [...rendered].sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));
  }
}

function parseDomainArn(scope: Construct, id: string, domainArn: string): string {
  const name = domainNameFromArn(domainArn);
  if (name === undefined || name.includes('/')) {
    throw new Error(`${scope.node.path}/${id}: invalid domainArn ${JSON.stringify(domainArn)}: expected ${DOMAIN_ARN_FORMAT}`);
  }
  return name;
}
