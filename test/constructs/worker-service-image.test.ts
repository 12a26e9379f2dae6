import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { WORKER_DOCKERFILE, WORKER_IMAGE_EXCLUDES, WorkerImage } from '../../lib/worker-service';
import { filesUnder, imageAsset, synthWorkers, workerProject } from './worker-project-fixture';

const PACKAGE_ROOT = join(__dirname, '..', '..');
const SHIPPED_DOCKERFILE = readFileSync(join(PACKAGE_ROOT, WORKER_DOCKERFILE), 'utf8');

describe('the default worker image', () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));

  it("is built from the user's project (where the CDK CLI runs the app) with the Dockerfile that ships in cdk-swf", () => {
    const project = workerProject();
    process.chdir(join(project, 'bin')); // the nearest package.json above the working directory marks the root
    const { outdir, stack } = synthWorkers();
    const asset = imageAsset(outdir);
    expect(asset.platform).toBe('linux/amd64');
    expect(readFileSync(join(asset.context, asset.dockerFile), 'utf8')).toBe(SHIPPED_DOCKERFILE);
    // The user's package.json, lockfile, tsconfig and worker sources; not the CDK app, tests, docs or installed/generated/VCS files.
    expect(filesUnder(asset.context)).toEqual([asset.dockerFile, 'package-lock.json', 'package.json', 'src/names.ts', 'src/workers.ts', 'tsconfig.json'].sort());
    expect(readFileSync(join(asset.context, 'src/workers.ts'), 'utf8')).toBe(readFileSync(join(project, 'src/workers.ts'), 'utf8'));
    // The container uses the pushed asset image, and runs the worker module through the image's cdk-swf entry point.
    const definition = Object.values(Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition'))[0];
    expect(JSON.stringify(definition.Properties.ContainerDefinitions[0].Image)).toContain(`cdk-hnb659fds-container-assets`);
    expect(definition.Properties.ContainerDefinitions[0].Command).toEqual(['worker', '--kind', 'activity', '--module', 'dist/src/workers.js']);
  });

  it("takes the project root from 'directory', and is built for ARM64 when the tasks run on ARM64", () => {
    const project = workerProject();
    const given = synthWorkers({ image: WorkerImage.fromProject({ directory: project, platform: Platform.LINUX_ARM64 }) });
    expect(imageAsset(given.outdir).platform).toBe('linux/arm64');
    expect(filesUnder(imageAsset(given.outdir).context)).toContain('src/workers.ts');
    process.chdir(project);
    const byDefault = synthWorkers({ cpuArchitecture: ecs.CpuArchitecture.ARM64 });
    expect(imageAsset(byDefault.outdir).platform).toBe('linux/arm64');
  });

  it('leaves out more paths given as exclude, and takes excluded ones back with !', () => {
    const project = workerProject({ 'src/fixtures/big.json': '{}', 'docs/guide.md': '# guide\n' });
    const { outdir } = synthWorkers({ image: WorkerImage.fromProject({ directory: project, exclude: ['src/fixtures', '!docs/guide.md'] }) });
    const files = filesUnder(imageAsset(outdir).context);
    expect(files).not.toContain('src/fixtures/big.json');
    expect(files).toContain('docs/guide.md');
  });

  it("leaves out another image's directory (one with its own Dockerfile) unless exclude takes it back", () => {
    const project = workerProject({ 'workers/python/Dockerfile': 'FROM python:3.12-slim\n', 'workers/python/worker.py': 'print(1)\n' });
    const byDefault = filesUnder(imageAsset(synthWorkers({ image: WorkerImage.fromProject({ directory: project }) }).outdir).context);
    expect(byDefault.filter((file) => file.startsWith('workers/'))).toEqual([]);
    expect(byDefault).toContain('src/workers.ts');
    const takenBack = filesUnder(imageAsset(synthWorkers({ image: WorkerImage.fromProject({ directory: project, exclude: ['!workers/python'] }) }).outdir).context);
    expect(takenBack).toEqual(expect.arrayContaining(['workers/python/Dockerfile', 'workers/python/worker.py']));
  });

  it('installs a tarball packed into the project (vendor/)', () => {
    const project = workerProject({
      'package.json': JSON.stringify({ name: 'a', scripts: { build: 'tsc' }, dependencies: { 'cdk-swf': 'file:vendor/cdk-swf-0.1.0.tgz' } }),
      'vendor/cdk-swf-0.1.0.tgz': 'tarball',
    });
    expect(filesUnder(imageAsset(synthWorkers({ image: WorkerImage.fromProject({ directory: project }) }).outdir).context)).toContain('vendor/cdk-swf-0.1.0.tgz');
  });

  it('keeps CDK app code that worker code imports, and all of it with excludeCdkAppCode: false', () => {
    const project = workerProject({ 'src/workers.ts': "import { GREET } from '../lib/workers-stack';\nexport const activities = { [GREET]: async () => 'hi' };\n" });
    const lib = synthWorkers({ image: WorkerImage.fromProject({ directory: project }), workerModule: 'dist/src/workers.js' });
    expect(filesUnder(imageAsset(lib.outdir).context)).toContain('lib/workers-stack.ts');
    expect(filesUnder(imageAsset(lib.outdir).context)).not.toContain('bin/app.ts');
    const all = synthWorkers({ image: WorkerImage.fromProject({ directory: project, excludeCdkAppCode: false }) });
    expect(filesUnder(imageAsset(all.outdir).context)).toContain('bin/app.ts');
  });

  it('in this repository (cdk-swf itself) keeps the library the CLI is built from', () => {
    process.chdir(PACKAGE_ROOT);
    const { outdir } = synthWorkers({ workerModule: 'dist/bin/order-processing/index.js' });
    const files = filesUnder(imageAsset(outdir).context);
    for (const needed of ['package.json', 'package-lock.json', 'tsconfig.build.json', 'bin/cdk-swf.ts', 'bin/order-processing/index.ts', 'lib/worker-service/worker-service.ts', 'lib/index.ts']) {
      expect(files, needed).toContain(needed);
    }
    for (const excluded of ['node_modules', 'dist', 'test', '.git', 'cdk.out', 'cdk.json', 'bin/app.ts']) {
      expect(files.some((file) => file === excluded || file.startsWith(`${excluded}/`)), excluded).toBe(false);
    }
  });
});

