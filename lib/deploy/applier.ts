import { randomUUID } from 'node:crypto';
import type { StackEnvironment } from './environment';
import { countByType } from './format';
import { CustomResourceEvent, IN_PROCESS_SERVICE_TOKEN, SwfResourceHandler } from './handler';
import type { ExportLookup } from './intrinsics';
import {
  cleanupOrder,
  deployedAs,
  deployedParameters,
  desiredStack,
  NOT_SWF_MESSAGE,
  predictData,
  propertiesEqual,
  resolveProperties,
  ResourcePlan,
  ResourceValues,
  StackPlan,
} from './planner';
import { DeployedResource, PendingCleanup, StackState, writeState } from './state';
import { keepsResource } from './template';
import { stateRetirementStore } from './state-retirements';

/** What happened to one resource during apply. */
export type AppliedAction =
  | 'created'
  | 'adopted'
  | 'undeprecated'
  | 'updated tags'
  | 'replaced'
  | 'unchanged'
  | 'deprecated'
  | 'retiring'
  | 'retained'
  | 'moved'
  | 'skipped'
  | 'failed';

export interface AppliedResource {
  readonly logicalId: string;
  readonly resourceType: string;
  readonly action: AppliedAction;
  readonly physicalId?: string;
  readonly message?: string;
}

export interface ApplyStackOptions {
  readonly plan: StackPlan;
  readonly env: StackEnvironment;
  readonly state: StackState;
  readonly handler: SwfResourceHandler;
  /** Exports of the app's other stacks. @default - none */
  readonly imports?: ExportLookup;
  /** Receives one line per resource as it goes. */
  readonly log: (line: string) => void;
}

export interface StackApplyResult {
  readonly stackName: string;
  readonly succeeded: boolean;
  readonly resources: readonly AppliedResource[];
  /** What the stack exports now (after a success), for stacks that import it. */
  readonly exports: ReadonlyMap<string, unknown>;
}

/**
 * Brings SWF to the stack's assembly the way CloudFormation would: Create/Update events in dependency order, then a
 * cleanup phase of Delete events (removed resources and resources replaced by an Update) in reverse order, honouring
 * DeletionPolicy and UpdateReplacePolicy. The state file is rewritten after every resource, so a failure keeps what
 * succeeded; the first failure stops the stack.
 */
