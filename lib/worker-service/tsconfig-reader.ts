import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/*
 * A project's tsconfig as its own TypeScript resolves it (extends, defaults, the expanded file list). TypeScript up
 * to 6 offers a JavaScript compiler API, which also computes output paths exactly as tsc does; TypeScript 7 (the
 * native compiler) has none, so its own `tsc --showConfig` is asked, and the output paths are computed in
 * tsc-build.ts. Without either, only `noEmit` is read from the files.
 */

/** The compiler options that decide what tsc writes where (paths absolute). */
export interface EmitOptions {
  readonly noEmit?: boolean;
  readonly outDir?: string;
  readonly rootDir?: string;
  readonly outFile?: string;
  readonly declarationDir?: string;
  readonly declaration?: boolean;
  readonly composite?: boolean;
  readonly allowJs?: boolean;
  readonly jsx?: string;
}

export interface ResolvedTsconfig {
  /** The TypeScript major version that read it. */
  readonly major: number;
  readonly configDir: string;
  readonly options: EmitOptions;
  /** The input files tsc compiles, absolute. */
  readonly fileNames: readonly string[];
  /** The wildcard include specs; undefined when the config lists only `files`. */
  readonly include?: readonly string[];
  /** The exclude specs (TypeScript's default, the outDir, when the config has none). */
  readonly exclude: readonly string[];
  /** With the compiler API: tsc's own output paths for `source` when it compiles exactly `inputs`. */
  readonly outputsOf?: (inputs: readonly string[], source: string) => string[];
}

/** The project's tsconfig as its TypeScript resolves it; `{ options: { noEmit } }` only, without that TypeScript. */
export function readTsconfig(root: string, file: string): ResolvedTsconfig | { readonly options: EmitOptions } | undefined {
  if (!fs.existsSync(file)) return undefined;
  const typescript = projectTypeScript(root);
  if (typescript?.api) return viaCompilerApi(typescript.api, file);
  if (typescript) {
    const shown = viaShowConfig(typescript, file);
    if (shown) return shown;
  }
  return { options: { noEmit: noEmitOf(file, new Set()) } };
}

interface ProjectTypeScript {
  readonly major: number;
  /** The tsc script (package.json `bin.tsc`). */
  readonly tsc: string;
  /** The JavaScript compiler API, where the version has one. */
  readonly api?: any;
}

function projectTypeScript(root: string): ProjectTypeScript | undefined {
  let manifestFile: string;
  try {
    manifestFile = require.resolve('typescript/package.json', { paths: [root] });
  } catch {
    return undefined;
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.tsc;
  const major = Number(String(manifest.version).split('.')[0]);
  if (typeof bin !== 'string' || !Number.isInteger(major)) return undefined;
  let api: any;
  try {
    const ts = require(require.resolve('typescript', { paths: [root] }));
    if (typeof ts.parseJsonConfigFileContent === 'function' && typeof ts.getOutputFileNames === 'function') api = ts;
  } catch {
    // no JavaScript API (TypeScript 7): tsc answers instead
  }
  return { major, tsc: path.join(path.dirname(manifestFile), bin), api };
}

function viaCompilerApi(ts: any, file: string): ResolvedTsconfig | undefined {
  const read = ts.readConfigFile(file, ts.sys.readFile);
  if (read.error) return undefined;
  // tsc hands the resolved include and exclude specs (extends merged, defaults applied) to readDirectory.
  let specs: { include?: readonly string[]; exclude?: readonly string[] } = {};
  const host = {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: (directory: string, extensions: string[], exclude?: string[], include?: string[], depth?: number) => {
      specs = { include, exclude };
      return ts.sys.readDirectory(directory, extensions, exclude, include, depth);
    },
  };
  const configDir = path.dirname(file);
  const parsed = ts.parseJsonConfigFileContent(read.config, host, configDir, undefined, file);
  return {
    major: Number(String(ts.version).split('.')[0]),
    configDir,
    options: parsed.options,
    fileNames: parsed.fileNames.map((name: string) => path.resolve(name)),
    include: specs.include,
    exclude: specs.exclude ?? [],
    outputsOf: (inputs, source) => ts.getOutputFileNames({ ...parsed, fileNames: inputs.map(toPosix) }, toPosix(source), false).map((output: string) => path.resolve(output)),
  };
}

/** `tsc --showConfig` prints the resolved options (paths relative to the config) and the expanded file list. */
function viaShowConfig(typescript: ProjectTypeScript, file: string): ResolvedTsconfig | undefined {
  let shown: { compilerOptions?: Record<string, unknown>; files?: string[]; include?: string[]; exclude?: string[] };
  try {
    const output = execFileSync(process.execPath, [typescript.tsc, '--showConfig', '-p', file], { cwd: path.dirname(file), encoding: 'utf8', stdio: 'pipe', timeout: 60_000 });
    shown = JSON.parse(output);
  } catch {
    return undefined; // tsc cannot show it (no inputs, a broken config): its build says why
  }
  const configDir = path.dirname(file);
  const compilerOptions = shown.compilerOptions ?? {};
  const absolute = (key: string) => (typeof compilerOptions[key] === 'string' ? path.resolve(configDir, compilerOptions[key] as string) : undefined);
  // showConfig prints the expanded list as "files" either way: the config's own text tells whether it had only files.
  const onlyFiles = shown.include === undefined && /"files"\s*:/.test(withoutJsonComments(fs.readFileSync(file, 'utf8')));
  return {
    major: typescript.major,
    configDir,
    options: {
      noEmit: compilerOptions.noEmit === true,
      outDir: absolute('outDir'),
      rootDir: absolute('rootDir'),
      outFile: absolute('outFile'),
      declarationDir: absolute('declarationDir'),
      declaration: compilerOptions.declaration === true,
      composite: compilerOptions.composite === true,
      allowJs: compilerOptions.allowJs === true,
      jsx: typeof compilerOptions.jsx === 'string' ? compilerOptions.jsx : undefined,
    },
    fileNames: (shown.files ?? []).map((name) => path.resolve(configDir, name)),
    include: onlyFiles ? undefined : shown.include ?? ['**/*'],
    exclude: shown.exclude ?? [],
  };
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
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