describe('the default worker image fails at synth, in one line, on project shapes that cannot work', () => {
  const cases: Array<[string, Record<string, string | null>, string, RegExp]> = [
    ['no lockfile', { 'package-lock.json': null, 'yarn.lock': '' }, 'dist/src/workers.js',
      /has no package-lock.json: the image installs your project with npm ci, so run npm install there and keep the lockfile \(yarn.lock is not read: the image uses npm\)$/],
    ['cdk-swf only as a devDependency', { 'package.json': JSON.stringify({ name: 'a', scripts: { build: 'tsc' }, devDependencies: { 'cdk-swf': '0.1.0' } }) }, 'dist/src/workers.js',
      /package.json' has cdk-swf only in devDependencies: the image runs the cdk-swf CLI from its production dependencies, so add cdk-swf to "dependencies"$/],
    ['no dependency on cdk-swf', { 'package.json': JSON.stringify({ name: 'a', scripts: { build: 'tsc' } }) }, 'dist/src/workers.js', /does not depend on cdk-swf/],
    ['a stock `cdk init` tsconfig (noEmit)', { 'tsconfig.json': JSON.stringify({ compilerOptions: { noEmit: true, module: 'NodeNext' } }) }, 'src/workers.js',
      /invalid workerModule "src\/workers.js" for the image of '.*': tsconfig.json sets "noEmit": true, so npm run build \(tsc\) emits no JavaScript for it: set "noEmit": false, "outDir": "dist" and "rootDir": "." in its compilerOptions \(and keep "dist" in its "exclude"\)$/],
    ['a TypeScript module path', {}, 'src/workers.ts', /invalid workerModule "src\/workers.ts" .*: the image runs node, not TypeScript: give the JavaScript file your build emits for it/],
    ['a module path the build does not emit', {}, 'dist/workers.js', /npm run build \(tsc\) does not emit it: give the path it emits, dist\/src\/workers.js$/],
    ['no build script and no such file', { 'package.json': JSON.stringify({ name: 'a', dependencies: { 'cdk-swf': '0.1.0' } }) }, 'dist/src/workers.js',
      /it is not in the project, and package.json has no "build" script to produce it: add one \(e.g. "build": "tsc"\) or give a .js file of the project$/],
    ['cdk-swf installed from a tarball outside the project', { 'package.json': JSON.stringify({ name: 'a', scripts: { build: 'tsc' }, dependencies: { 'cdk-swf': 'file:../cdk-swf-0.1.0.tgz' } }) }, 'dist/src/workers.js',
      /worker image: dependencies of .*package.json has "cdk-swf": "file:..\/cdk-swf-0.1.0.tgz", outside the project, where the image's npm ci cannot reach it: move it inside the project \(e.g. vendor\/\) and npm install it from there$/],
    ['a local devDependency the excludes leave out', { 'package.json': JSON.stringify({ name: 'a', scripts: { build: 'tsc' }, dependencies: { 'cdk-swf': '0.1.0' }, devDependencies: { tools: 'file:test/tools' } }), 'test/tools/package.json': '{"name":"tools"}' }, 'dist/src/workers.js',
      /worker image: devDependencies of .*package.json has "tools": "file:test\/tools", which the image's build context leaves out, so npm ci cannot install it there: take it back with exclude: \['!test\/tools'\], or move it$/],
    ['a worker module that imports the CDK', { 'src/workers.ts': "import { Duration } from 'aws-cdk-lib';\nexport const activities = { Greet: async () => String(Duration.seconds(1)) };\n" }, 'dist/src/workers.js',
      /src\/workers.ts imports aws-cdk-lib, constructs or cdk-swf's constructs, so the image leaves it out as CDK app code/],
  ];
  for (const [shape, files, workerModule, message] of cases) {
    it(`${shape}`, () => {
      const project = workerProject(files);
      expect(() => synthWorkers({ image: WorkerImage.fromProject({ directory: project }), workerModule })).toThrow(message);
    });
  }

  it('reads noEmit without the TypeScript compiler API too (tsconfig with comments and extends)', () => {
    const project = workerProject({ 'tsconfig.base.json': '{ /* shared */ "compilerOptions": { "noEmit": true, }, }', 'tsconfig.json': '{ "extends": "./tsconfig.base" }' }, { typescript: false });
    expect(() => synthWorkers({ image: WorkerImage.fromProject({ directory: project }) })).toThrow(/tsconfig.json sets "noEmit": true/);
  });

  it('runs a JavaScript project without a build script', () => {
    const project = workerProject({ 'package.json': JSON.stringify({ name: 'a', dependencies: { 'cdk-swf': '0.1.0' } }), 'workers.js': 'exports.activities = {};\n' });
    const { outdir } = synthWorkers({ image: WorkerImage.fromProject({ directory: project }), workerModule: 'workers.js' });
    expect(filesUnder(imageAsset(outdir).context)).toContain('workers.js');
  });

  it('fails without a package.json at or above the directory', () => {
    const project = workerProject();
    rmSync(join(project, 'package.json'));
    expect(() => WorkerImage.fromProject({ directory: project })).toThrow(/worker image directory '.*' has no package.json: give the root of your Node.js project as 'directory'$/);
  });

  it('warns when aws-cdk-lib is a production dependency (the image would carry it)', () => {
    const project = workerProject({ 'package.json': JSON.stringify({ name: 'a', scripts: { build: 'tsc' }, dependencies: { 'cdk-swf': '0.1.0', 'aws-cdk-lib': '2.276.0' } }) });
    const { stack } = synthWorkers({ image: WorkerImage.fromProject({ directory: project }) });
    const warnings = stack.node.findChild('Activities').node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
    expect(warnings.some((w) => /aws-cdk-lib is a production dependency of .*: move aws-cdk-lib and constructs to devDependencies/.test(w)), warnings.join('\n')).toBe(true);
  });

  it('uses a Dockerfile of your own as given, without the checks of the shipped one', () => {
    const project = workerProject({ 'package-lock.json': null, 'docker/worker.Dockerfile': 'FROM node:22\n' });
    const { outdir } = synthWorkers({ image: WorkerImage.fromProject({ directory: project, file: 'docker/worker.Dockerfile' }) });
    const asset = imageAsset(outdir);
    expect(readFileSync(join(asset.context, asset.dockerFile), 'utf8')).toBe('FROM node:22\n');
    expect(() => WorkerImage.fromProject({ directory: project, file: 'nope.Dockerfile' })).toThrow(/worker Dockerfile 'nope.Dockerfile' not found in '.*': give its path relative to 'directory'$/);
  });
});

describe('the worker Dockerfile', () => {
  const instructions = SHIPPED_DOCKERFILE
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  it('starts the CLI in exec form, so the worker process itself receives SIGTERM', () => {
    const entrypoints = instructions.filter((line) => line.startsWith('ENTRYPOINT '));
    expect(entrypoints).toHaveLength(1);
    const form = JSON.parse(entrypoints[0].slice('ENTRYPOINT '.length));
    expect(form).toEqual(['node', '/app/cdk-swf-cli.js']);
  });

  it('builds on Node 22 in two stages and runs as the unprivileged node user', () => {
    expect(instructions).toContain('ARG NODE_IMAGE=node:22-bookworm-slim');
    expect(instructions.filter((line) => line.startsWith('FROM '))).toEqual(['FROM ${NODE_IMAGE} AS build', 'FROM ${NODE_IMAGE}']);
    const user = instructions.indexOf('USER node');
    expect(user).toBeGreaterThan(instructions.findIndex((line) => line.startsWith('FROM ${NODE_IMAGE}') && !line.includes('AS build')));
    expect(user).toBeLessThan(instructions.findIndex((line) => line.startsWith('ENTRYPOINT')));
  });

  it('ignores for manual docker builds exactly what fromProject leaves out of the context', () => {
    const ignored = readFileSync(join(PACKAGE_ROOT, `${WORKER_DOCKERFILE}.dockerignore`), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect([...ignored].sort()).toEqual([...WORKER_IMAGE_EXCLUDES].sort());
  });

  it('ships in the npm package', () => {
    const files: string[] = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).files;
    expect(files.some((entry) => WORKER_DOCKERFILE.startsWith(entry))).toBe(true);
    expect(existsSync(join(PACKAGE_ROOT, WORKER_DOCKERFILE))).toBe(true);
    void writeFileSync;
  });
});

describe('the staged context of a project with its synth output elsewhere', () => {
  it("leaves out cdk.json's output directory and the CLI's CDK_OUTDIR", () => {
    const project = workerProject({ 'cdk.json': JSON.stringify({ app: 'npx tsx bin/app.ts', output: 'build/assembly' }), 'build/assembly/manifest.json': '{}', 'out/x/manifest.json': '{}' });
    const previous = process.env.CDK_OUTDIR;
    process.env.CDK_OUTDIR = join(project, 'out', 'x');
    try {
      const { outdir } = synthWorkers({ image: WorkerImage.fromProject({ directory: project }) });
      const files = filesUnder(imageAsset(outdir).context);
      expect(files.filter((file) => file.startsWith('build/') || file.startsWith('out/'))).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.CDK_OUTDIR;
      else process.env.CDK_OUTDIR = previous;
    }
  });
});
