import { Duration, Token } from 'aws-cdk-lib';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import type { IActivityType } from '../activity-type/activity-type';
import { SWF_LIMITS, validateName } from '../construct-support/swf-rules';
import type { IWorkflowType } from '../workflow-type/workflow-type';
import { WorkerKind } from './worker-kind';
import type { WorkerServiceProps } from './worker-service';

/** ECS waits this long after SIGTERM before SIGKILL: the Fargate maximum, for a 60 s poll plus the task in hand. */
export const WORKER_STOP_TIMEOUT = Duration.seconds(120);
/** Time the worker gets between the end of its drain and SIGKILL, to fail what it could not finish. */
const DRAIN_MARGIN = Duration.seconds(10);

/**
 * Environment variables the service sets from its props: the contract with any worker it runs (cdk-swf's Node
 * runtime reads them; a worker in another language reads the same ones).
 */
export const WORKER_ENVIRONMENT_VARIABLES: readonly string[] = [
  'SWF_DOMAIN',
  'SWF_TASK_LIST',
  'SWF_WORKFLOW_VERSIONS',
  'SWF_ACTIVITY_VERSIONS',
  'SWF_DRAIN_SECONDS',
  'SWF_CONCURRENCY',
];

/** The props of a WorkerService, validated, with the defaults filled in. */
export interface WorkerSettings {
  readonly workflowTypes: IWorkflowType[];
  readonly activityTypes: IActivityType[];
  /** The container command; undefined runs the image's own command. */
  readonly command?: string[];
  readonly cpu: number;
  readonly memoryLimitMiB: number;
  readonly cpuArchitecture: ecs.CpuArchitecture;
  readonly imagePlatform: Platform;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly capacityProviderStrategies?: ecs.CapacityProviderStrategy[];
  readonly drainTimeout: Duration;
  readonly scaleInAfterIdle: Duration;
}

/** Validates the props and fills in the defaults; every error names the prop, the value and the fix. */
export function resolveWorkerSettings(scope: Construct, props: WorkerServiceProps): WorkerSettings {
  const bad = (prop: string, value: unknown, rule: string): never => {
    throw new Error(`${scope.node.path}: invalid ${prop} ${JSON.stringify(value)}: ${rule}`);
  };
  const isDecider = props.kind === WorkerKind.DECIDER;
  if (!Object.values(WorkerKind).includes(props.kind)) bad('kind', props.kind, 'use WorkerKind.DECIDER or WorkerKind.ACTIVITY');
  validateName(scope, 'taskList', props.taskList, { maxLength: SWF_LIMITS.nameLength, trimmed: true });
  const command = resolveCommand(props, bad);
  if (props.cluster && props.vpc) bad('vpc', props.vpc.node.path, 'give either cluster or vpc, not both (the cluster has its VPC)');

  const workflowTypes = props.workflowTypes ?? [];
  const activityTypes = props.activityTypes ?? [];
  if (isDecider && workflowTypes.length === 0) bad('workflowTypes', [], 'a decider needs the workflow types it decides for');
  if (!isDecider) {
    if (activityTypes.length === 0) bad('activityTypes', [], 'activity workers need the activity types they serve');
    const deciderOnly = ['workflowTypes', 'activityTaskLists', 'childWorkflowTypes', 'allowExternalWorkflowDecisions', 'allowLambdaTasks'] as const;
    for (const prop of deciderOnly) {
      const value = props[prop];
      if (value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0)) {
        bad(prop, Array.isArray(value) ? `${value.length} item(s)` : value, 'applies only to deciders (kind: WorkerKind.DECIDER)');
      }
    }
  }
  for (const type of [...workflowTypes, ...(props.childWorkflowTypes ?? []), ...activityTypes]) {
    const domainName = type.domain.domainName;
    if (!Token.isUnresolved(domainName) && !Token.isUnresolved(props.domain.domainName) && domainName !== props.domain.domainName) {
      bad('domain', props.domain.domainName, `type ${type.node.path} is registered in domain ${domainName}: workers serve one domain`);
    }
  }
  for (const taskList of props.activityTaskLists ?? []) {
    validateName(scope, 'activityTaskLists', taskList, { maxLength: SWF_LIMITS.nameLength, trimmed: true });
  }

  const minCapacity = props.minCapacity ?? 1;
  wholeNumber(scope, 'minCapacity', minCapacity);
  if (isDecider && minCapacity < 1) {
    bad('minCapacity', minCapacity, 'a decider needs at least 1 task, or decisions wait minutes for one to start');
  }
  const maxCapacity = props.maxCapacity ?? Math.max(minCapacity, isDecider ? 2 : 4);
  wholeNumber(scope, 'maxCapacity', maxCapacity);
  if (maxCapacity < 1 || maxCapacity < minCapacity) bad('maxCapacity', maxCapacity, `must be at least 1 and at least minCapacity (${minCapacity})`);

  if (props.onDemandBaseCapacity !== undefined && !props.spot) {
    bad('onDemandBaseCapacity', props.onDemandBaseCapacity, 'applies only with spot: true');
  }
  const onDemandBase = props.onDemandBaseCapacity ?? (isDecider ? 1 : 0);
  wholeNumber(scope, 'onDemandBaseCapacity', onDemandBase);
  const capacityProviderStrategies = props.spot
    ? [
      ...(onDemandBase > 0 ? [{ capacityProvider: 'FARGATE', base: onDemandBase, weight: 0 }] : []),
      { capacityProvider: 'FARGATE_SPOT', weight: 1 },
    ]
    : undefined;

  const drainTimeout = props.drainTimeout ?? Duration.seconds(90);
  const drainLimit = WORKER_STOP_TIMEOUT.toSeconds() - DRAIN_MARGIN.toSeconds();
  const drainSeconds = drainTimeout.toSeconds({ integral: false });
  if (!Number.isInteger(drainSeconds) || drainSeconds < 1 || drainSeconds > drainLimit) {
    bad('drainTimeout', drainTimeout.toHumanString(), `must be whole seconds from 1 to ${drainLimit}: ECS kills the container ${WORKER_STOP_TIMEOUT.toSeconds()} s after SIGTERM`);
  }
  if (props.concurrency !== undefined) {
    wholeNumber(scope, 'concurrency', props.concurrency);
    if (props.concurrency < 1) bad('concurrency', props.concurrency, 'must be at least 1');
  }
  const scaleInAfterIdle = props.scaleInAfterIdle ?? Duration.minutes(5);
  const idleMinutes = scaleInAfterIdle.toMinutes({ integral: false });
  if (!Number.isInteger(idleMinutes) || idleMinutes < 1) {
    bad('scaleInAfterIdle', scaleInAfterIdle.toHumanString(), 'must be whole minutes, at least 1 (PendingTasks has 1-minute resolution)');
  }
  for (const key of Object.keys(props.environment ?? {})) {
    if (WORKER_ENVIRONMENT_VARIABLES.includes(key)) bad('environment', key, `${key} is set by WorkerService from its props: remove it from environment`);
  }

  const cpuArchitecture = props.cpuArchitecture ?? ecs.CpuArchitecture.X86_64;
  return {
    workflowTypes,
    activityTypes,
    command,
    cpu: props.cpu ?? 256,
    memoryLimitMiB: props.memoryLimitMiB ?? 512,
    cpuArchitecture,
    imagePlatform: cpuArchitecture === ecs.CpuArchitecture.ARM64 ? Platform.LINUX_ARM64 : Platform.LINUX_AMD64,
    minCapacity,
    maxCapacity,
    capacityProviderStrategies,
    drainTimeout,
    scaleInAfterIdle,
  };
}

