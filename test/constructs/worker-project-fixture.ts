import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { afterAll } from 'vitest';
import { ActivityType } from '../../lib/activity-type/activity-type';
import { Domain } from '../../lib/domain/domain';
import { WorkerKind, WorkerService, WorkerServiceProps } from '../../lib/worker-service';

const REPO = join(__dirname, '..', '..');

/** The temporary directories this file's helpers made; a test file that uses them removes them after its tests. */
const made: string[] = [];
afterAll(() => {
  for (const directory of made.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/**
 * A user's CDK project with workers, as `cdk init app --language typescript` lays it out plus a worker module:
 * bin/app.ts (the cdk.json app), lib/workers-stack.ts (imports aws-cdk-lib), src/workers.ts (the worker module)
 * and src/names.ts (type names, imported by both). Also what must never reach the image: node_modules, cdk.out,
 * .git, a test. `files` overrides or adds files (null removes one). `typescript` is the TypeScript package the
 * project has installed (a directory; default this repository's), or false for none.
 */
export function workerProject(files: Record<string, string | null> = {}, options: { typescript?: string | false } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'cdk-swf-user-project-'));
  made.push(root);
  const defaults: Record<string, string | null> = {
    'package.json': JSON.stringify({
      name: 'orders-app',
      version: '0.1.0',
      scripts: { build: 'tsc' },
      dependencies: { 'cdk-swf': '0.1.0' },
      devDependencies: { 'aws-cdk-lib': '2.276.0', constructs: '10.8.1', typescript: '5.9.3' },
    }, null, 2),
    'package-lock.json': JSON.stringify({ name: 'orders-app', lockfileVersion: 3, packages: {} }),
    'tsconfig.json': '{\n  // compiled into dist/\n  "compilerOptions": { "target": "ES2022", "module": "commonjs", "strict": true, "outDir": "dist", "rootDir": "." },\n  "exclude": ["node_modules", "cdk.out", "dist"],\n}\n',
    'cdk.json': JSON.stringify({ app: 'npx tsx bin/app.ts' }),
    'README.md': '# orders-app\n',
    'bin/app.ts': "import { App } from 'aws-cdk-lib';\nimport { WorkersStack } from '../lib/workers-stack';\nnew WorkersStack(new App(), 'Workers');\n",
    'lib/workers-stack.ts': "import { Stack } from 'aws-cdk-lib';\nimport { Construct } from 'constructs';\nimport { GREET } from '../src/names';\nexport class WorkersStack extends Stack {\n  constructor(scope: Construct, id: string) { super(scope, id); void GREET; }\n}\n",
    'src/names.ts': "export const GREET = 'Greet';\n",
    'src/workers.ts': "import { GREET } from './names';\nexport const activities = { [GREET]: async (input: string) => `Hello, ${input}` };\n",
    'test/workers.test.ts': "import { activities } from '../src/workers';\nvoid activities;\n",
    'node_modules/left-pad/index.js': 'module.exports = 1;\n',
    'cdk.out/manifest.json': '{}',
    '.git/HEAD': 'ref: refs/heads/main\n',
  };
  for (const [path, content] of Object.entries({ ...defaults, ...files })) {
    if (content === null) continue;
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  // The project's TypeScript (its compiler API computes what `tsc` emits); installed packages never reach the image.
  if (options.typescript !== false) symlinkSync(options.typescript ?? join(REPO, 'node_modules', 'typescript'), join(root, 'node_modules', 'typescript'), 'dir');
  return root;
}

/** An activity WorkerService in a fresh app; returns the app's output directory and the stack. */
export function synthWorkers(props: Partial<WorkerServiceProps> = {}): { outdir: string; stack: Stack } {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-swf-worker-synth-'));
  made.push(outdir);
  const app = new App({ outdir });
  const stack = new Stack(app, 'Workers');
  const domain = Domain.fromDomainName(stack, 'Domain', 'orders');
  const greet = ActivityType.fromActivityTypeAttributes(stack, 'Greet', { domain, activityTypeName: 'Greet', activityTypeVersion: '1' });
  new WorkerService(stack, 'Activities', {
    kind: WorkerKind.ACTIVITY,
    domain,
    taskList: 'greetings',
    workerModule: 'dist/src/workers.js',
    activityTypes: [greet],
    ...props,
  });
  app.synth();
  return { outdir, stack };
}

/** The one Docker image asset of the synthesized stack: its hash and the staged context directory. */
export function imageAsset(outdir: string): { hash: string; context: string; dockerFile: string; platform: string } {
  const manifest = JSON.parse(readFileSync(join(outdir, 'Workers.assets.json'), 'utf8'));
  const entries = Object.entries(manifest.dockerImages) as Array<[string, { source: { directory: string; dockerFile: string; platform: string } }]>;
  if (entries.length !== 1) throw new Error(`expected one image asset, got ${entries.length}`);
  const [hash, { source }] = entries[0];
  return { hash, context: join(outdir, source.directory), dockerFile: source.dockerFile, platform: source.platform };
}

/** Every file under `directory`, relative, sorted. */
export function filesUnder(directory: string): string[] {
  return (readdirSync(directory, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; name: string; parentPath: string }>)
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(directory.length + 1))
    .sort();
}
