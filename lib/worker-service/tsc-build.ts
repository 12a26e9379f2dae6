import * as path from 'node:path';
import { readTsconfig, ResolvedTsconfig } from './tsconfig-reader';

/*
 * What `tsc -p <config>` (the project's `npm run build`) does in the worker image, where the build context holds
 * the worker sources but not the CDK app code. Without "rootDir", TypeScript up to 5.9 lays outputs out under the
 * common directory of the inputs, so leaving bin/ and lib/ out moves dist/src/workers.js to dist/workers.js; from
 * TypeScript 6 outputs are laid out under the tsconfig's directory, and tsc fails (TS5011) when the inputs' common
 * directory is another one.
 */

/** What tsc does with the project's tsconfig. */
export interface TscBuild {
  readonly noEmit: boolean;
  /** Why the build fails, in the image or at the project's next build, if it will (one line). */
  readonly failure?: string;
  /** The JavaScript each source compiles to in the image (only sources in the image), relative to the root. */
  readonly imageOutputs?: ReadonlyMap<string, readonly string[]>;
  /** The JavaScript each source compiles to when the whole project is built, relative to the root. */
  readonly projectOutputs?: ReadonlyMap<string, readonly string[]>;
}

/** What `tsc -p configFile` does in `root`, and in the image that holds only `imageFiles` of it (root-relative). */
export function predictTscBuild(root: string, configFile: string, imageFiles: ReadonlySet<string>): TscBuild | undefined {
  const config = readTsconfig(root, path.resolve(root, configFile));
  if (config === undefined) return undefined;
  if (config.options.noEmit || !('fileNames' in config)) return { noEmit: config.options.noEmit === true };
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const imageInputs = config.fileNames.filter((file) => imageFiles.has(relative(file)));
  const outputs = (inputs: readonly string[]) => new Map(inputs.map((source) => [
    relative(source),
    outputsOf(config, inputs, source).filter((output) => /\.[cm]?jsx?$/.test(output)).map(relative),
  ]));
  return {
    noEmit: false,
    failure: missingRootDir(config, imageInputs, configFile) ?? outputsReadBack(config, configFile),
    imageOutputs: outputs(imageInputs),
    projectOutputs: outputs(config.fileNames),
  };
}

/** tsc's output paths for `source`, from its API where it has one, else by the rule of TypeScript 6 and later. */
function outputsOf(config: ResolvedTsconfig, inputs: readonly string[], source: string): string[] {
  if (config.outputsOf) return config.outputsOf(inputs, source);
  const { outDir, rootDir, jsx } = config.options;
  const extension = /\.([cm]?)([jt]sx?)$/.exec(source);
  if (!extension || isDeclarationFile(source)) return [];
  const preserveJsx = extension[2].endsWith('x') && (jsx === 'preserve' || jsx === 'react-native');
  const javaScript = source.slice(0, -extension[0].length) + (preserveJsx ? '.jsx' : `.${extension[1]}js`);
  return [outDir ? path.join(outDir, path.relative(rootDir ?? config.configDir, javaScript)) : javaScript];
}

/**
 * TS5011 (TypeScript 6 and later): with an output directory and no "rootDir", tsc fails when the common directory
 * of its inputs is not the tsconfig's. Checked on the image's inputs: without the CDK app code it is often src/.
 */
function missingRootDir(config: ResolvedTsconfig, imageInputs: readonly string[], configFile: string): string | undefined {
  const { rootDir, composite, outDir, declarationDir, outFile } = config.options;
  if (config.major < 6 || rootDir || composite || !(outDir || declarationDir || outFile)) return undefined;
  const common = commonDirectory(imageInputs.filter((file) => !isDeclarationFile(file)));
  if (common === undefined || common === config.configDir) return undefined;
  const where = path.relative(config.configDir, common).split(path.sep).join('/');
  return `${configFile} sets no "rootDir", and the image's sources (without the CDK app code) all lie in ${where}/, so npm run build fails there with TS5011: add "rootDir": "." to compilerOptions in ${configFile}`;
}

/**
 * TS5055: a tsconfig whose "exclude" leaves out neither its outDir nor what it writes there reads its own
 * declaration (or, with allowJs, JavaScript) files back as inputs on the next build, which then fails. A tsconfig
 * without "exclude" is safe: TypeScript excludes the outDir by default.
 */
function outputsReadBack(config: ResolvedTsconfig, configFile: string): string | undefined {
  const { outDir, declaration, composite, allowJs } = config.options;
  if (!outDir || !config.include || !(declaration || composite || allowJs)) return undefined;
  const outDirectory = path.relative(config.configDir, outDir).split(path.sep).join('/');
  if (outDirectory === '' || outDirectory.startsWith('..') || path.isAbsolute(outDirectory)) return undefined;
  const written = `${outDirectory}/index.${declaration || composite ? 'd.ts' : 'js'}`;
  if (!config.include.some((spec) => specMatches(config.configDir, spec, written, 'include'))) return undefined;
  if (config.exclude.some((spec) => specMatches(config.configDir, spec, written, 'exclude'))) return undefined;
  return `${configFile} has an "exclude" without its outDir ${outDirectory}, so the next build reads the files it wrote there as inputs and fails with TS5055: add "${outDirectory}" to "exclude" in ${configFile}`;
}

/** Whether a tsconfig include or exclude spec matches `file` (relative to the config's directory). */
function specMatches(configDir: string, spec: string, file: string, kind: 'include' | 'exclude'): boolean {
  let pattern = path.relative(configDir, path.resolve(configDir, spec)).split(path.sep).join('/');
  const last = pattern.split('/').at(-1)!;
  // An include spec without wildcards or extension names a directory, and includes what is under it.
  if (kind === 'include' && !/[*?]/.test(last) && !/\.[^./]+$/.test(last)) pattern = pattern === '' ? '**/*' : `${pattern}/**/*`;
  const segments = pattern.split('/');
  const source = segments.map((segment, index) => {
    const isLast = index === segments.length - 1;
    if (segment === '**') return isLast ? '.*' : '(?:[^/]+/)*';
    const escaped = segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
    return isLast ? escaped : `${escaped}/`;
  }).join('');
  // An exclude spec that matches a directory excludes everything under it.
  return new RegExp(`^${source}${kind === 'exclude' ? '(?:/.*)?' : ''}$`).test(file);
}

function commonDirectory(files: readonly string[]): string | undefined {
  if (files.length === 0) return undefined;
  return files.map((file) => path.dirname(file)).reduce((common, directory) => {
    while (directory !== common && !directory.startsWith(common.endsWith(path.sep) ? common : common + path.sep)) common = path.dirname(common);
    return common;
  });
}

function isDeclarationFile(file: string): boolean {
  return /\.d\.([cm]?ts|[^/.]+\.ts)$/.test(file);
}
