import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerImage } from '../../lib/worker-service';
import { projectOfWorkerImage } from '../../lib/worker-service/worker-image';
import { filesUnder, synthWorkers, workerProject } from './worker-project-fixture';

/*
 * The synth-time check predicts what `npm run build` (tsc) does in the image, whose build context leaves out the
 * CDK app code (bin/, lib/), with the project's own TypeScript: 5.9 (this repository's) and 6 (both with a
 * JavaScript compiler API; 6 lays outputs out under the tsconfig's directory and fails without "rootDir" when the
 * sources lie elsewhere) and 7 (the native compiler `cdk init` installs today, which has no JavaScript API: the
 * check asks its tsc). TypeScript 6.0.3 and 7.0.2 are installed from the npm registry once for this file. Each
 * prediction is held against the real tsc run on the staged context.
 */

const REPO = join(__dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'cdk-swf-typescript-7-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const INSTALLED = { '6': '6.0.3', '7': '7.0.2' };
const TYPESCRIPT: Record<string, string> = {
  '5.9': join(REPO, 'node_modules', 'typescript'),
  '6': join(scratch, '6', 'node_modules', 'typescript'),
  '7': join(scratch, '7', 'node_modules', 'typescript'),
};

beforeAll(() => {
  for (const [major, version] of Object.entries(INSTALLED)) {
    mkdirSync(join(scratch, major));
    writeFileSync(join(scratch, major, 'package.json'), JSON.stringify({ name: `typescript-${major}`, private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `typescript@${version}`], { cwd: join(scratch, major), stdio: 'pipe' });
    expect(JSON.parse(readFileSync(join(TYPESCRIPT[major], 'package.json'), 'utf8')).version).toBe(version);
  }
}, 120_000);

/** The tsconfig `cdk init app --language typescript` writes (aws-cdk 2.1148.1), trimmed to what decides emit. */
const CDK_INIT_OPTIONS = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['es2022'], declaration: true, strict: true, skipLibCheck: true, inlineSourceMap: true, isolatedModules: true, types: [] };
const CDK_INIT_EXCLUDE = ['node_modules', 'cdk.out'];
const tsconfig = (compilerOptions: object, exclude = CDK_INIT_EXCLUDE) =>
  JSON.stringify({ compilerOptions: { ...CDK_INIT_OPTIONS, ...compilerOptions }, exclude }, null, 2);

/** The README's edits: emit to dist, laid out from the project root, and never read dist back. */
const README_TSCONFIG = tsconfig({ noEmit: false, outDir: 'dist', rootDir: '.' }, [...CDK_INIT_EXCLUDE, 'dist']);
/** A cdk init project with only noEmit and outDir changed (the README before this check). */
const WITHOUT_ROOT_DIR = tsconfig({ noEmit: false, outDir: 'dist' }, [...CDK_INIT_EXCLUDE, 'dist']);
/** rootDir set, but dist not excluded. */
const WITHOUT_DIST_EXCLUDED = tsconfig({ noEmit: false, outDir: 'dist', rootDir: '.' });

/** The build context staged for the project's image (staging does not check the worker module). */
const stagedContext = (directory: string) => projectOfWorkerImage(WorkerImage.fromProject({ directory }))!.context.directory;

/** Runs the project's tsc on the staged build context, as the image's `npm run build` does. */
function buildInImage(context: string, typescript: string): { status: number | null; output: string; emitted: string[] } {
  const image = mkdtempSync(join(scratch, 'image-'));
  cpSync(context, image, { recursive: true });
  mkdirSync(join(image, 'node_modules'));
  symlinkSync(typescript, join(image, 'node_modules', 'typescript'), 'dir');
  const run = spawnSync(process.execPath, [join(typescript, 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: image, encoding: 'utf8' });
  const emitted = existsSync(join(image, 'dist')) ? filesUnder(join(image, 'dist')).filter((file) => file.endsWith('.js')) : [];
  return { status: run.status, output: run.stdout + run.stderr, emitted };
}

for (const version of ['5.9', '6', '7']) {
  describe(`with TypeScript ${version}, the worker module check predicts the image's build`, () => {
    const project = (tsconfigJson: string) => workerProject({ 'tsconfig.json': tsconfigJson }, { typescript: TYPESCRIPT[version] });
    const synthWith = (directory: string, workerModule: string) => synthWorkers({ image: WorkerImage.fromProject({ directory }), workerModule });

    it("passes the README's tsconfig, whose build emits dist/src/workers.js in the image", () => {
      const directory = project(README_TSCONFIG);
      expect(() => synthWith(directory, 'dist/src/workers.js')).not.toThrow();
      const built = buildInImage(stagedContext(directory), TYPESCRIPT[version]);
      expect(built.status, built.output).toBe(0);
      expect(built.emitted).toEqual(['src/names.js', 'src/workers.js']);
      expect(() => synthWith(directory, 'dist/workers.js')).toThrow(/npm run build \(tsc\) does not emit it: give the path it emits, dist\/src\/workers.js$/);
    });

    it('asks for "rootDir" when the image, without bin/ and lib/, would lay its outputs out differently', () => {
      const directory = project(WITHOUT_ROOT_DIR);
      const built = buildInImage(stagedContext(directory), TYPESCRIPT[version]);
      if (version !== '5.9') {
        expect(built.status).toBe(2);
        expect(built.output).toContain('error TS5011');
        expect(() => synthWith(directory, 'dist/src/workers.js')).toThrow(
          /: tsconfig.json sets no "rootDir", and the image's sources \(without the CDK app code\) all lie in src\/, so npm run build fails there with TS5011: add "rootDir": "." to compilerOptions in tsconfig.json$/,
        );
      } else {
        expect(built.status, built.output).toBe(0);
        expect(built.emitted).toEqual(['names.js', 'workers.js']);
        expect(() => synthWith(directory, 'dist/src/workers.js')).toThrow(
          /: without the CDK app code, npm run build \(tsc\) emits src\/workers.ts as dist\/workers.js in the image, as tsconfig.json sets no "rootDir": add "rootDir": "." to compilerOptions in tsconfig.json$/,
        );
      }
    });

    it('asks for "dist" in "exclude" when the next build would read its own declaration files back (TS5055)', () => {
      const directory = project(WITHOUT_DIST_EXCLUDED);
      const message = /: tsconfig.json has an "exclude" without its outDir dist, so the next build reads the files it wrote there as inputs and fails with TS5055: add "dist" to "exclude" in tsconfig.json$/;
      expect(() => synthWith(directory, 'dist/src/workers.js')).toThrow(message);
      // What the check foresees: the project's second build fails.
      const tsc = join(TYPESCRIPT[version], 'bin', 'tsc');
      for (const build of [1, 2]) {
        const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: directory, encoding: 'utf8' });
        if (build === 2) expect(run.stdout + run.stderr).toContain('error TS5055');
      }
      // Without an "exclude" of its own, TypeScript leaves the outDir out itself.
      const noExclude = project(JSON.stringify({ compilerOptions: { ...CDK_INIT_OPTIONS, outDir: 'dist', rootDir: '.' } }));
      expect(() => synthWith(noExclude, 'dist/src/workers.js')).not.toThrow();
    });

    it('reads "noEmit" through extends', () => {
      const directory = workerProject(
        { 'tsconfig.base.json': tsconfig({ noEmit: true }), 'tsconfig.json': JSON.stringify({ extends: './tsconfig.base.json', compilerOptions: { outDir: 'dist' } }) },
        { typescript: TYPESCRIPT[version] },
      );
      expect(() => synthWith(directory, 'dist/src/workers.js')).toThrow(/tsconfig.json sets "noEmit": true, so npm run build \(tsc\) emits no JavaScript for it/);
    });
  });
}
