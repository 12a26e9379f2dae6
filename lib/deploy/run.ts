import type { SWFClient } from '@aws-sdk/client-swf';
import { readCloudAssembly, selectStacks, StackArtifact } from './assembly';
import { applyStack, StackApplyResult, summarize } from './applier';
import { EnvironmentFlags, StackEnvironment, stackEnvironment } from './environment';
import type { SwfResourceHandler } from './handler';
import { exportsFromState, planExitCode, planStack, StackPlan } from './planner';
import { show } from './format';
import { defaultStateFile, lockState, readState } from './state';

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
}

/** The client for a stack: the default one, unless the stack is bound to another region. */
async function sessionFor(options: DeployOptions, stack: StackArtifact): Promise<SwfSession> {
  const defaultSession = { swf: options.swf, handler: options.handler };
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
  /** Export name → value, across the app: seeded from the state of the stacks not selected, then kept up to date. */
  readonly exports: Map<string, unknown>;
}

function selectStacksToDeploy(options: DeployOptions): Selection {
  const all = readCloudAssembly(options.assemblyDirectory ?? 'cdk.out');
  const stacks = selectStacks(all, options.stackSelector);
  if (options.stateFile && stacks.length > 1) {
    throw new Error(`--state names one state file but ${stacks.length} stacks are selected: add --stack to pick one`);
  }
  const selected = stacks.map((stack) => ({
    stack,
    env: stackEnvironment(stack, options.flags ?? {}),
    stateFile: options.stateFile ?? defaultStateFile(stack.stackName, options.cwd),
  }));
  const exports = new Map<string, unknown>();
  for (const other of all.filter((stack) => !stacks.includes(stack))) {
    try {
      const env = stackEnvironment(other, options.flags ?? {});
      const state = readState(defaultStateFile(other.stackName, options.cwd), other.stackName);
      for (const [name, value] of exportsFromState(other, env, state, (n) => exports.get(n))) exports.set(name, value);
    } catch {
      // A stack that cannot be read only matters to a stack importing from it, which then says what is missing.
    }
  }
  return { selected, exports };
}

export interface PlanResult {
  readonly plans: StackPlan[];
  /** 0 no changes, 2 changes, 1 errors. */
  readonly exitCode: 0 | 1 | 2;
}

/** `cdk-swf plan`: what apply would do to each selected stack, and the drift-check exit code. */
export async function planApp(options: DeployOptions): Promise<PlanResult> {
  const plans: StackPlan[] = [];
  const { selected, exports } = selectStacksToDeploy(options);
  const imports = (name: string) => exports.get(name);
  for (const { stack, env, stateFile } of selected) {
    const state = readState(stateFile, stack.stackName);
    const session = await sessionFor(options, stack);
    const plan = await planStack({ stack, env, state, stateFile, ...session, imports });
    plan.exports.forEach((value, name) => exports.set(name, value));
    plans.push(plan);
  }
  return { plans, exitCode: planExitCode(plans) };
}

export interface ApplyResult {
  readonly plans: StackPlan[];
  readonly results: StackApplyResult[];
  /** 0 done, 1 a plan error or a handler failure stopped it. */
  readonly exitCode: 0 | 1;
}

/**
 * `cdk-swf apply`: for each stack in dependency order, plan it, refuse if the plan has errors (nothing is changed),
 * else send the handler the events CloudFormation would. Stops at the first failure.
 */
export async function applyApp(options: DeployOptions & { readonly log: (line: string) => void }): Promise<ApplyResult> {
  const plans: StackPlan[] = [];
  const results: StackApplyResult[] = [];
  const { selected, exports } = selectStacksToDeploy(options);
  const imports = (name: string) => exports.get(name);
  for (const { stack, env, stateFile } of selected) {
    // Locked from planning to the last write, so a concurrent apply can neither change SWF nor the state under us.
    const release = lockState(stateFile);
    try {
      const state = readState(stateFile, stack.stackName);
      const session = await sessionFor(options, stack);
      const plan = await planStack({ stack, env, state, stateFile, ...session, imports });
      plans.push(plan);
      options.log(`${stack.displayName} (state: ${stateFile})`);
      const errors = plan.resources.filter((r) => r.action === 'error');
      if (errors.length > 0) {
        for (const error of errors) options.log(`  ✗ ${error.logicalId} [${error.resourceType}] error: ${error.message ?? ''}${formatDifferences(error)}`);
        options.log(`${stack.displayName}: nothing applied: fix the error(s) above (cdk-swf plan shows them too)`);
        return { plans, results, exitCode: 1 };
      }
      const result = await applyStack({ plan, env, state, handler: session.handler, imports, log: options.log });
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
