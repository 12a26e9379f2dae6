import type { SWFClient } from '@aws-sdk/client-swf';
import { readCloudAssembly, selectStacks, StackArtifact } from './assembly';
import { applyStack, StackApplyResult, summarize } from './applier';
import { EnvironmentFlags, StackEnvironment, stackEnvironment } from './environment';
import type { SwfResourceHandler } from './handler';
import { planExitCode, planStack, StackPlan } from './planner';
import { defaultStateFile, readState } from './state';

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
  /** @default process.cwd() */
  readonly cwd?: string;
}

interface SelectedStack {
  readonly stack: StackArtifact;
  readonly env: StackEnvironment;
  readonly stateFile: string;
}

function selectedStacks(options: DeployOptions): SelectedStack[] {
  const stacks = selectStacks(readCloudAssembly(options.assemblyDirectory ?? 'cdk.out'), options.stackSelector);
  if (options.stateFile && stacks.length > 1) {
    throw new Error(`--state names one state file but ${stacks.length} stacks are selected: add --stack to pick one`);
  }
  return stacks.map((stack) => ({
    stack,
    env: stackEnvironment(stack, options.flags ?? {}),
    stateFile: options.stateFile ?? defaultStateFile(stack.stackName, options.cwd),
  }));
}

export interface PlanResult {
  readonly plans: StackPlan[];
  /** 0 no changes, 2 changes, 1 errors. */
  readonly exitCode: 0 | 1 | 2;
}

/** `cdk-swf plan`: what apply would do to each selected stack, and the drift-check exit code. */
export async function planApp(options: DeployOptions): Promise<PlanResult> {
  const plans: StackPlan[] = [];
  for (const { stack, env, stateFile } of selectedStacks(options)) {
    const state = readState(stateFile, stack.stackName);
    plans.push(await planStack({ stack, env, state, stateFile, handler: options.handler, swf: options.swf }));
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
  for (const { stack, env, stateFile } of selectedStacks(options)) {
    const state = readState(stateFile, stack.stackName);
    const plan = await planStack({ stack, env, state, stateFile, handler: options.handler, swf: options.swf });
    plans.push(plan);
    options.log(`${stack.displayName} (state: ${stateFile})`);
    const errors = plan.resources.filter((r) => r.action === 'error');
    if (errors.length > 0) {
      for (const error of errors) options.log(`  ✗ ${error.logicalId} [${error.resourceType}] error: ${error.message ?? ''}${formatDifferences(error)}`);
      options.log(`${stack.displayName}: nothing applied: fix the error(s) above (cdk-swf plan shows them too)`);
      return { plans, results, exitCode: 1 };
    }
    const result = await applyStack({ plan, env, state, handler: options.handler, log: options.log });
    results.push(result);
    options.log(`${stack.displayName}: ${result.succeeded ? '' : 'stopped at the first failure; state keeps what succeeded; '}${summarize(result.resources)}`);
    if (!result.succeeded) return { plans, results, exitCode: 1 };
  }
  return { plans, results, exitCode: 0 };
}

function formatDifferences(plan: StackPlan['resources'][number]): string {
  if (plan.differences.length === 0) return '';
  return ': ' + plan.differences.map((d) => `${d.attribute} ours ${show(d.ours)} vs SWF's ${show(d.theirs)}`).join('; ');
}

export function show(value: string | undefined): string {
  return value === undefined ? '(unset)' : JSON.stringify(value);
}
