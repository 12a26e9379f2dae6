import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SWFClient } from '@aws-sdk/client-swf';
import { App, CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { OrderProcessingStack } from '../../lib/example/order-processing-stack';
import { applyApp, ApplyResult, planApp, PlanResult } from '../../lib/deploy/run';
import { inProcessHandler } from '../../lib/deploy/in-process-handler';
import { startLocalSwf, type StartedLocalSwf } from '../support/swf-local';
import type { ResourcePlan } from '../../lib/deploy/planner';

/** A fresh temporary directory (removed by `cleanupTemporaryDirectories`). */
const temporaryDirectories: string[] = [];
export function temporaryDirectory(prefix: string): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), `cdk-swf-${prefix}-`));
  temporaryDirectories.push(directory);
  return directory;
}
export function cleanupTemporaryDirectories(): void {
  for (const directory of temporaryDirectories.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
}

/** What an apply test works against: a fresh swf-local, its client, and a working directory for state files. */
export interface Workspace {
  readonly local: StartedLocalSwf;
  readonly swf: SWFClient;
  readonly cwd: string;
}
const openWorkspaces: StartedLocalSwf[] = [];
/** Starts a workspace; `closeWorkspaces` (an afterEach/afterAll hook) stops it and removes its directories. */
export async function openWorkspace(): Promise<Workspace> {
  const local = await startLocalSwf();
  openWorkspaces.push(local);
  return { local, swf: local.swf, cwd: temporaryDirectory('cwd') };
}
export async function closeWorkspaces(): Promise<void> {
  for (const local of openWorkspaces.splice(0)) await local.stop();
  cleanupTemporaryDirectories();
}

/** Synthesizes a real CDK app into a temporary cloud assembly directory and returns that directory. */
export function synth(build: (app: App) => void): string {
  const outdir = temporaryDirectory('assembly');
  const app = new App({ outdir });
  build(app);
  app.synth();
  return outdir;
}

/** The example app (lib/example), optionally edited the way a user would before the next deployment. */
export function exampleApp(edit: (stack: OrderProcessingStack) => void = () => undefined): string {
  return synth((app) => edit(new OrderProcessingStack(app, 'OrderProcessing')));
}

/** The CloudFormation resource of an SWF construct (escape hatch, as a user would use it). */
export function cfnOf(construct: IConstruct): CfnResource {
  const found = construct.node.findAll().find((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType.startsWith('Custom::Swf'));
  if (!found) throw new Error(`${construct.node.path} has no Custom::Swf* resource`);
  return found;
}

/** A wall clock a test moves forward (grace periods of retirements), instead of waiting. */
export class TestClock {
  private offsetMs = 0;
  readonly now = (): number => Date.now() + this.offsetMs;
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** plan / apply against a given endpoint, with the state file in `cwd`. */
export function deployer(swf: SWFClient, cwd: string, clock = new TestClock()) {
  const options = { cwd, swf, handler: inProcessHandler({ swf, now: clock.now }), flags: { region: 'us-east-1' } };
  return {
    plan: (assemblyDirectory: string): Promise<PlanResult> => planApp({ ...options, assemblyDirectory }),
    apply: async (assemblyDirectory: string): Promise<ApplyResult & { lines: string[] }> => {
      const lines: string[] = [];
      const result = await applyApp({ ...options, assemblyDirectory, log: (line) => lines.push(line) });
      return { ...result, lines };
    },
  };
}

/** logical id → plan action, SWF resources only. */
export function actions(result: PlanResult): Record<string, string> {
  return Object.fromEntries(swfResources(result).map((r) => [r.logicalId, r.action]));
}

export function swfResources(result: PlanResult): ResourcePlan[] {
  return result.plans.flatMap((p) => p.resources).filter((r) => r.action !== 'skip');
}

/** Counts the SWF operations a client sends, by name. */
export function countCalls(swf: SWFClient): { calls: string[] } {
  const recorder = { calls: [] as string[] };
  swf.middlewareStack.add(
    (next, context) => async (args) => {
      recorder.calls.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'cdkSwfCallCounter' },
  );
  return recorder;
}
