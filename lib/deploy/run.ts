import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { SWFClient } from '@aws-sdk/client-swf';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCloudAssembly, selectStacks, StackArtifact } from './assembly';
import { applyStack, StackApplyResult, summarize } from './applier';
import { Baseline, readBaseline } from './baseline';
import { CloudFormationReadError, listExports, readStackExports } from './cloudformation';
import { EnvironmentFlags, StackEnvironment, stackEnvironment } from './environment';
import type { SwfResourceHandler } from './handler';
import { checkPendingRetirements, StackRetirements } from './pending-retirements';
import { exportsFromState, planExitCode, planStack, StackPlan } from './planner';
import { show } from './format';
import { defaultStateFile, lockState, readState } from './state';
import { TypeStatusListing } from './type-listing';

export interface DeployOptions {
  /** The cloud assembly directory. @default 'cdk.out' */
  readonly assemblyDirectory?: string;
  /** `--stack`: artifact id, stack name or display path, `*` allowed. @default - every stack */
  readonly stackSelector?: string;
  /** `--state`: only with a single stack. @default - `.cdk-swf/state-<stack>.json` under `cwd` */
  readonly stateFile?: string;
  readonly flags?: EnvironmentFlags;
  readonly swf: SWFClient;
  readonly handler: SwfResourceHandler;
  /**
   * Read stacks `cdk deploy` deployed (a stack without a state file is compared with its deployed template).
   * @default - not consulted: a stack without a state file is new
   */
  readonly cloudFormation?: CloudFormationClient;
  /**
   * Reads the pending retirements the handler Lambda of a stack `cdk deploy` deployed keeps in SSM (plan shows them).
   * @default - not read: plan shows the pending retirements of state files only
   */
  readonly ssm?: SSMClient;
  /**
   * A client and handler for another region, for stacks bound to a region other than `swf`'s (as `cdk deploy`
   * deploys a stack to its own region). @default - such stacks are an error
   */
  readonly sessionForRegion?: (region: string) => SwfSession;
  /** @default process.cwd() */
  readonly cwd?: string;
}

export interface SwfSession {
  readonly swf: SWFClient;
  readonly handler: SwfResourceHandler;
  /** CloudFormation in the same region. @default - DeployOptions.cloudFormation */
  readonly cloudFormation?: CloudFormationClient;
  /** SSM in the same region. @default - DeployOptions.ssm */
  readonly ssm?: SSMClient;
}

/** The client for a stack: the default one, unless the stack is bound to another region. */
async function sessionFor(options: DeployOptions, stack: StackArtifact): Promise<SwfSession> {
  const defaultSession = { swf: options.swf, handler: options.handler, cloudFormation: options.cloudFormation, ssm: options.ssm };
  if (!stack.region || options.flags?.region) return defaultSession;
  const clientRegion = await options.swf.config.region().catch(() => undefined);
  if (clientRegion === stack.region) return defaultSession;
  if (!options.sessionForRegion) {
    throw new Error(`stack ${stack.displayName} is bound to region ${stack.region}, the SWF client to ${clientRegion ?? 'no region'}: pass --region ${stack.region}`);
  }
  return options.sessionForRegion(stack.region);
}

interface SelectedStack {
  readonly stack: StackArtifact;
  readonly env: StackEnvironment;
  readonly stateFile: string;
}

interface Selection {
  readonly selected: SelectedStack[];
  /** Export name → value, across the app: seeded from what is deployed, then kept up to date as stacks are planned. */
  readonly exports: Map<string, unknown>;
}

async function selectStacksToDeploy(options: DeployOptions): Promise<Selection> {
  const all = readCloudAssembly(options.assemblyDirectory ?? 'cdk.out');
  const stacks = selectStacks(all, options.stackSelector);
  if (options.stateFile && stacks.length > 1) {
    throw new Error(`--state names one state file but ${stacks.length} stacks are selected: add --stack to pick one`);
  }
  // The client's endpoint counts as much as --endpoint-url: a local one is swf-local, with its account and placeholders.
  const flags = { ...options.flags, endpointUrl: options.flags?.endpointUrl ?? (await clientEndpoint(options.swf)) };
  const selected = stacks.map((stack) => ({
    stack,
    env: stackEnvironment(stack, flags),
    stateFile: options.stateFile ?? defaultStateFile(stack.stackName, options.cwd),
  }));
  const exports = new Map<string, unknown>();
  // Imports from outside the app: CloudFormation's exports of the account, read once.
  const declared = new Set(all.flatMap((stack) => exportNames(stack)));
  if (options.cloudFormation && stacks.some((stack) => importNames(stack).some((name) => !declared.has(name)))) {
    for (const [name, value] of await listExports(options.cloudFormation)) exports.set(name, value);
  }
  for (const other of all.filter((stack) => !stacks.includes(stack))) {
    for (const [name, value] of await deployedExports(other, options)) exports.set(name, value);
  }
  return { selected, exports };
}