export async function applyStack(options: ApplyStackOptions): Promise<StackApplyResult> {
  const { plan, env, state, handler, log } = options;
  const stack = plan.stack;
  const results: AppliedResource[] = [];
  const report = (result: AppliedResource) => {
    results.push(result);
    log(formatLine(result));
  };
  const save = () => writeState(plan.stateFile, state);
  const retirements = stateRetirementStore(state, plan.stateFile);
  const planned = new Map(plan.resources.filter((r) => r.action !== 'deprecate' && r.action !== 'retain' && r.action !== 'move').map((r) => [r.logicalId, r]));

  // On a local endpoint, what only cdk deploy creates (a role, a parameter's value) gets a deterministic placeholder.
  const values = new ResourceValues((id) => stack.template.Resources?.[id]?.Type, { placeholders: env.local ? env : undefined });
  for (const [logicalId, deployed] of Object.entries(state.resources)) {
    values.set(logicalId, { physicalId: deployed.physicalId, data: deployed.data });
  }
  const parametersUsed = new Map<string, unknown>();
  const parameterLookup = deployedParameters(env);
  const parameters = env.local
    ? (name: string, parameter: Parameters<typeof parameterLookup>[1]) => {
        const value = parameterLookup(name, parameter);
        if (value !== undefined) parametersUsed.set(name, value);
        return value;
      }
    : undefined;
  const desired = desiredStack(stack, env, values, options.imports, parameters);
  const announced = new Set<string>();
  const notePlaceholders = () => {
    for (const [logicalId, value] of values.placeholdersUsed) {
      if (announced.has(logicalId)) continue;
      announced.add(logicalId);
      const type = stack.template.Resources?.[logicalId]?.Type ?? 'resource';
      const arn = Object.keys(value.data).length > 0 ? Object.values(value.data)[0] : value.physicalId;
      log(`  ! ${logicalId} [${type}] is created by cdk deploy, not here: this local apply uses the placeholder ${String(arn)}`);
    }
    for (const [name, value] of parametersUsed) {
      if (announced.has(`parameter ${name}`)) continue;
      announced.add(`parameter ${name}`);
      log(`  ! parameter ${name} has no value here: this local apply uses the placeholder ${String(value)}`);
    }
  };
  const event = (fields: Pick<CustomResourceEvent, 'RequestType' | 'LogicalResourceId' | 'ResourceType'> & Partial<CustomResourceEvent>) =>
    ({
      ServiceToken: IN_PROCESS_SERVICE_TOKEN,
      ResponseURL: 'https://cdk-swf.invalid/in-process',
      StackId: env.stackId,
      RequestId: randomUUID(),
      ResourceProperties: {},
      ...fields,
    }) as CustomResourceEvent;
  const withToken = (properties: Record<string, unknown>) => ({ ServiceToken: IN_PROCESS_SERVICE_TOKEN, ...properties });

  const skipped = desired.ordered.filter((entry) => !entry.swf);
  if (skipped.length > 0) {
    for (const { logicalId, resource } of skipped) results.push({ logicalId, resourceType: resource.Type, action: 'skipped', message: NOT_SWF_MESSAGE });
    log(`  - skipped ${skipped.length} non-SWF resources (deploy them with cdk deploy): ${countByType(skipped.map((s) => s.resource.Type))}`);
  }

  // Deploy phase: creates and updates, dependencies first.
  for (const { logicalId, resource, dependencies, swf } of desired.ordered) {
    if (!swf) continue;
    const intent = planned.get(logicalId);
    const previous = deployedAs(state, logicalId, resource.Type);
    const ofAnotherType = state.resources[logicalId] && !previous ? state.resources[logicalId] : undefined;
    if (ofAnotherType) {
      // The logical id now names another resource type: the old resource goes in the cleanup phase.
      if (keepsResource(ofAnotherType.deletionPolicy)) {
        report({ logicalId, resourceType: ofAnotherType.type, action: 'retained', physicalId: ofAnotherType.physicalId, message: 'DeletionPolicy Retain: left in SWF' });
      } else {
        state.pendingCleanup.push({ logicalId, ...ofAnotherType });
      }
      delete state.resources[logicalId];
      save();
    }
    let properties: Record<string, unknown>;
    try {
      properties = resolveProperties(desired.resolver, logicalId, resource);
    } catch (err) {
      return fail(logicalId, resource.Type, (err as Error).message);
    }
    notePlaceholders();
    const record = (physicalId: string, data: Record<string, unknown>): DeployedResource => ({
      type: resource.Type,
      physicalId,
      properties,
      data,
      deletionPolicy: resource.DeletionPolicy,
      updateReplacePolicy: resource.UpdateReplacePolicy,
      dependencies,
    });

    // Plan just found it in SWF with exactly these settings and tags: adopting needs no SWF call (the handler's Create
    // would try Register first and adopt on TypeAlreadyExists).
    const adoptedData = !previous && intent?.action === 'adopt' && !intent.tagChanges ? settledData(resource.Type, properties, env) : undefined;
    if (adoptedData && intent?.physicalId) {
      // Wanted again (a type removed earlier and brought back): it must not be retired.
      await retirements.remove(intent.physicalId);
      state.resources[logicalId] = record(intent.physicalId, adoptedData);
      save();
      values.set(logicalId, { physicalId: intent.physicalId, data: adoptedData });
      report({ logicalId, resourceType: resource.Type, action: 'adopted', physicalId: intent.physicalId, message: 'already in SWF with these settings: recorded without an SWF call' });
      continue;
    }

    if (previous && intent?.action === 'no change') {
      // A record for a version the app still declares is stale (left by an older cdk-swf): never retire what is in use.
      await retirements.remove(previous.physicalId);
      state.resources[logicalId] = record(previous.physicalId, previous.data);
      save();
      values.set(logicalId, { physicalId: previous.physicalId, data: previous.data });
      report({ logicalId, resourceType: resource.Type, action: 'unchanged', physicalId: previous.physicalId });
      continue;
    }

    // An Update when CloudFormation would send one (properties changed); a Create for something new, and to repair
    // drift (the handler's Create registers, undeprecates or adopts whatever SWF holds).
    const update = previous !== undefined && !propertiesEqual(previous.properties, properties) && isUpdatable(intent);
    let response;
    try {
      response = await handler.onEvent(
        update
          ? event({
              RequestType: 'Update',
              LogicalResourceId: logicalId,
              ResourceType: resource.Type,
              ResourceProperties: withToken(properties),
              OldResourceProperties: withToken(previous!.properties),
              PhysicalResourceId: previous!.physicalId,
            })
          : event({ RequestType: 'Create', LogicalResourceId: logicalId, ResourceType: resource.Type, ResourceProperties: withToken(properties) }),
        // The handler cancels the pending retirement of a version a Create or an Update brings back (a revert).
        retirements,
      );
    } catch (err) {
      return fail(logicalId, resource.Type, (err as Error).message);
    }
    const physicalId = response.PhysicalResourceId ?? previous?.physicalId ?? logicalId;
    const data = response.Data ?? {};
    state.resources[logicalId] = record(physicalId, data);
    const replacedOld = previous && previous.physicalId !== physicalId ? previous : undefined;
    if (replacedOld && !keepsResource(resource.UpdateReplacePolicy)) {
      state.pendingCleanup.push({ logicalId, ...replacedOld });
    }
    save();
    values.set(logicalId, { physicalId, data });
    const note = replacedOld && keepsResource(resource.UpdateReplacePolicy) ? `UpdateReplacePolicy Retain keeps ${replacedOld.physicalId}` : intent?.message;
    report({ logicalId, resourceType: resource.Type, action: appliedAction(intent, replacedOld !== undefined), physicalId, message: note });
  }

  // Cleanup phase: resources gone from the app, and the old halves of replacements.
  const removed: PendingCleanup[] = Object.entries(state.resources)
    .filter(([logicalId, deployed]) => !desired.swfIds.has(logicalId) || desired.ordered.find((d) => d.logicalId === logicalId)?.resource.Type !== deployed.type)
    .map(([logicalId, deployed]) => ({ logicalId, ...deployed }));
  for (const item of cleanupOrder([...removed, ...state.pendingCleanup])) {
    const isLeftover = state.pendingCleanup.includes(item);
    const forget = () => {
      if (isLeftover) state.pendingCleanup = state.pendingCleanup.filter((other) => other !== item);
      else delete state.resources[item.logicalId];
      save();
    };
    // A renamed or moved construct: another logical id declares the same SWF resource now. Deleting the old one would
    // retire what the app still uses, so it only leaves the state.
    const holder = declarerOf(state, item, isLeftover);
    if (holder) {
      forget();
      report({ logicalId: item.logicalId, resourceType: item.type, action: 'moved', physicalId: item.physicalId, message: `now declared by ${holder}: kept, not retired` });
      continue;
    }
    if (!isLeftover && keepsResource(item.deletionPolicy)) {
      forget();
      report({ logicalId: item.logicalId, resourceType: item.type, action: 'retained', physicalId: item.physicalId, message: 'DeletionPolicy Retain: left in SWF' });
      continue;
    }
    let deleted;
    try {
      deleted = await handler.onEvent(
        event({
          RequestType: 'Delete',
          LogicalResourceId: item.logicalId,
          ResourceType: item.type,
          ResourceProperties: withToken(item.properties),
          PhysicalResourceId: item.physicalId,
        }),
        retirements,
      );
    } catch (err) {
      return fail(item.logicalId, item.type, (err as Error).message, item.physicalId);
    }
    forget();
    const why = isLeftover ? 'replaced' : 'removed from the app';
    const graceEndsAt = deleted.Data?.RetirementGraceEndsAt;
    report(
      graceEndsAt
        ? { logicalId: item.logicalId, resourceType: item.type, action: 'retiring', physicalId: item.physicalId, message: `${why}; deprecated once nothing open can use it, not before ${graceEndsAt}` }
        : { logicalId: item.logicalId, resourceType: item.type, action: 'deprecated', physicalId: item.physicalId, message: why },
    );
  }
  // The retirement pass the Lambda runs on a schedule: types deleted by this or an earlier apply whose time has come.
  for (const outcome of await handler.retire(retirements)) {
    const resourceType = outcome.physicalId.startsWith('WorkflowType|') ? 'Custom::SwfWorkflowType' : 'Custom::SwfActivityType';
    const record = { logicalId: 'retirement', resourceType, physicalId: outcome.physicalId, message: outcome.reason };
    if (outcome.action === 'deprecated') report({ ...record, action: 'deprecated' });
    else if (outcome.action === 'waiting') log(`  - ${outcome.physicalId} retiring: waiting (${outcome.reason})`);
  }
  return { stackName: stack.stackName, succeeded: true, resources: results, exports: desired.resolver.exports() };

  function fail(logicalId: string, resourceType: string, message: string, physicalId?: string): StackApplyResult {
    report({ logicalId, resourceType, action: 'failed', physicalId, message });
    return { stackName: stack.stackName, succeeded: false, resources: results, exports: new Map() };
  }
}

