import {
  ActivityTypeConfiguration,
  CountOpenWorkflowExecutionsCommand,
  DeprecateActivityTypeCommand,
  DeprecateDomainCommand,
  DeprecateWorkflowTypeCommand,
  DescribeActivityTypeCommand,
  DescribeDomainCommand,
  DescribeWorkflowTypeCommand,
  ListTagsForResourceCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  SWFClient,
  TagResourceCommand,
  UndeprecateActivityTypeCommand,
  UndeprecateDomainCommand,
  UndeprecateWorkflowTypeCommand,
  UntagResourceCommand,
  WorkflowTypeConfiguration,
} from '@aws-sdk/client-swf';
import type { Settings } from './compare';
import { HandlerError } from './errors';
import type { Identity } from './physical-id';
import { AttemptOptions, backoffDelay, callWithRetries, errorMessage } from './retry';
import { DomainSpec, TagMap, TypeKind, TypeSpec } from './spec';

/**
 * The SWF calls the handler makes: one log line per call, retries of throttling/5xx/network failures inside the
 * deadline, and SWF's answers translated into the handler's terms (settings keyed by property name, tags as a map).
 */

/** A failed SWF call. `code` is SWF's fault name (e.g. `DomainAlreadyExistsFault`) for decisions; the message is for people. */
export class SwfCallError extends HandlerError {
  constructor(
    readonly operation: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SwfCallError';
  }
}

export type RegistrationStatus = 'REGISTERED' | 'DEPRECATED';

/** What SWF holds for a resource. */
export interface Observed {
  readonly status: RegistrationStatus;
  readonly settings: Settings;
  /** Domains only. */
  readonly arn?: string;
}

/** The client, and the time budget its calls are retried within (the SDK socket timeout is 70 s: attempts time out sooner). */
export interface SwfApiOptions extends AttemptOptions {
  readonly swf: SWFClient;
}


const HINTS: Record<string, string> = {
  OperationNotPermittedFault: "check that the handler's IAM role allows this SWF action on the domain",
  LimitExceededFault:
    'SWF counts registered and deprecated resources against its quotas (100 domains per Region, 10,000 types per domain): reuse names or request a quota increase',
  TooManyTagsFault: 'SWF allows at most 50 tags per domain: remove some tags',
};

export class SwfApi {
  constructor(private readonly options: SwfApiOptions) {}

  registerDomain(spec: DomainSpec): Promise<void> {
    const tags = Object.entries(spec.tags).map(([key, value]) => ({ key, value }));
    return this.call('RegisterDomain', `name=${q(spec.name)}`, (abortSignal) =>
      this.options.swf.send(
        new RegisterDomainCommand({
          name: spec.name,
          workflowExecutionRetentionPeriodInDays: spec.retentionPeriodInDays,
          description: spec.description,
          tags: tags.length ? tags : undefined,
        }),
        { abortSignal },
      ),
    ).then(() => undefined);
  }

  /** Undefined when SWF does not know the domain. */
  async describeDomain(name: string): Promise<Observed | undefined> {
    const output = await this.unlessUnknown(
      this.call('DescribeDomain', `name=${q(name)}`, (abortSignal) => this.options.swf.send(new DescribeDomainCommand({ name }), { abortSignal })),
    );
    if (!output) return undefined;
    return {
      status: output.domainInfo?.status as RegistrationStatus,
      arn: output.domainInfo?.arn,
      settings: {
        WorkflowExecutionRetentionPeriodInDays: output.configuration?.workflowExecutionRetentionPeriodInDays,
        Description: output.domainInfo?.description,
      },
    };
  }

  async deprecateDomain(name: string): Promise<void> {
    await this.call('DeprecateDomain', `name=${q(name)}`, (abortSignal) => this.options.swf.send(new DeprecateDomainCommand({ name }), { abortSignal }));
  }

  async undeprecateDomain(name: string): Promise<void> {
    await this.call('UndeprecateDomain', `name=${q(name)}`, (abortSignal) =>
      this.options.swf.send(new UndeprecateDomainCommand({ name }), { abortSignal }),
    );
  }

  async listTags(arn: string): Promise<TagMap> {
    const output = await this.call('ListTagsForResource', `arn=${q(arn)}`, (abortSignal) =>
      this.options.swf.send(new ListTagsForResourceCommand({ resourceArn: arn }), { abortSignal }),
    );
    return Object.fromEntries((output.tags ?? []).map((tag) => [tag.key ?? '', tag.value ?? '']));
  }

