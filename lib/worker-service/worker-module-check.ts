import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StagedContext, WorkerProject } from './project-context';

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
  const config = readCompilerConfig(project.root, configFile);
  if (config === undefined) return undefined;
  if (config.noEmit) {
    return `${configFile} sets "noEmit": true, so npm run build (${build}) emits no JavaScript for it: set "noEmit": false (and e.g. "outDir": "dist") in ${configFile}`;
  }
  if (config.outputsBySource === undefined || context.files.has(module)) return undefined;
  const emitted = [...config.outputsBySource].filter(([source]) => context.files.has(source)).flatMap(([, outputs]) => outputs);
  if (emitted.includes(module)) return undefined;
  for (const [source, outputs] of config.outputsBySource) {
    if (!outputs.includes(module)) continue;
    if (context.cdkAppCode.has(source)) return cdkAppCodeProblem(source);
    return `its source ${source} is left out of the image by the excludes: take it back with exclude: ['!${source}'], or move it`;
  }
  const sameName = emitted.filter((file) => path.posix.basename(file) === path.posix.basename(module));
  return `npm run build (${build}) does not emit it`
    + (sameName.length > 0 ? `: give the path it emits, ${sameName.join(' or ')}` : ': give the path of a compiled worker module, relative to the project root');
}

function cdkAppCodeProblem(file: string): string {
  return `${file} imports aws-cdk-lib, constructs or cdk-swf's constructs, so the image leaves it out as CDK app code: keep worker modules free of CDK imports (import the runtime from 'cdk-swf/worker')`;
}

interface CompilerConfig {
  readonly noEmit: boolean;
  /** The JavaScript files tsc emits for each source, relative to the root; undefined without the TypeScript API. */
  readonly outputsBySource?: Map<string, string[]>;
}

/**
 * The project's tsconfig, read with the project's own TypeScript (its compiler API resolves `extends` and computes
 * output paths exactly as tsc does); without that API only `noEmit` is read, from the file and what it extends.
 */
function readCompilerConfig(root: string, configFile: string): CompilerConfig | undefined {
  const file = path.resolve(root, configFile);
  if (!fs.existsSync(file)) return undefined;
  const ts = projectTypeScript(root);
  if (ts) {
    const read = ts.readConfigFile(file, ts.sys.readFile);
    if (read.error) return undefined;
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(file), undefined, file);
    const relative = (absolute: string) => path.relative(root, absolute).split(path.sep).join('/');
    const outputsBySource = new Map<string, string[]>();
    for (const source of parsed.fileNames) {
      const outputs = ts.getOutputFileNames(parsed, source, false).filter((output: string) => /\.[cm]?js$/.test(output));
      outputsBySource.set(relative(source), outputs.map(relative));
    }
    return { noEmit: parsed.options.noEmit === true, outputsBySource };
  }
  return { noEmit: noEmitOf(file, new Set()) };
}

/** The TypeScript compiler API of the project, if it has one that offers it. */
function projectTypeScript(root: string): any {
  try {
    const ts = require(require.resolve('typescript', { paths: [root] }));
    return typeof ts.readConfigFile === 'function' && typeof ts.getOutputFileNames === 'function' ? ts : undefined;
  } catch {
    return undefined;
  }
}

/** `compilerOptions.noEmit` of a tsconfig (JSON with comments), following relative `extends`. */
function noEmitOf(file: string, seen: Set<string>): boolean {
  if (seen.has(file) || !fs.existsSync(file)) return false;
  seen.add(file);
  let config: { compilerOptions?: { noEmit?: boolean }; extends?: string | string[] };
  try {
    config = JSON.parse(withoutJsonComments(fs.readFileSync(file, 'utf8')));
  } catch {
    return false;
  }
  if (config.compilerOptions?.noEmit !== undefined) return config.compilerOptions.noEmit === true;
  const bases = [config.extends ?? []].flat().filter((base) => base.startsWith('.'));
  return bases.reverse().some((base) => noEmitOf(path.resolve(path.dirname(file), base.endsWith('.json') ? base : `${base}.json`), seen));
}

/** Strips comments and trailing commas outside strings (tsconfig files are JSON with comments). */
function withoutJsonComments(text: string): string {
  return text
    .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match, string) => string ?? '')
    .replace(/("(?:[^"\\]|\\.)*")|,(\s*[}\]])/g, (match, string, closing) => string ?? closing);
}
