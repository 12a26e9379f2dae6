import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, posix } from 'node:path';

/*
 * Replays a Dockerfile without a Docker engine: each stage gets its own root directory under `scratch`, WORKDIR,
 * COPY and ENTRYPOINT paths are mapped into that root, RUN steps run with `sh -c` in the working directory with
 * the stage's ENV, on this machine's Node and npm (the base image is not pulled). An instruction it does not know
 * fails the replay, so a Dockerfile change is either replayed or breaks the test that replays it.
 */

export interface ReplayOptions {
  /** The build context (the staged asset directory). */
  readonly context: string;
  /** The Dockerfile, relative to the context. */
  readonly dockerFile: string;
  /** Where stage roots are made. */
  readonly scratch: string;
  /** Extra environment for RUN steps (e.g. npm's offline cache); the image never sees it. */
  readonly buildEnvironment?: Record<string, string>;
}

/** The last stage, as the image runs it. */
export interface ReplayedImage {
  /** The root directory standing for the image's `/`. */
  readonly root: string;
  /** The working directory (WORKDIR), mapped into root. */
  readonly workdir: string;
  /** ENV of the image. */
  readonly environment: Record<string, string>;
  /** ENTRYPOINT (exec form), absolute paths mapped into root. */
  readonly entrypoint: string[];
  /** The RUN steps that ran, in order (for failure messages). */
  readonly steps: string[];
}

interface Stage {
  readonly name?: string;
  readonly root: string;
  workdir: string;
  environment: Record<string, string>;
  entrypoint: string[];
}

export function replayDockerfile(options: ReplayOptions): ReplayedImage {
  const stages: Stage[] = [];
  const args: Record<string, string> = {};
  const steps: string[] = [];
  const current = (): Stage => {
    const stage = stages.at(-1);
    if (!stage) throw new Error('Dockerfile replay: an instruction before the first FROM');
    return stage;
  };
  const inRoot = (stage: Stage, path: string): string => join(stage.root, isAbsolute(path) ? path : posix.join(stage.workdir, path));
  const substitute = (text: string): string => text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => args[a ?? b] ?? '');

  for (const { instruction, rest } of instructionsOf(readFileSync(join(options.context, options.dockerFile), 'utf8'))) {
    switch (instruction) {
      case 'ARG': {
        const [name, value = ''] = rest.split('=');
        args[name.trim()] = value.trim();
        break;
      }
      case 'FROM': {
        const name = /\s+AS\s+(\S+)$/i.exec(rest)?.[1];
        const root = join(options.scratch, `stage-${stages.length}${name ? `-${name}` : ''}`);
        mkdirSync(root, { recursive: true });
        substitute(rest); // the base image itself is not pulled: RUN steps use this machine's node and npm
        stages.push({ name, root, workdir: '/', environment: {}, entrypoint: [] });
        break;
      }
      case 'WORKDIR': {
        const stage = current();
        stage.workdir = posix.resolve(stage.workdir, rest);
        mkdirSync(inRoot(stage, stage.workdir), { recursive: true });
        break;
      }
      case 'ENV': {
        const match = /^(\w+)[=\s]\s*(.*)$/.exec(rest);
        if (!match) throw new Error(`Dockerfile replay: cannot read ENV ${rest}`);
        current().environment[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
        break;
      }
      case 'COPY': {
        const stage = current();
        const words = rest.split(/\s+/);
        const from = words[0].startsWith('--from=') ? words.shift()!.slice('--from='.length) : undefined;
        if (words.some((word) => word.startsWith('--'))) throw new Error(`Dockerfile replay: unsupported COPY flag in ${rest}`);
        const destination = words.pop()!;
        const source = from === undefined ? undefined : stages.find((s) => s.name === from);
        if (from !== undefined && !source) throw new Error(`Dockerfile replay: no stage ${from}`);
        for (const path of words) {
          const origin = source ? join(source.root, path) : join(options.context, path);
          const target = inRoot(stage, destination);
          const intoDirectory = destination.endsWith('/') || destination === '.' || words.length > 1;
          cpSync(origin, intoDirectory && !path.endsWith('.') && !source ? join(target, posix.basename(path)) : target, { recursive: true, verbatimSymlinks: true });
        }
        break;
      }
      case 'RUN': {
        const stage = current();
        steps.push(rest);
        try {
          execFileSync('sh', ['-c', rest], {
            cwd: inRoot(stage, stage.workdir),
            env: { ...process.env, ...options.buildEnvironment, ...stage.environment },
            stdio: 'pipe',
          });
        } catch (error) {
          const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
          throw new Error(`Dockerfile replay: RUN ${rest}\nfailed: ${stderr?.toString() ?? ''}${stdout?.toString() ?? ''}`);
        }
        break;
      }
      case 'ENTRYPOINT': {
        const stage = current();
        let form: unknown;
        try {
          form = JSON.parse(rest);
        } catch {
          throw new Error(`Dockerfile replay: ENTRYPOINT must be in exec form (JSON), got ${rest}`);
        }
        stage.entrypoint = (form as string[]).map((word) => (word.startsWith('/') ? join(stage.root, word) : word));
        break;
      }
      case 'USER': // the replay runs as the current user
        break;
      default:
        throw new Error(`Dockerfile replay: unsupported instruction ${instruction} ${rest}`);
    }
  }
  const last = current();
  return { root: last.root, workdir: inRoot(last, last.workdir), environment: last.environment, entrypoint: last.entrypoint, steps };
}

/** The instructions of a Dockerfile: continuation lines joined, comments and parser directives dropped. */
function instructionsOf(dockerfile: string): Array<{ instruction: string; rest: string }> {
  return dockerfile
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [instruction] = line.split(/\s+/);
      return { instruction: instruction.toUpperCase(), rest: line.slice(instruction.length).trim() };
    });
}