/**
 * The logical id that declares the SWF resource of a cleanup item after the deploy phase, if any: another one for a
 * removed resource, any one (the same logical id brought back to the old version, too) for a replaced one.
 */
function declarerOf(state: StackState, item: PendingCleanup, isLeftover: boolean): string | undefined {
  return Object.entries(state.resources).find(
    ([logicalId, deployed]) => (isLeftover || logicalId !== item.logicalId) && deployed.type === item.type && deployed.physicalId === item.physicalId,
  )?.[0];
}

/** The Data the handler would return, when it can be known without SWF (a domain's ARN needs the account). */
function settledData(resourceType: string, properties: Record<string, unknown>, env: StackEnvironment): Record<string, unknown> | undefined {
  try {
    return JSON.parse(JSON.stringify(predictData(resourceType, properties, env)));
  } catch {
    return undefined;
  }
}

/** Drift repair of an unchanged resource goes through Create; a real property change through Update. */
function isUpdatable(intent: ResourcePlan | undefined): boolean {
  return intent?.action === 'replace' || intent?.action === 'update tags';
}

function appliedAction(intent: ResourcePlan | undefined, replaced: boolean): AppliedAction {
  if (replaced) return 'replaced';
  switch (intent?.action) {
    case 'adopt':
      return 'adopted';
    case 'undeprecate':
      return 'undeprecated';
    case 'update tags':
      return 'updated tags';
    case 'no change':
      return 'unchanged';
    default:
      return 'created';
  }
}

function formatLine(result: AppliedResource): string {
  const mark = result.action === 'failed' ? '✗' : result.action === 'skipped' || result.action === 'unchanged' ? '-' : '✓';
  const target = result.physicalId ? ` ${result.physicalId}` : '';
  const note = result.message ? ` (${result.message})` : '';
  return `  ${mark} ${result.logicalId} [${result.resourceType}] ${result.action}${target}${note}`;
}

/** `3 created, 1 deprecated, 4 skipped` */
export function summarize(results: readonly AppliedResource[]): string {
  const counts = new Map<AppliedAction, number>();
  for (const r of results) counts.set(r.action, (counts.get(r.action) ?? 0) + 1);
  const skipped = counts.get('skipped');
  counts.delete('skipped');
  const done = [...counts.entries()].map(([action, count]) => `${count} ${action}`).join(', ') || 'nothing to do';
  return skipped ? `${done} (${skipped} non-SWF resources skipped)` : done;
}
