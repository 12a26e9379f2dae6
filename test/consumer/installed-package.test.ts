import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeWorkflowExecutionCommand, GetWorkflowExecutionHistoryCommand, StartWorkflowExecutionCommand } from '@aws-sdk/client-swf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSwf } from '../support/swf-local';
import { RunningContainer, runContainerCommand, stopAll, SynthesizedApp } from '../support/synthesized-workers';
import { packRepository } from '../package/support';
import { replayDockerfile } from './dockerfile-replay';
import { GREETING_INPUT, ORDERS_APP_STACKS, writeOrdersApp } from './orders-app';

/*
 * cdk-swf as a user gets it: `npm pack` of this repository, a fresh project in the system temp dir (outside the
 * repository) that installs the tarball, a three-stack app (domain; types; workers) whose WorkerServices have no
 * `image`, synthesized by the CDK CLI. The project starts as `cdk init app --language typescript` writes it (with
 * TypeScript 7) and takes exactly the README's changes (see orders-app.ts). Then the worker image: its staged build context is checked, its Dockerfile
 * is replayed step by step on that context (no Docker engine here; see dockerfile-replay.ts), and the result runs
 * with exactly the command and environment of the synthesized container definitions against swf-local until an
 * execution completes.
 *
 * Packages come from the local npm cache where it has them (--prefer-offline), else from the npm registry. Takes a
 * few minutes: one build, two installs.
 */