  async tag(arn: string, tags: TagMap): Promise<void> {
    const keys = Object.keys(tags);
    await this.call('TagResource', `arn=${q(arn)} keys=${q(keys.join(','))}`, (abortSignal) =>
      this.options.swf.send(new TagResourceCommand({ resourceArn: arn, tags: keys.map((key) => ({ key, value: tags[key] })) }), { abortSignal }),
    );
  }

  async untag(arn: string, keys: string[]): Promise<void> {
    await this.call('UntagResource', `arn=${q(arn)} keys=${q(keys.join(','))}`, (abortSignal) =>
      this.options.swf.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: keys }), { abortSignal }),
    );
  }

  async registerType(spec: TypeSpec): Promise<void> {
    const common = {
      domain: spec.domain,
      name: spec.name,
      version: spec.version,
      description: spec.description,
      defaultTaskList: spec.defaultTaskList === undefined ? undefined : { name: spec.defaultTaskList },
      defaultTaskPriority: spec.defaultTaskPriority,
      defaultTaskStartToCloseTimeout: spec.defaultTaskStartToCloseTimeout,
    };
    const summary = typeSummary(spec);
    if (spec.kind === 'workflowType') {
      await this.call('RegisterWorkflowType', summary, (abortSignal) =>
        this.options.swf.send(
          new RegisterWorkflowTypeCommand({
            ...common,
            defaultExecutionStartToCloseTimeout: spec.defaultExecutionStartToCloseTimeout,
            defaultChildPolicy: spec.defaultChildPolicy as WorkflowTypeConfiguration['defaultChildPolicy'],
            defaultLambdaRole: spec.defaultLambdaRole,
          }),
          { abortSignal },
        ),
      );
    } else {
      await this.call('RegisterActivityType', summary, (abortSignal) =>
        this.options.swf.send(
          new RegisterActivityTypeCommand({
            ...common,
            defaultTaskHeartbeatTimeout: spec.defaultTaskHeartbeatTimeout,
            defaultTaskScheduleToStartTimeout: spec.defaultTaskScheduleToStartTimeout,
            defaultTaskScheduleToCloseTimeout: spec.defaultTaskScheduleToCloseTimeout,
          }),
          { abortSignal },
        ),
      );
    }
  }

  /** Undefined when SWF does not know the type (or its domain). */
  async describeType(identity: TypeIdentity): Promise<Observed | undefined> {
    const summary = typeSummary(identity);
    const type = { name: identity.name, version: identity.version };
    if (identity.kind === 'workflowType') {
      const output = await this.unlessUnknown(
        this.call('DescribeWorkflowType', summary, (abortSignal) =>
          this.options.swf.send(new DescribeWorkflowTypeCommand({ domain: identity.domain, workflowType: type }), { abortSignal }),
        ),
      );
      if (!output) return undefined;
      const config: WorkflowTypeConfiguration = output.configuration ?? {};
      return observedType(output, {
        DefaultExecutionStartToCloseTimeout: config.defaultExecutionStartToCloseTimeout,
        DefaultChildPolicy: config.defaultChildPolicy,
        DefaultLambdaRole: config.defaultLambdaRole,
      });
    }
    const output = await this.unlessUnknown(
      this.call('DescribeActivityType', summary, (abortSignal) =>
        this.options.swf.send(new DescribeActivityTypeCommand({ domain: identity.domain, activityType: type }), { abortSignal }),
      ),
    );
    if (!output) return undefined;
    const config: ActivityTypeConfiguration = output.configuration ?? {};
    return observedType(output, {
      DefaultTaskHeartbeatTimeout: config.defaultTaskHeartbeatTimeout,
      DefaultTaskScheduleToStartTimeout: config.defaultTaskScheduleToStartTimeout,
      DefaultTaskScheduleToCloseTimeout: config.defaultTaskScheduleToCloseTimeout,
    });
  }

  async deprecateType(identity: TypeIdentity): Promise<void> {
    const type = { name: identity.name, version: identity.version };
    if (identity.kind === 'workflowType') {
      await this.call('DeprecateWorkflowType', typeSummary(identity), (abortSignal) =>
        this.options.swf.send(new DeprecateWorkflowTypeCommand({ domain: identity.domain, workflowType: type }), { abortSignal }),
      );
    } else {
      await this.call('DeprecateActivityType', typeSummary(identity), (abortSignal) =>
        this.options.swf.send(new DeprecateActivityTypeCommand({ domain: identity.domain, activityType: type }), { abortSignal }),
      );
    }
  }

  async undeprecateType(identity: TypeIdentity): Promise<void> {
    const type = { name: identity.name, version: identity.version };
    if (identity.kind === 'workflowType') {
      await this.call('UndeprecateWorkflowType', typeSummary(identity), (abortSignal) =>
        this.options.swf.send(new UndeprecateWorkflowTypeCommand({ domain: identity.domain, workflowType: type }), { abortSignal }),
      );
    } else {
      await this.call('UndeprecateActivityType', typeSummary(identity), (abortSignal) =>
        this.options.swf.send(new UndeprecateActivityTypeCommand({ domain: identity.domain, activityType: type }), { abortSignal }),
      );
    }
  }

  /**
   * Open executions in the domain started no later than `startedBefore`, of one workflow type version when given.
   * A truncated count is a lower bound, which is enough to tell zero from some.
   */
  async countOpenExecutions(domain: string, filter: { startedBefore?: Date; workflowType?: { name: string; version: string } }): Promise<number> {
    const summary = `domain=${q(domain)}${filter.workflowType ? ` type=${q(`${filter.workflowType.name}@${filter.workflowType.version}`)}` : ''}`;
    const output = await this.call('CountOpenWorkflowExecutions', summary, (abortSignal) =>
      this.options.swf.send(
        new CountOpenWorkflowExecutionsCommand({
          domain,
          startTimeFilter: { oldestDate: new Date(0), latestDate: filter.startedBefore },
          typeFilter: filter.workflowType,
        }),
        { abortSignal },
      ),
    );
    return output.count ?? 0;
  }

  /** Sleeps like a retry would, for polls that wait out SWF's eventual consistency. */
  async pause(attempt: number): Promise<boolean> {
    const delay = Math.max(1, backoffDelay(attempt, this.options.backoff, this.options.clock));
    if (this.options.deadline.remainingMs() <= delay) return false;
    await this.options.clock.sleep(delay);
    return true;
  }

  private async unlessUnknown<T>(call: Promise<T>): Promise<T | undefined> {
    try {
      return await call;
    } catch (error) {
      if (error instanceof SwfCallError && error.code === 'UnknownResourceFault') return undefined;
      throw error;
    }
  }

  private call<T>(operation: string, summary: string, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    return callWithRetries(this.options, `swf ${operation} ${summary}`, send, ({ kind, code, error, attempts, seconds, lastFailure }) => {
      if (kind === 'out of time') {
        return new SwfCallError(
          operation,
          code,
          `SWF ${operation} (${summary}) still failed after ${attempts} attempts over ${seconds} s (last: ${lastFailure}): ` +
            'SWF is throttling or unavailable; retry the deployment later',
        );
      }
      const hint = HINTS[code] ? `: ${HINTS[code]}` : '';
      return new SwfCallError(operation, code, `SWF ${operation} (${summary}) failed with ${code}: ${errorMessage(error)}${hint}`);
    });
  }
}

export type TypeIdentity = Extract<Identity, { kind: TypeKind }>;

/** What DescribeWorkflowType and DescribeActivityType answer alike, then the settings only one kind of type has. */
function observedType(
  output: {
    typeInfo?: { status?: string; description?: string };
    configuration?: { defaultTaskList?: { name?: string }; defaultTaskPriority?: string; defaultTaskStartToCloseTimeout?: string };
  },
  kindSettings: Settings,
): Observed {
  const config = output.configuration ?? {};
  return {
    status: output.typeInfo?.status as RegistrationStatus,
    settings: {
      Description: output.typeInfo?.description,
      DefaultTaskList: config.defaultTaskList?.name,
      DefaultTaskPriority: config.defaultTaskPriority,
      DefaultTaskStartToCloseTimeout: config.defaultTaskStartToCloseTimeout,
      ...kindSettings,
    },
  };
}

function typeSummary(identity: { domain: string; name: string; version: string }): string {
  return `domain=${q(identity.domain)} name=${q(identity.name)} version=${q(identity.version)}`;
}

function q(value: string): string {
  return JSON.stringify(value);
}

