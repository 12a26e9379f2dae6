import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { describe, expect, it } from 'vitest';
import { Domain } from '../../lib';
import { ActivityType } from '../../lib/activity-type/activity-type';
import { WORKER_DOCKERFILE, WORKER_IMAGE_EXCLUDES, WorkerImage, WorkerKind, WorkerService } from '../../lib/worker-service';

const PACKAGE_ROOT = join(__dirname, '..', '..');

/** Synthesizes an activity service with the default image into a fresh directory; returns the directory. */
function synthWithDefaultImage(cpuArchitecture?: ecs.CpuArchitecture): { outdir: string; stack: Stack } {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-swf-worker-image-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Workers');
  const domain = Domain.fromDomainName(stack, 'Domain', 'orders');
  const work = ActivityType.fromActivityTypeAttributes(stack, 'Work', { domain, activityTypeName: 'Work', activityTypeVersion: '1' });
  new WorkerService(stack, 'Activities', {
    kind: WorkerKind.ACTIVITY,
    domain,
    taskList: 'work',
    workerModule: 'dist/bin/order-processing/index.js',
    activityTypes: [work],
    cpuArchitecture,
  });
  app.synth();
  return { outdir, stack };
}

describe('the default worker image', () => {
  it('is built at deploy time from the package root with the worker Dockerfile; synth only stages the context', () => {
    const { outdir, stack } = synthWithDefaultImage();
    const manifest = JSON.parse(readFileSync(join(outdir, 'Workers.assets.json'), 'utf8'));
    const images = Object.values(manifest.dockerImages) as Array<{ source: { directory: string; dockerFile: string; platform: string } }>;
    expect(images).toHaveLength(1);
    expect(images[0].source.dockerFile).toBe(WORKER_DOCKERFILE);
    expect(images[0].source.platform).toBe('linux/amd64');

    // The staged context has what the Dockerfile needs, and none of the excluded paths.
    const context = join(outdir, images[0].source.directory);
    for (const needed of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', WORKER_DOCKERFILE, 'bin/order-processing/index.ts', 'lib/worker-service/worker-service.ts']) {
      expect(existsSync(join(context, needed)), needed).toBe(true);
    }
    for (const excluded of ['node_modules', 'dist', 'test', '.git', 'cdk.out']) {
      expect(existsSync(join(context, excluded)), excluded).toBe(false);
    }

    // The container uses the pushed asset image.
    const image = JSON.stringify(Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition'));
    expect(image).toContain('cdk-hnb659fds-container-assets');
  });

  it('is built for ARM64 when the tasks run on ARM64', () => {
    const { outdir } = synthWithDefaultImage(ecs.CpuArchitecture.ARM64);
    const manifest = JSON.parse(readFileSync(join(outdir, 'Workers.assets.json'), 'utf8'));
    expect(Object.values(manifest.dockerImages).map((image: any) => image.source.platform)).toEqual(['linux/arm64']);
  });

  it('fails with a clear message when the directory is not a project with a lockfile (e.g. an installed package)', () => {
    const empty = mkdtempSync(join(tmpdir(), 'cdk-swf-no-project-'));
    writeFileSync(join(empty, 'package.json'), '{}');
    expect(() => WorkerImage.fromProject({ directory: empty })).toThrow(
      /worker image context '.*cdk-swf-no-project-.*' has no package-lock.json: the image installs the project with npm ci, so pass the root of your project/,
    );
  });

  it('fails with a clear message when the project has no worker Dockerfile', () => {
    const empty = mkdtempSync(join(tmpdir(), 'cdk-swf-no-dockerfile-'));
    writeFileSync(join(empty, 'package.json'), '{}');
    writeFileSync(join(empty, 'package-lock.json'), '{}');
    expect(() => WorkerImage.fromProject({ directory: empty })).toThrow(
      /worker Dockerfile 'lib\/worker-service\/image\/Dockerfile' not found in '.*cdk-swf-no-dockerfile-.*': copy node_modules\/cdk-swf\/lib\/worker-service\/image\/Dockerfile into the project/,
    );
  });

  it('finds the cdk-swf package root from the library code', () => {
    expect(WorkerImage.packageRoot()).toBe(PACKAGE_ROOT);
    expect(readdirSync(WorkerImage.packageRoot())).toContain('package.json');
  });
});

describe('the worker Dockerfile', () => {
  const dockerfile = readFileSync(join(PACKAGE_ROOT, WORKER_DOCKERFILE), 'utf8');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  it('starts the CLI in exec form, so the worker process itself receives SIGTERM', () => {
    const entrypoints = instructions.filter((line) => line.startsWith('ENTRYPOINT '));
    expect(entrypoints).toHaveLength(1);
    const form = JSON.parse(entrypoints[0].slice('ENTRYPOINT '.length));
    expect(form).toEqual(['node', '/usr/local/bin/cdk-swf']);
  });

  it('builds on Node 22 in two stages and runs as the unprivileged node user', () => {
    expect(instructions).toContain('ARG NODE_IMAGE=node:22-bookworm-slim');
    expect(instructions.filter((line) => line.startsWith('FROM '))).toEqual(['FROM ${NODE_IMAGE} AS build', 'FROM ${NODE_IMAGE}']);
    const user = instructions.indexOf('USER node');
    expect(user).toBeGreaterThan(instructions.findIndex((line) => line.startsWith('FROM ${NODE_IMAGE}') && !line.includes('AS build')));
    expect(user).toBeLessThan(instructions.findIndex((line) => line.startsWith('ENTRYPOINT')));
  });

  it('installs from the lockfile, builds, and drops dev dependencies', () => {
    expect(instructions).toContain('RUN npm ci --ignore-scripts --no-audit --no-fund');
    expect(instructions.some((line) => line.startsWith('RUN npm run build --if-present') && line.includes('npm prune --omit=dev'))).toBe(true);
  });

  it('ignores for manual docker builds exactly what CDK leaves out of the asset', () => {
    const ignored = readFileSync(join(PACKAGE_ROOT, `${WORKER_DOCKERFILE}.dockerignore`), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect([...ignored].sort()).toEqual([...WORKER_IMAGE_EXCLUDES].sort());
  });
});