/**
 * What the container runs: cdk-swf's Node runtime for `workerModule`, the given `command` for a worker of any
 * language in its own `image`, or an own image's built-in command.
 */
function resolveCommand(props: WorkerServiceProps, bad: (prop: string, value: unknown, rule: string) => never): string[] | undefined {
  const { workerModule, command, image } = props;
  if (workerModule !== undefined && command !== undefined) {
    bad('command', command, 'give either workerModule (run by the cdk-swf worker runtime) or command (your own worker), not both');
  }
  if (workerModule !== undefined) {
    if (!Token.isUnresolved(workerModule) && workerModule.trim() === '') {
      bad('workerModule', workerModule, 'give the path of the worker module inside the image, e.g. dist/workers/orders.js');
    }
    return ['worker', '--kind', props.kind, '--module', workerModule];
  }
  if (command !== undefined) {
    if (command.length === 0 || command.some((arg) => !Token.isUnresolved(arg) && arg.trim() === '')) {
      bad('command', command, 'give the command line of your worker as non-empty arguments, e.g. ["python", "-m", "workers.activities"]');
    }
    if (image === undefined) {
      bad('command', command, 'a command runs your own worker: give its image as well (the default image runs the cdk-swf worker runtime; give workerModule for it)');
    }
    return [...command];
  }
  if (image === undefined) {
    bad('workerModule', undefined, 'give workerModule (a module for the cdk-swf worker runtime in the default image), or image and command (your own worker)');
  }
  return undefined;
}

/**
 * `{ name: version }` for the worker (`SWF_*_VERSIONS`). The runtime addresses a type by name, so one service can
 * serve only one version of a name.
 */
export function versionMap(scope: Construct, prop: string, types: Array<[string, string]>): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [name, version] of types) {
    const known = map[name];
    if (known !== undefined && known !== version && !Token.isUnresolved(known) && !Token.isUnresolved(version)) {
      throw new Error(
        `${scope.node.path}: invalid ${prop}: ${name} is given in versions ${known} and ${version}, but the worker maps each name to one version: run one service per version`,
      );
    }
    map[name] = version;
  }
  return map;
}

function wholeNumber(scope: Construct, prop: string, value: number): void {
  if (!Token.isUnresolved(value) && (!Number.isInteger(value) || value < 0)) {
    throw new Error(`${scope.node.path}: invalid ${prop} ${value}: must be a whole number, at least 0`);
  }
}

export function positiveNumber(scope: Construct, prop: string, value: number): number {
  if (!Token.isUnresolved(value) && !(value > 0)) {
    throw new Error(`${scope.node.path}: invalid ${prop} ${value}: must be greater than 0`);
  }
  return value;
}

