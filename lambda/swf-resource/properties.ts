import { SWF_RESOURCE_TYPES } from '../../lib/common/swf-resources';
import { InvalidPropertiesError } from './errors';
import { ActivityTypeSpec, DomainSpec, kindOfResourceType, ResourceSpec, TagMap, WorkflowTypeSpec } from './spec';
import { SWF_LIMITS } from '../../lib/common/swf-constraints';
import * as rules from './swf-rules';

/**
 * Reads custom-resource properties into a ResourceSpec, checking them with SWF's rules.
 *
 * CloudFormation sends back every property format this handler ever shipped (Delete and rollback events carry the
 * properties of the deployment that created the resource), so reading is lenient: numbers for strings, `{name}`
 * task-list objects, tags as a list or a map. A format that is not the current one gets an entry in
 * PROPERTY_FORMATS that rewrites it into the current one before it is read.
 */

type RawProperties = Record<string, unknown>;

interface PropertyFormat {
  /** For logs and messages. */
  readonly name: string;
  readonly matches: (raw: RawProperties) => boolean;
  readonly toCurrent: (raw: RawProperties) => RawProperties;
}

/** Newest first; the first one that matches is used. */
const PROPERTY_FORMATS: readonly PropertyFormat[] = [
  { name: 'v1 (PascalCase SWF parameters, string values)', matches: () => true, toCurrent: (raw) => raw },
];

/** Properties CloudFormation or the Provider framework add that are not ours. */
const FRAMEWORK_PROPERTIES = new Set(['ServiceToken', 'ServiceTimeout']);

export interface PropertyValidation {
  /** Present when there are no problems. */
  readonly spec?: ResourceSpec;
  /** Each one is a complete sentence fragment naming the property, the value and the rule. */
  readonly problems: string[];
  /** Properties that were ignored (unknown to this handler). */
  readonly warnings: string[];
}

/** Checks properties without throwing, for `cdk-swf plan`. */
export function validateProperties(resourceType: string, properties: RawProperties | undefined): PropertyValidation {
  const kind = kindOfResourceType(resourceType);
  if (!kind) {
    return {
      problems: [`unknown resource type '${resourceType}': expected one of ${Object.values(SWF_RESOURCE_TYPES).join(', ')}`],
      warnings: [],
    };
  }
  const raw = properties ?? {};
  const format = PROPERTY_FORMATS.find((candidate) => candidate.matches(raw))!;
  const reader = new PropertyReader(format.toCurrent(raw));
  const spec = kind === 'domain' ? readDomain(reader) : kind === 'workflowType' ? readWorkflowType(reader) : readActivityType(reader);
  const warnings = reader.unreadProperties().map((key) => `ignored unknown property '${key}'`);
  return reader.problems.length ? { problems: reader.problems, warnings } : { spec, problems: [], warnings };
}

/** Reads and validates properties; throws InvalidPropertiesError (one line listing every problem). */
export function parseProperties(resourceType: string, properties: RawProperties | undefined): ResourceSpec {
  const result = validateProperties(resourceType, properties);
  if (!result.spec) throw new InvalidPropertiesError(resourceType, result.problems);
  return result.spec;
}

function readDomain(reader: PropertyReader): DomainSpec {
  return {
    kind: 'domain',
    name: reader.required('Name', (v) => rules.nameProblem(v, SWF_LIMITS.nameLength, { trimmed: true })),
    retentionPeriodInDays: reader.required('WorkflowExecutionRetentionPeriodInDays', rules.retentionProblem),
    description: reader.optional('Description', rules.descriptionProblem),
    tags: reader.tags('Tags'),
  };
}

function readTypeBase(reader: PropertyReader) {
  reader.forbid('Tags', 'SWF can tag only domains: remove the tags from this type');
  return {
    domain: reader.required('Domain', (v) => rules.nameProblem(v, SWF_LIMITS.nameLength, { trimmed: true })),
    name: reader.required('Name', (v) => rules.nameProblem(v, SWF_LIMITS.nameLength)),
    version: reader.required('Version', (v) => rules.nameProblem(v, SWF_LIMITS.versionLength)),
    description: reader.optional('Description', rules.descriptionProblem),
    defaultTaskList: reader.taskList('DefaultTaskList'),
    defaultTaskPriority: reader.optional('DefaultTaskPriority', rules.priorityProblem),
    defaultTaskStartToCloseTimeout: reader.optional('DefaultTaskStartToCloseTimeout', rules.optionalTimeoutProblem),
  };
}

function readWorkflowType(reader: PropertyReader): WorkflowTypeSpec {
  return {
    kind: 'workflowType',
    ...readTypeBase(reader),
    defaultExecutionStartToCloseTimeout: reader.optional('DefaultExecutionStartToCloseTimeout', rules.executionTimeoutProblem),
    defaultChildPolicy: reader.optional('DefaultChildPolicy', rules.childPolicyProblem),
    defaultLambdaRole: reader.optional('DefaultLambdaRole', rules.roleArnProblem),
  };
}

