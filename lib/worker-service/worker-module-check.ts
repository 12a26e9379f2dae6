import * as path from 'node:path';
import type { StagedContext, WorkerProject } from './project-context';
import { predictTscBuild } from './tsc-build';

/*
 * Whether the image built from a project will have the worker module the service runs: the image runs node on
 * `workerModule`, so it must be a JavaScript file that is in the project or that `npm run build` emits. Checked at
 * synth, so a project shape that cannot work (a stock `cdk init` tsconfig has noEmit; no build script; a .ts path)
 * fails with one line instead of a task that crash-loops after deployment.
 */

/** What is wrong with `workerModule` for this project's image, or undefined when the image will have it. */
export function problemWithWorkerModule(project: WorkerProject, context: StagedContext, workerModule: string): string | undefined {
  const module = path.posix.normalize(workerModule.replace(/^\.\//, ''));
  if (/\.[cm]?tsx?$/.test(module)) {
    return `the image runs node, not TypeScript: give the JavaScript file your build emits for it (e.g. ${module.replace(/\.([cm]?)tsx?$/, '.$1js')} or dist/${module.replace(/\.([cm]?)tsx?$/, '.$1js')})`;
  }
  if (context.cdkAppCode.has(module)) return cdkAppCodeProblem(module);
  const build = project.manifest.scripts?.build;
  if (build === undefined) {
    if (context.files.has(module)) return undefined;
    return `it is not in the project, and package.json has no "build" script to produce it: add one (e.g. "build": "tsc") or give a .js file of the project`;
  }
  const tsc = /(?:^|[\s;&|(])(?:npx\s+)?tsc(?:\s|$)/.exec(build);
  if (!tsc) return undefined; // another build tool: its output cannot be predicted here
  const configFile = /(?:-p|--project)\s+(\S+)/.exec(build.slice(tsc.index))?.[1] ?? 'tsconfig.json';
  const tscBuild = predictTscBuild(project.root, configFile, context.files);
  if (tscBuild === undefined) return undefined;
  if (tscBuild.noEmit) {
    return `${configFile} sets "noEmit": true, so npm run build (${build}) emits no JavaScript for it: set "noEmit": false, "outDir": "dist" and "rootDir": "." in its compilerOptions (and keep "dist" in its "exclude")`;
  }
  if (tscBuild.failure) return tscBuild.failure;
  const { imageOutputs, projectOutputs } = tscBuild;
  if (imageOutputs === undefined || projectOutputs === undefined || context.files.has(module)) return undefined;
  const emitted = [...imageOutputs.values()].flat();
  if (emitted.includes(module)) return undefined;
  for (const [source, outputs] of projectOutputs) {
    if (!outputs.includes(module)) continue;
    if (context.cdkAppCode.has(source)) return cdkAppCodeProblem(source);
    if (!context.files.has(source)) return `its source ${source} is left out of the image by the excludes: take it back with exclude: ['!${source}'], or move it`;
    return `without the CDK app code, npm run build (${build}) emits ${source} as ${imageOutputs.get(source)?.join(' or ')} in the image, as ${configFile} sets no "rootDir": add "rootDir": "." to compilerOptions in ${configFile}`;
  }
  const sameName = emitted.filter((file) => path.posix.basename(file) === path.posix.basename(module));
  return `npm run build (${build}) does not emit it`
    + (sameName.length > 0 ? `: give the path it emits, ${sameName.join(' or ')}` : ': give the path of a compiled worker module, relative to the project root');
}

function cdkAppCodeProblem(file: string): string {
  return `${file} imports aws-cdk-lib, constructs or cdk-swf's constructs, so the image leaves it out as CDK app code: keep worker modules free of CDK imports (import the runtime from 'cdk-swf/worker')`;
}
