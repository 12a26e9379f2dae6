import { ResourceKind, ResourceSpec, TagMap } from './spec';

/**
 * The one place that decides whether two configurations of an SWF resource are the same. The handler uses it to
 * decide between adopting and failing (ours vs what SWF holds) and to spot immutable changes in an Update (new vs old
 * properties); `inspectResource` uses it to report differences for `cdk-swf plan`.
 *
 * Settings are keyed by their property name (`Description`, `DefaultTaskList`, ...), which is also what messages and
 * plans show.
 */

export type Settings = Readonly<Record<string, string | undefined>>;

export interface Difference {
  readonly attribute: string;
  /** Our (desired) value; undefined when unset. */
  readonly ours?: string;
  /** The value SWF holds (or, for an Update, the previous value); undefined when unset. */
  readonly theirs?: string;
}

export interface ResourceTag {
  readonly key: string;
  readonly value: string;
}

export interface TagChanges {
  /** Keys SWF lacks. */
  readonly added: ResourceTag[];
  /** Keys whose value differs: `ours` is the value to set, `theirs` the one SWF holds. */
  readonly changed: Array<{ readonly key: string; readonly ours: string; readonly theirs: string }>;
  /** Keys SWF holds that we do not want. */
  readonly removed: ResourceTag[];
}

type Normalize = (value: string | undefined) => string;

const asText: Normalize = (value) => value ?? '';
/** "007" and "7" are the same number of seconds or days. */
const asWholeNumber: Normalize = (value) => (value !== undefined && /^[+-]?\d+$/.test(value) ? String(Number(value)) : asText(value));
/** SWF documents "NONE" and "0" alike as "keep no history". */
const asRetention: Normalize = (value) => (value === 'NONE' ? '0' : asWholeNumber(value));
/** An unset priority is SWF's default priority, 0. */
const asPriority: Normalize = (value) => asWholeNumber(value ?? '0');

/** The settings SWF fixes at registration, per kind, with how to compare each. */
const IMMUTABLE_SETTINGS: Record<ResourceKind, ReadonlyArray<readonly [string, Normalize]>> = {
  domain: [
    ['WorkflowExecutionRetentionPeriodInDays', asRetention],
    ['Description', asText],
  ],
  workflowType: [
    ['Description', asText],
    ['DefaultTaskList', asText],
    ['DefaultTaskPriority', asPriority],
    ['DefaultTaskStartToCloseTimeout', asWholeNumber],
    ['DefaultExecutionStartToCloseTimeout', asWholeNumber],
    ['DefaultChildPolicy', asText],
    ['DefaultLambdaRole', asText],
  ],
  activityType: [
    ['Description', asText],
    ['DefaultTaskList', asText],
    ['DefaultTaskPriority', asPriority],
    ['DefaultTaskStartToCloseTimeout', asWholeNumber],
    ['DefaultTaskHeartbeatTimeout', asWholeNumber],
    ['DefaultTaskScheduleToStartTimeout', asWholeNumber],
    ['DefaultTaskScheduleToCloseTimeout', asWholeNumber],
  ],
};

/** The immutable settings of a spec, keyed by property name. */
export function settingsOf(spec: ResourceSpec): Settings {
  switch (spec.kind) {
    case 'domain':
      return { WorkflowExecutionRetentionPeriodInDays: spec.retentionPeriodInDays, Description: spec.description };
    case 'workflowType':
      return {
        ...commonTypeSettings(spec),
        DefaultExecutionStartToCloseTimeout: spec.defaultExecutionStartToCloseTimeout,
        DefaultChildPolicy: spec.defaultChildPolicy,
        DefaultLambdaRole: spec.defaultLambdaRole,
      };
    case 'activityType':
      return {
        ...commonTypeSettings(spec),
        DefaultTaskHeartbeatTimeout: spec.defaultTaskHeartbeatTimeout,
        DefaultTaskScheduleToStartTimeout: spec.defaultTaskScheduleToStartTimeout,
        DefaultTaskScheduleToCloseTimeout: spec.defaultTaskScheduleToCloseTimeout,
      };
  }
}

function commonTypeSettings(spec: Exclude<ResourceSpec, { kind: 'domain' }>): Settings {
  return {
    Description: spec.description,
    DefaultTaskList: spec.defaultTaskList,
    DefaultTaskPriority: spec.defaultTaskPriority,
    DefaultTaskStartToCloseTimeout: spec.defaultTaskStartToCloseTimeout,
  };
}

/** Every immutable setting whose values differ, in a stable order. */
export function compareSettings(kind: ResourceKind, ours: Settings, theirs: Settings): Difference[] {
  return IMMUTABLE_SETTINGS[kind]
    .filter(([attribute, normalize]) => normalize(ours[attribute]) !== normalize(theirs[attribute]))
    .map(([attribute]) => ({ attribute, ours: ours[attribute], theirs: theirs[attribute] }));
}

/** What it takes to turn `theirs` into `ours`. */
export function compareTags(ours: TagMap, theirs: TagMap): TagChanges {
  const added: ResourceTag[] = [];
  const changed: Array<{ key: string; ours: string; theirs: string }> = [];
  for (const key of Object.keys(ours).sort()) {
    if (!Object.prototype.hasOwnProperty.call(theirs, key)) added.push({ key, value: ours[key] });
    else if (theirs[key] !== ours[key]) changed.push({ key, ours: ours[key], theirs: theirs[key] });
  }
  const removed = Object.keys(theirs)
    .sort()
    .filter((key) => !Object.prototype.hasOwnProperty.call(ours, key))
    .map((key) => ({ key, value: theirs[key] }));
  return { added, changed, removed };
}

export function hasTagChanges(changes: TagChanges): boolean {
  return changes.added.length + changes.changed.length + changes.removed.length > 0;
}

/** `Description ours "a" vs SWF's "b"; ...` for one-line messages. */
export function formatDifferences(differences: readonly Difference[], theirsLabel: string): string {
  return differences.map((d) => `${d.attribute} ours ${show(d.ours)} vs ${theirsLabel} ${show(d.theirs)}`).join('; ');
}

/** `Description from "a" to "b"; ...` for one-line messages about an Update. */
export function formatChanges(differences: readonly Difference[]): string {
  return differences.map((d) => `${d.attribute} from ${show(d.theirs)} to ${show(d.ours)}`).join('; ');
}

function show(value: string | undefined): string {
  return value === undefined ? '(unset)' : JSON.stringify(value);
}
