// The package as npm publishes it (npm pack of the build `npm ci` made), and the projects that install it:
// what the tarball holds, and that a production install of a project that only runs workers or the CLI holds
// neither aws-cdk-lib nor constructs (optional peers) yet runs swf-local, the worker runtime and the CLI, which
// deploys a synthesized app's SWF resources (`cdk-swf apply`) without aws-cdk-lib.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityType, Domain } from '../../lib';
import { packRepository, run, scratchDirectory } from './support';

interface Manifest {
  readonly version: string;
  readonly license: string;
  readonly keywords: string[];
  readonly author: { readonly name: string };
  readonly repository: { readonly url: string };
  readonly exports: Record<string, unknown>;
  readonly peerDependenciesMeta: Record<string, { readonly optional: boolean }>;
  readonly bundleDependencies: string[];
  readonly dependencies: Record<string, string>;
}

let scratch: string;
let tarball: string;
let files: string[];
let unpacked: string;
let assembly: string;

beforeAll(() => {
  scratch = scratchDirectory('package');
  tarball = packRepository(scratch);
  files = run('tar', ['tzf', tarball], scratch).trim().split('\n').map((file) => file.replace(/^package\//, ''));
  unpacked = join(scratch, 'unpacked');
  run('mkdir', ['-p', unpacked], scratch);
  run('tar', ['xzf', tarball, '-C', unpacked], scratch);
  // The CDK app is synthesized where aws-cdk-lib is (here); the lean projects only deploy its cloud assembly.
  assembly = join(scratch, 'cdk.out');
  const app = new App({ outdir: assembly });
  const stack = new Stack(app, 'LeanOrders');
  const domain = new Domain(stack, 'Domain', { domainName: 'lean-orders' });
  new ActivityType(stack, 'Charge', { domain, activityTypeName: 'Charge' });
  app.synth();
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function packaged(path: string): string {
  return readFileSync(join(unpacked, 'package', path), 'utf8');
}

describe('the tarball', () => {
  it('holds the jsii assembly, the LICENSE, the compiled entry points and the handler bundle with its notices', () => {
    expect(files).toEqual(expect.arrayContaining([
      '.jsii', 'LICENSE', 'README.md', 'package.json',
      'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/worker/index.js', 'dist/lib/swf-local/index.js', 'dist/lib/cli/main.js',
      'dist/bin/cdk-swf.js',
      'dist/handler-bundle/swf-resource/index.js', 'dist/handler-bundle/swf-resource/THIRD-PARTY-NOTICES.txt',
    ]));
    expect(packaged('LICENSE')).toMatch(/Apache License\s+Version 2\.0/);
    expect(JSON.parse(packaged('.jsii')).types).toHaveProperty(['cdk-swf.Domain']);
  });

  it('holds no example, demo, test or TypeScript source code', () => {
    const ours = files.filter((file) => !file.startsWith('node_modules/'));
    expect(ours.filter((file) => /example|demo|order-processing|fraud-check|(^|\/)app\.(js|d\.ts)$|^test\/|^bin\/|^lambda\/|^scripts\//.test(file))).toEqual([]);
    expect(ours.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
  });

  it('ships the handler bundle minified, with the license of every package inside it', () => {
    const bundle = packaged('dist/handler-bundle/swf-resource/index.js');
    const lines = bundle.split('\n');
    expect(lines.length).toBeLessThan(1_000); // unminified, it is tens of thousands of lines
    expect(bundle.length / lines.length).toBeGreaterThan(5_000);
    const notices = packaged('dist/handler-bundle/swf-resource/THIRD-PARTY-NOTICES.txt');
    expect(notices).toMatch(/^- @aws-sdk\/client-swf@\S+ \(Apache-2\.0\)/m);
    expect(notices).toMatch(/^- tslib@\S+ \(0BSD\)/m);
    expect(notices).toMatch(/Apache License/);
  });

  it('describes itself for npm and Construct Hub, with cdk and its runtime dependencies handled as jsii requires', () => {
    const manifest = JSON.parse(packaged('package.json')) as Manifest;
    expect(manifest.license).toBe('Apache-2.0');
    expect(manifest.keywords).toEqual(expect.arrayContaining(['cdk', 'awscdk', 'aws-swf']));
    expect(manifest.author.name).not.toBe('');
    expect(manifest.repository.url).toMatch(/^https:\/\//);
    expect(Object.keys(manifest.exports)).toEqual(expect.arrayContaining(['.', './worker', './swf-local', './cli']));
    expect(manifest.peerDependenciesMeta).toEqual({ 'aws-cdk-lib': { optional: true }, constructs: { optional: true } });
    expect([...manifest.bundleDependencies].sort()).toEqual(Object.keys(manifest.dependencies).sort());
    expect(files.some((file) => file.startsWith('node_modules/@aws-sdk/client-swf/'))).toBe(true);
  });
});

/** A fresh project outside the repository that depends on the tarball; returns its directory. */
function consumerProject(name: string, devDependencies: Record<string, string>, installArgs: string[]): string {
  const directory = join(scratch, name);
  run('mkdir', ['-p', directory], scratch);
  writeFileSync(join(directory, 'package.json'), JSON.stringify({
    name, version: '1.0.0', private: true,
    dependencies: { 'cdk-swf': `file:${tarball}` },
    devDependencies,
  }, null, 2));
  run('npm', ['install', ...installArgs, '--prefer-offline', '--no-audit', '--no-fund'], directory);
  return directory;
}

function installedTopLevel(directory: string): string[] {
  return readdirSync(join(directory, 'node_modules')).filter((entry) => !entry.startsWith('.'));
}

/**
 * In the consumer: starts swf-local from `cdk-swf/swf-local`, deploys the synthesized assembly's SWF resources to it
 * with the installed CLI (`cdk-swf apply`), lists the domains with the CLI, and loads `cdk-swf/worker` and
 * `cdk-swf/cli`. Resolves with what the script printed.
 */
function useRuntime(directory: string): Promise<string> {
  const script = `
    const { execFile } = require('node:child_process');
    const { startSwfLocal } = require('cdk-swf/swf-local');
    const worker = require('cdk-swf/worker');
    const cli = require('cdk-swf/cli');
    const cdkSwf = (args, env) => new Promise((resolve, reject) => execFile('node_modules/.bin/cdk-swf', args, { env },
      (error, stdout, stderr) => (error ? reject(new Error(stdout + stderr)) : resolve(stdout))));
    (async () => {
      const local = await startSwfLocal({ log: () => undefined });
      const env = { ...process.env, AWS_ENDPOINT_URL_SWF: local.endpoint, AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDLOCAL', AWS_SECRET_ACCESS_KEY: 'local-secret' };
      try {
        await cdkSwf(['apply', '--app', ${JSON.stringify(assembly)}, '--state', 'state.json'], env);
        const domains = JSON.parse(await cdkSwf(['domains', 'list', '--json'], env)).map((domain) => domain.name);
        const loaded = Object.keys(require.cache).filter((path) => /node_modules\\/(aws-cdk-lib|constructs)\\//.test(path));
        console.log(JSON.stringify({ worker: typeof worker.ActivityWorker, decider: typeof worker.Decider, cli: typeof cli.main, domains, loaded }));
      } finally {
        await local.close();
      }
    })().catch((error) => { console.error(error.message); process.exit(1); });
  `;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script], { cwd: directory, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
  });
}

const USED_RUNTIME = { worker: 'function', decider: 'function', cli: 'function', domains: ['lean-orders'], loaded: [] };

describe('a production install of a project that uses the worker runtime or the CLI', () => {
  it('a workers-only project (`npm install --omit=dev`) holds neither aws-cdk-lib nor constructs, and the runtime works', async () => {
    const project = consumerProject('workers-only', {}, ['--omit=dev']);

    expect(installedTopLevel(project)).toEqual(['cdk-swf']);
    expect(JSON.parse(await useRuntime(project))).toEqual(USED_RUNTIME);
    const version = (JSON.parse(packaged('package.json')) as Manifest).version;
    expect(run(join(project, 'node_modules', '.bin', 'cdk-swf'), ['--version'], project).trim()).toBe(version);
  });

  it('a project that also holds its CDK app (aws-cdk-lib and constructs as devDependencies) drops them with --omit=dev --omit=optional', async () => {
    const project = consumerProject('app-and-workers', { 'aws-cdk-lib': '2.276.0', constructs: '10.5.1' }, ['--omit=dev', '--omit=optional']);

    expect(installedTopLevel(project)).toEqual(['cdk-swf']);
    expect(existsSync(join(project, 'node_modules', 'cdk-swf', 'node_modules', 'aws-cdk-lib'))).toBe(false);
    expect(JSON.parse(await useRuntime(project))).toEqual(USED_RUNTIME);
  });
});