/** What a stack that is not being planned exports now: from its state file, else from CloudFormation. */
async function deployedExports(stack: StackArtifact, options: DeployOptions): Promise<Map<string, unknown>> {
  try {
    const env = stackEnvironment(stack, options.flags ?? {});
    const stateFile = defaultStateFile(stack.stackName, options.cwd);
    if (fs.existsSync(stateFile)) return exportsFromState(stack, env, readState(stateFile, stack.stackName));
    if (options.cloudFormation) return await readStackExports(options.cloudFormation, stack.stackName);
  } catch {
    // A stack that cannot be read only matters to a stack importing from it, which then says what is missing.
  }
  return new Map();
}

export interface PlanResult {
  readonly plans: StackPlan[];
  /** 0 no changes, 2 changes, 1 errors. */
  readonly exitCode: 0 | 1 | 2;
}

/** `cdk-swf plan`: what a deployment would do to each selected stack, and the drift-check exit code. */
export async function planApp(options: DeployOptions): Promise<PlanResult> {
  const plans: StackPlan[] = [];
  const { selected, exports } = await selectStacksToDeploy(options);
  const imports = (name: string) => exports.get(name);
  const listings = new Map<SWFClient, TypeStatusListing>();
  for (const { stack, env, stateFile } of selected) {
    const session = await sessionFor(options, stack);
    let baseline: Baseline;
    try {
      baseline = await readBaseline({ stack, env, stateFile, cloudFormation: session.cloudFormation, imports });
    } catch (err) {
      if (!(err instanceof CloudFormationReadError)) throw err;
      const unread = { kind: 'new', why: 'CloudFormation could not be read' } as const;
      plans.push({ stack, stateFile, source: unread, exports: new Map(), resources: [{ logicalId: '(stack)', resourceType: '-', action: 'error', differences: [], message: err.message }] });
      continue;
    }
    const typeListing = listings.get(session.swf) ?? new TypeStatusListing(session.swf);
    listings.set(session.swf, typeListing);
    const plan = await planStack(planInput(stack, stateFile, baseline, session, imports, typeListing));
    rememberExports(exports, stack, baseline, plan);
    plans.push({ ...plan, retirements: await pendingRetirements(baseline, plan, session, typeListing) });
  }
  return { plans, exitCode: planExitCode(plans) };
}

/** The stack's pending retirements, checked: from its state file, or from the SSM parameters its handler Lambda keeps. */
async function pendingRetirements(baseline: Baseline, plan: StackPlan, session: SwfSession, typeListing: TypeStatusListing): Promise<StackRetirements | undefined> {
  const source =
    baseline.source.kind === 'state'
      ? { kind: 'state' as const, file: baseline.source.file, records: baseline.state.retirements }
      : baseline.retirementPath && session.ssm
        ? { kind: 'ssm' as const, path: baseline.retirementPath, ssm: session.ssm }
        : undefined;
  if (!source) return undefined;
  return checkPendingRetirements({ source, resources: plan.resources, handler: session.handler, typeListing, swfFailure: plan.swfFailure });
}

function planInput(
  stack: StackArtifact,
  stateFile: string,
  baseline: Baseline,
  session: SwfSession,
  imports: (name: string) => unknown,
  typeListing?: TypeStatusListing,
) {
  return {
    stack,
    env: baseline.env,
    state: baseline.state,
    stateFile,
    source: baseline.source,
    deployedValues: baseline.deployedValues,
    parameters: baseline.parameters,
    swf: session.swf,
    handler: session.handler,
    imports,
    typeListing,
  };
}

/** A stack's planned exports; where one cannot be resolved now, what the stack exports as deployed. */
function rememberExports(exports: Map<string, unknown>, stack: StackArtifact, baseline: Baseline, plan: StackPlan): void {
  const deployed = baseline.source.kind === 'state' ? exportsFromState(stack, baseline.env, baseline.state) : baseline.exports;
  deployed.forEach((value, name) => exports.set(name, value));
  plan.exports.forEach((value, name) => exports.set(name, value));
}

