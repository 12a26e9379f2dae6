import type { ImportedDomain, ImportedType } from './read-domain';

/**
 * The CDK code `cdk-swf import` writes, independent of the language: one Domain, one construct per type, and one
 * imported role per distinct Lambda role ARN. Each value says how to build exactly the string SWF holds.
 */

export type Value =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  /** `SwfTimeout.seconds(30)`, `Duration.seconds(3600)`, `DomainRetention.days(30)` */
  | { readonly kind: 'call'; readonly target: 'SwfTimeout.seconds' | 'Duration.seconds' | 'DomainRetention.days'; readonly argument: number }
  /** `SwfTimeout.NONE`, `DomainRetention.NONE`, `ChildPolicy.TERMINATE` */
  | { readonly kind: 'constant'; readonly owner: 'SwfTimeout' | 'DomainRetention' | 'ChildPolicy'; readonly member: string }
  | { readonly kind: 'map'; readonly entries: ReadonlyArray<readonly [string, string]> }
  /** A local variable: the domain, or an imported role. */
  | { readonly kind: 'variable'; readonly name: string };

/** A property in camelCase (the TypeScript name; Python converts it). */
export type Property = readonly [name: string, value: Value];

export interface ConstructModel {
  readonly className: 'Domain' | 'WorkflowType' | 'ActivityType';
  readonly id: string;
  readonly properties: readonly Property[];
  /** Types SWF holds as DEPRECATED: written commented out (deploying them would undeprecate them). */
  readonly deprecated: boolean;
}

export interface RoleModel {
  /** The variable name and construct id. */
  readonly variable: string;
  readonly id: string;
  readonly arn: string;
}

export interface StackModel {
  readonly className: string;
  readonly domainName: string;
  readonly domain: ConstructModel;
  readonly roles: readonly RoleModel[];
  readonly types: readonly ConstructModel[];
  /** Which names the code needs from cdk-swf and aws-cdk-lib. */
  readonly uses: ReadonlySet<string>;
}

export function buildStackModel(imported: ImportedDomain, className: string): StackModel {
  const uses = new Set<string>(['Domain']);
  const domainProperties: Property[] = [['domainName', str(imported.name)]];
  if (imported.description !== undefined) domainProperties.push(['description', str(imported.description)]);
  domainProperties.push(['retention', retention(imported.retentionPeriodInDays, uses)]);
  if (Object.keys(imported.tags).length > 0) domainProperties.push(['tags', { kind: 'map', entries: Object.entries(imported.tags).sort(([a], [b]) => a.localeCompare(b)) }]);

  const roles = new Map<string, RoleModel>();
  const ids = new Set<string>(['Domain']);
  const types = [...imported.workflowTypes, ...imported.activityTypes]
    .sort((a, b) => a.kind.localeCompare(b.kind) * -1 || a.name.localeCompare(b.name) || a.version.localeCompare(b.version))
    .map((type) => typeModel(type, uniqueId(`${type.name}-${type.version}`, ids), roles, uses));
  return {
    className,
    domainName: imported.name,
    domain: { className: 'Domain', id: 'Domain', properties: domainProperties, deprecated: false },
    roles: [...roles.values()],
    types,
    uses,
  };
}

function typeModel(type: ImportedType, id: string, roles: Map<string, RoleModel>, uses: Set<string>): ConstructModel {
  const workflow = type.kind === 'workflowType';
  const properties: Property[] = [
    ['domain', { kind: 'variable', name: 'domain' }],
    [workflow ? 'workflowTypeName' : 'activityTypeName', str(type.name)],
    [workflow ? 'workflowTypeVersion' : 'activityTypeVersion', str(type.version)],
  ];
  const add = (name: string, value: Value | undefined) => value && properties.push([name, value]);
  add('description', type.description === undefined ? undefined : str(type.description));
  add('defaultTaskList', type.defaultTaskList === undefined ? undefined : str(type.defaultTaskList));
  add('defaultTaskPriority', type.defaultTaskPriority === undefined ? undefined : { kind: 'number', value: Number(type.defaultTaskPriority) });
  add('defaultTaskStartToCloseTimeout', timeout(type.defaultTaskStartToCloseTimeout, uses));
  if (type.kind === 'workflowType') {
    if (type.defaultExecutionStartToCloseTimeout !== undefined) {
      uses.add('Duration');
      add('defaultExecutionStartToCloseTimeout', { kind: 'call', target: 'Duration.seconds', argument: Number(type.defaultExecutionStartToCloseTimeout) });
    }
    if (type.defaultChildPolicy !== undefined) {
      uses.add('ChildPolicy');
      add('defaultChildPolicy', { kind: 'constant', owner: 'ChildPolicy', member: type.defaultChildPolicy });
    }
    if (type.defaultLambdaRole !== undefined) add('defaultLambdaRole', { kind: 'variable', name: roleFor(type.defaultLambdaRole, roles, uses).variable });
  } else {
    add('defaultTaskHeartbeatTimeout', timeout(type.defaultTaskHeartbeatTimeout, uses));
    add('defaultTaskScheduleToStartTimeout', timeout(type.defaultTaskScheduleToStartTimeout, uses));
    add('defaultTaskScheduleToCloseTimeout', timeout(type.defaultTaskScheduleToCloseTimeout, uses));
  }
  const className = workflow ? 'WorkflowType' : 'ActivityType';
  uses.add(className);
  return { className, id, properties, deprecated: type.status === 'DEPRECATED' };
}

function roleFor(arn: string, roles: Map<string, RoleModel>, uses: Set<string>): RoleModel {
  uses.add('iam');
  const known = roles.get(arn);
  if (known) return known;
  const n = roles.size + 1;
  const role = { variable: `lambdaRole${n}`, id: `LambdaRole${n}`, arn };
  roles.set(arn, role);
  return role;
}

function timeout(value: string | undefined, uses: Set<string>): Value | undefined {
  if (value === undefined) return undefined;
  uses.add('SwfTimeout');
  return value === 'NONE' ? { kind: 'constant', owner: 'SwfTimeout', member: 'NONE' } : { kind: 'call', target: 'SwfTimeout.seconds', argument: Number(value) };
}

function retention(days: string, uses: Set<string>): Value {
  uses.add('DomainRetention');
  return days === 'NONE' ? { kind: 'constant', owner: 'DomainRetention', member: 'NONE' } : { kind: 'call', target: 'DomainRetention.days', argument: Number(days) };
}

function str(value: string): Value {
  return { kind: 'string', value };
}

/** `ProcessOrder-1.2` → `ProcessOrderV12`-like PascalCase ids, unique within the stack. */
function uniqueId(text: string, taken: Set<string>): string {
  const base =
    text
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((part) => part[0].toUpperCase() + part.slice(1))
      .join('') || 'Type';
  let id = /^[0-9]/.test(base) ? `T${base}` : base;
  for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
  taken.add(id);
  return id;
}

/** `orders-legacy` → `OrdersLegacySwfStack`. */
export function stackClassNameFor(domainName: string): string {
  const base = domainName
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
  return `${/^[A-Za-z]/.test(base) ? base : `Swf${base}`}SwfStack`;
}