const REPO = realpathSync(join(__dirname, '..', '..'));
const CDK_CLI = join(REPO, 'node_modules', 'aws-cdk', 'bin', 'cdk');
const CDK_ENVIRONMENT = { AWS_EC2_METADATA_DISABLED: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true', AWS_REGION: 'us-east-1' };
const OFFLINE = { npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

function run(file: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  try {
    return execFileSync(file, args, { cwd, env: { ...process.env, ...OFFLINE, ...env }, stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed in ${cwd}:\n${stderr ?? ''}${stdout ?? ''}`);
  }
}

function filesUnder(directory: string): string[] {
  return (readdirSync(directory, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; isSymbolicLink(): boolean; name: string; parentPath: string }>)
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)))
    .sort();
}

/** The packages installed in a node_modules directory (scoped ones as @scope/name). */
function packagesIn(nodeModules: string): string[] {
  return readdirSync(nodeModules)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => (name.startsWith('@') ? readdirSync(join(nodeModules, name)).map((inner) => `${name}/${inner}`) : [name]));
}

describe('cdk-swf installed from its tarball in a project of its own', () => {
  const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'cdk-swf-consumer-')));
  const project = join(scratch, 'orders-app');
  let app: SynthesizedApp;
  let image: { hash: string; context: string; dockerFile: string };

  beforeAll(() => {
    expect(relative(REPO, project).startsWith('..')).toBe(true);
    // The tarball `npm publish` would upload, packed from the build `npm ci` made (the same helper as the package
    // tests). A copy of the checkout with a symlinked node_modules would pack only the first level of the bundled
    // dependencies, a tarball no user ever gets.
    mkdirSync(join(scratch, 'pack'));
    const tarballPath = packRepository(join(scratch, 'pack'));
    const tarball = basename(tarballPath);
    // A stock project from the pinned CDK CLI (no git, no install), then the README's changes.
    mkdirSync(project);
    run(process.execPath, [CDK_CLI, 'init', 'app', '--language', 'typescript', '--generate-only'], project, CDK_ENVIRONMENT);
    expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).devDependencies.typescript, 'cdk init installs TypeScript 7').toMatch(/^\D*7\./);
    mkdirSync(join(project, 'vendor'));
    copyFileSync(tarballPath, join(project, 'vendor', tarball));
    writeOrdersApp(project, tarball);
    run('npm', ['install'], project);
    run('npm', ['run', 'build'], project);
    // cdk init's app command compiles again (`npx tsc && npx tsx bin/orders-app.ts`): a second build over dist/.
    run(process.execPath, [CDK_CLI, 'synth', '--quiet', '--no-notices'], project, CDK_ENVIRONMENT);
    const cdkOut = join(project, 'cdk.out');
    app = new SynthesizedApp(ORDERS_APP_STACKS.map((stack) => JSON.parse(readFileSync(join(cdkOut, `${stack}.template.json`), 'utf8'))));
    const assets = JSON.parse(readFileSync(join(cdkOut, 'OrdersWorkers.assets.json'), 'utf8'));
    const images = Object.entries(assets.dockerImages) as Array<[string, { source: { directory: string; dockerFile: string } }]>;
    expect(images, 'the decider and the activity workers share one image').toHaveLength(1);
    image = { hash: images[0][0], context: join(cdkOut, images[0][1].source.directory), dockerFile: images[0][1].source.dockerFile };
  }, 600_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("stages the user's package.json, lockfile and sources as the build context, with cdk-swf's Dockerfile", () => {
    const files = filesUnder(image.context);
    expect(readFileSync(join(image.context, image.dockerFile), 'utf8')).toBe(
      readFileSync(join(project, 'node_modules', 'cdk-swf', 'lib', 'worker-service', 'image', 'Dockerfile'), 'utf8'),
    );
    expect(files).toEqual([
      image.dockerFile, '.gitignore', '.npmignore', '.npmrc', 'jest.config.js', 'package-lock.json', 'package.json', 'src/names.ts', 'src/workers.ts', 'tsconfig.json',
      `vendor/${readdirSync(join(project, 'vendor'))[0]}`,
    ].sort());
    for (const file of ['package.json', 'package-lock.json', 'src/workers.ts']) {
      expect(readFileSync(join(image.context, file), 'utf8'), file).toBe(readFileSync(join(project, file), 'utf8'));
    }
    // Never installed packages, synth output, version control, build output; nor the CDK app code, tests or docs.
    const forbidden = ['node_modules', 'cdk.out', '.git', 'dist', 'bin', 'lib', 'test', 'cdk.json', 'README.md', 'AGENTS.md'];
    expect(files.filter((file) => forbidden.some((path) => file === path || file.startsWith(`${path}/`)))).toEqual([]);
  });

  describe('the image, replayed from its Dockerfile, runs the synthesized containers', () => {
    let local: Awaited<ReturnType<typeof startLocalSwf>>;
    const running: RunningContainer[] = [];
    afterAll(async () => {
      stopAll(running);
      await local?.stop();
    });

    it('until a workflow execution completes', async () => {
      const replayed = replayDockerfile({
        context: image.context,
        dockerFile: image.dockerFile,
        scratch: join(scratch, 'image'),
        buildEnvironment: OFFLINE,
      });
      // A production image: the worker build and the runtime, no dev dependencies and no CDK libraries.
      const installed = packagesIn(join(replayed.workdir, 'node_modules'));
      expect(installed).toContain('cdk-swf');
      expect(installed.filter((name) => /^(typescript|aws-cdk-lib|constructs|@types\/.*|@typescript\/.*|@aws-cdk\/.*)$/.test(name))).toEqual([]);
      expect(existsSync(join(replayed.workdir, 'dist', 'src', 'workers.js'))).toBe(true);
      expect(existsSync(join(replayed.workdir, '.npmrc')), 'the .npmrc stays in the build stage').toBe(false);
      expect(replayed.environment).toEqual({ NODE_ENV: 'production' });

      local = await startLocalSwf({ longPollTimeoutMs: 1_000 });
      await app.registerSwfResources(local.swf);
      const decider = app.container('DeciderTaskDefinition');
      const activities = app.container('ActivitiesTaskDefinition');
      for (const container of [decider, activities]) {
        running.push(runContainerCommand({
          argv: [...replayed.entrypoint, ...container.command!],
          cwd: replayed.workdir,
          container,
          endpoint: local.server.endpoint,
          hostEnvironment: replayed.environment,
        }));
      }

      const greeting = JSON.parse(decider.environment.SWF_WORKFLOW_VERSIONS);
      const execution = { workflowId: 'greet-grace' };
      const { runId } = await local.swf.send(new StartWorkflowExecutionCommand({
        domain: decider.environment.SWF_DOMAIN,
        ...execution,
        workflowType: { name: 'Greeting', version: greeting.Greeting },
        input: JSON.stringify(GREETING_INPUT),
      }));
      let status = 'OPEN';
      while (status === 'OPEN') {
        const described = await local.swf.send(new DescribeWorkflowExecutionCommand({ domain: 'greetings', execution: { ...execution, runId } }));
        status = described.executionInfo!.executionStatus === 'OPEN' ? 'OPEN' : described.executionInfo!.closeStatus!;
        if (status === 'OPEN') await sleep(250); // polling interval; the test's timeout bounds the wait
      }
      const output = running.map((container) => container.output()).join('\n---\n');
      expect(status, output).toBe('COMPLETED');
      const { events } = await local.swf.send(new GetWorkflowExecutionHistoryCommand({ domain: 'greetings', execution: { ...execution, runId } }));
      const completed = events!.find((e) => e.eventType === 'WorkflowExecutionCompleted')!;
      expect(JSON.parse(completed.workflowExecutionCompletedEventAttributes!.result!)).toEqual({ greeting: 'Hello, Grace!' });

      // ECS stops tasks with SIGTERM: both workers drain and exit 0.
      for (const container of running) container.child.kill('SIGTERM');
      for (const container of running) expect(await container.exited, output).toBe(0);
    }, 300_000);
  });
});