function readActivityType(reader: PropertyReader): ActivityTypeSpec {
  return {
    kind: 'activityType',
    ...readTypeBase(reader),
    defaultTaskHeartbeatTimeout: reader.optional('DefaultTaskHeartbeatTimeout', rules.optionalTimeoutProblem),
    defaultTaskScheduleToStartTimeout: reader.optional('DefaultTaskScheduleToStartTimeout', rules.optionalTimeoutProblem),
    defaultTaskScheduleToCloseTimeout: reader.optional('DefaultTaskScheduleToCloseTimeout', rules.optionalTimeoutProblem),
  };
}

type Check = (value: string) => string | undefined;

/** Reads one property at a time, coercing leniently and collecting every problem instead of stopping at the first. */
class PropertyReader {
  readonly problems: string[] = [];
  private readonly read = new Set<string>(FRAMEWORK_PROPERTIES);

  constructor(private readonly raw: RawProperties) {}

  required(key: string, check: Check): string {
    const value = this.optional(key, check);
    if (isBlank(this.raw[key])) this.problems.push(`${key} is required`);
    return value ?? '';
  }

  optional(key: string, check: Check): string | undefined {
    const value = this.scalar(key, this.take(key));
    if (value === undefined) return undefined;
    const problem = check(value);
    if (problem) this.problems.push(`${key} ${quote(value)} ${problem}`);
    return value;
  }

  /** A task list as its name, or as `{ name }` / `{ Name }` (the SWF shape). */
  taskList(key: string): string | undefined {
    const value = this.take(key);
    const name = isRecord(value) ? (value.name ?? value.Name) : value;
    const text = this.scalar(key, name);
    if (text === undefined) return undefined;
    const problem = rules.nameProblem(text, SWF_LIMITS.nameLength, { trimmed: true });
    if (problem) this.problems.push(`${key} ${quote(text)} ${problem}`);
    return text;
  }

  /** Tags as `[{Key, Value}]` (or lowercase keys), as a `{key: value}` map, or as either one in JSON. */
  tags(key: string): TagMap {
    let value = this.take(key);
    if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
      try {
        value = JSON.parse(value);
      } catch {
        this.problems.push(`${key} is not valid JSON: give a list of {Key, Value} objects`);
        return {};
      }
    }
    if (isBlank(value)) return {};
    const pairs = Array.isArray(value) ? value.map((tag) => tagPair(tag)) : isRecord(value) ? Object.entries(value) : undefined;
    if (!pairs || pairs.some((pair) => pair === undefined)) {
      this.problems.push(`${key} must be a list of {Key, Value} objects`);
      return {};
    }
    const tags: TagMap = {};
    for (const [tagKey, tagValue] of pairs as Array<[unknown, unknown]>) {
      const k = this.scalar(`${key} key`, tagKey) ?? '';
      const v = this.scalar(`${key} value`, tagValue ?? '') ?? '';
      if (Object.prototype.hasOwnProperty.call(tags, k)) this.problems.push(`${key} has the key ${quote(k)} twice`);
      const problem = rules.tagKeyProblem(k);
      if (problem) this.problems.push(`tag key ${quote(k)} ${problem}`);
      const valueProblem = rules.tagValueProblem(v);
      if (valueProblem) this.problems.push(`the value of tag ${quote(k)} ${valueProblem}`);
      tags[k] = v;
    }
    if (Object.keys(tags).length > SWF_LIMITS.tagsMax) {
      this.problems.push(`${key} has ${Object.keys(tags).length} tags: SWF allows at most ${SWF_LIMITS.tagsMax} per domain`);
    }
    return tags;
  }

  forbid(key: string, why: string): void {
    const value = this.take(key);
    const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (!empty) this.problems.push(`${key} is not supported: ${why}`);
  }

  unreadProperties(): string[] {
    return Object.keys(this.raw).filter((key) => !this.read.has(key));
  }

  private take(key: string): unknown {
    this.read.add(key);
    return this.raw[key];
  }

  /** Strings as they are, finite numbers as their decimal text; empty means unset. */
  private scalar(key: string, value: unknown): string | undefined {
    if (isBlank(value)) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    this.problems.push(`${key} must be a string, got ${Array.isArray(value) ? 'a list' : typeof value}`);
    return undefined;
  }
}

function tagPair(tag: unknown): [unknown, unknown] | undefined {
  if (!isRecord(tag)) return undefined;
  const key = tag.Key ?? tag.key;
  return key === undefined ? undefined : [key, tag.Value ?? tag.value];
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}
