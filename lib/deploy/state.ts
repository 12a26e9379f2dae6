import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RetirementRecord } from '../../lambda/swf-resource/engine';

/** What `cdk-swf apply` remembers about one deployed SWF resource (what CloudFormation keeps in its stack). */
export interface DeployedResource {
  readonly type: string;
  readonly physicalId: string;
  /** The resolved properties last sent to the handler (without ServiceToken). */
  readonly properties: Record<string, unknown>;
  /** The Data the handler returned: what Fn::GetAtt reads. */
  readonly data: Record<string, unknown>;
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
  /** Logical ids of the SWF resources this one depends on: deletes go in the reverse order. */
  readonly dependencies: string[];
}

/** An old physical resource left behind by a replacement, waiting for the cleanup phase. */
export interface PendingCleanup extends DeployedResource {
  readonly logicalId: string;
}

export interface StackState {
  readonly version: 1;
  readonly stackName: string;
  resources: Record<string, DeployedResource>;
  pendingCleanup: PendingCleanup[];
  /** Types deleted with DESTROY, waiting for the retirement pass to deprecate them (what SSM holds for the Lambda). */
  retirements: RetirementRecord[];
}

export const STATE_DIRECTORY = '.cdk-swf';

/** `.cdk-swf/state-<stack name>.json` under the working directory. */
export function defaultStateFile(stackName: string, cwd = process.cwd()): string {
  return path.join(cwd, STATE_DIRECTORY, `state-${stackName.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
}

export function emptyState(stackName: string): StackState {
  return { version: 1, stackName, resources: {}, pendingCleanup: [], retirements: [] };
}

/** Reads a state file; a missing file is an empty state (nothing deployed yet). */
export function readState(file: string, stackName: string): StackState {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyState(stackName);
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') throw stateFileIsDirectory(file);
    throw err;
  }
  let parsed: Partial<StackState>;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`state file ${file} is not valid JSON (${(err as Error).message}); restore it or delete it to start over`);
  }
  if (parsed.version !== 1 || typeof parsed.resources !== 'object' || parsed.resources === null) {
    throw new Error(`state file ${file} is not a cdk-swf state file (version 1); restore it or delete it to start over`);
  }
  if (parsed.stackName !== undefined && parsed.stackName !== stackName) {
    throw new Error(`state file ${file} belongs to stack ${parsed.stackName}, not ${stackName}: pass the right --state`);
  }
  return { version: 1, stackName, resources: parsed.resources, pendingCleanup: parsed.pendingCleanup ?? [], retirements: parsed.retirements ?? [] };
}

/** Writes the state atomically: a temporary file in the same directory, flushed, then renamed over the old one. */
export function writeState(file: string, state: StackState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = fs.openSync(temporary, 'w');
  try {
    fs.writeFileSync(handle, JSON.stringify(state, null, 2) + '\n');
    fs.fsyncSync(handle);
  } finally {
    fs.closeSync(handle);
  }
  fs.renameSync(temporary, file);
}

/**
 * Takes `<state file>.lock` for the duration of an apply, so two applies never interleave their writes to one
 * stack. Returns the release function.
 */
export function lockState(file: string): () => void {
  if (isDirectory(file)) throw stateFileIsDirectory(file);
  const lock = `${file}.lock`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    throw new Error(`another cdk-swf apply holds ${lock}; wait for it, or delete the file if no apply is running`);
  }
  return () => fs.rmSync(lock, { force: true });
}

/** `--state /tmp`: a directory where a file is expected (Node's own EISDIR names neither the path nor the fix). */
function stateFileIsDirectory(file: string): Error {
  return new Error(`state file ${file} is a directory: give --state a file path, e.g. ${path.join(file, 'state.json')}`);
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false; // nothing there yet (or a file where a directory should be: mkdir says so next)
  }
}