export interface ApplyResult {
  readonly plans: StackPlan[];
  readonly results: StackApplyResult[];
  /** 0 done, 1 a plan error or a handler failure stopped it. */
  readonly exitCode: 0 | 1;
}

/**
 * `cdk-swf apply`: for each stack in dependency order, plan it, refuse if the plan has errors (nothing is changed),
 * else send the handler the events CloudFormation would. Stops at the first failure. A stack CloudFormation deployed
 * is refused: its changes go through `cdk deploy`.
 */
export async function applyApp(options: DeployOptions & { readonly log: (line: string) => void }): Promise<ApplyResult> {
  const plans: StackPlan[] = [];
  const results: StackApplyResult[] = [];
  const { selected, exports } = await selectStacksToDeploy(options);
  const imports = (name: string) => exports.get(name);
  for (const { stack, env, stateFile } of selected) {
    // Locked from planning to the last write, so a concurrent apply can neither change SWF nor the state under us.
    const release = lockState(stateFile);
    try {
      const session = await sessionFor(options, stack);
      const baseline = await readBaseline({ stack, env, stateFile, cloudFormation: session.cloudFormation, imports });
      if (baseline.source.kind === 'cloudformation') {
        options.log(
          `${stack.displayName}: nothing applied: CloudFormation deployed it (stack ${baseline.source.stackName}, ${baseline.source.status}); deploy its changes with cdk deploy (cdk-swf plan shows what they do)`,
        );
        return { plans, results, exitCode: 1 };
      }
      const plan = await planStack(planInput(stack, stateFile, baseline, session, imports));
      plans.push(plan);
      options.log(`${stack.displayName} (state: ${displayPath(stateFile, options.cwd)})`);
      // Against AWS there is no placeholder for what only cdk deploy creates: refuse before changing anything.
      const unknowable = baseline.env.local ? [] : plan.resources.filter((r) => r.knownAfterDeploy && r.action !== 'error');
      const errors = [
        ...plan.resources.filter((r) => r.action === 'error'),
        ...unknowable.map((r) => ({ ...r, message: `${r.knownAfterDeploy!.join(', ')} only known once cdk deploy has created what it refers to: deploy this stack with cdk deploy` })),
      ];
      if (errors.length > 0) {
        for (const error of errors) options.log(`  ✗ ${error.logicalId} [${error.resourceType}] error: ${error.message ?? ''}${formatDifferences(error)}`);
        options.log(`${stack.displayName}: nothing applied: fix the error(s) above (cdk-swf plan shows them too)`);
        return { plans, results, exitCode: 1 };
      }
      const result = await applyStack({ plan, env: baseline.env, state: baseline.state, handler: session.handler, imports, log: options.log });
      result.exports.forEach((value, name) => exports.set(name, value));
      results.push(result);
      const stopped = result.succeeded ? '' : 'stopped at the first failure; state keeps what succeeded; ';
      options.log(`${stack.displayName}: ${stopped}${summarize(result.resources)}`);
      if (!result.succeeded) return { plans, results, exitCode: 1 };
    } finally {
      release();
    }
  }
  return { plans, results, exitCode: 0 };
}

function formatDifferences(plan: StackPlan['resources'][number]): string {
  if (plan.differences.length === 0) return '';
  return ': ' + plan.differences.map((d) => `${d.attribute} ours ${show(d.ours)} vs SWF's ${show(d.theirs)}`).join('; ');
}

/** The endpoint the SWF client was configured with, if any (e.g. swf-local's). */
async function clientEndpoint(swf: SWFClient): Promise<string | undefined> {
  const configured = swf.config.endpoint as undefined | (() => Promise<{ protocol: string; hostname: string; port?: number }>);
  if (typeof configured !== 'function') return undefined;
  try {
    const endpoint = await configured();
    return `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}`;
  } catch {
    return undefined;
  }
}

/** Literal export names a stack declares (Outputs.*.Export.Name). */
function exportNames(stack: StackArtifact): string[] {
  return Object.values(stack.template.Outputs ?? {})
    .map((output) => output.Export?.Name)
    .filter((name): name is string => typeof name === 'string');
}

/** Literal names a stack imports with Fn::ImportValue. */
function importNames(stack: StackArtifact): string[] {
  const names: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Fn::ImportValue' && typeof value === 'string') names.push(value);
      else walk(value);
    }
  };
  walk(stack.template.Resources ?? {});
  return names;
}

/** A path as the user would type it: relative to the working directory when inside it. */
function displayPath(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
