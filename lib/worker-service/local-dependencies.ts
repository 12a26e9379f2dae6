import * as path from 'node:path';
import type { StagedContext, WorkerProject } from './project-context';

/*
 * The image installs the project with `npm ci` from its build context, so a dependency on a local path (a packed
 * tarball, a sibling package) must be in that context: inside the project and not left out by the excludes.
 * Outside it, npm ci fails at `cdk deploy` (ENOENT), or only where npm's cache happens to hold the package.
 */

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

/** The first local-path dependency the image's npm ci cannot reach, as one line that says what to do. */
export function problemWithLocalDependencies(project: WorkerProject, context: StagedContext): string | undefined {
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, spec] of Object.entries(project.manifest[field] ?? {})) {
      const local = localPath(spec);
      if (local === undefined) continue;
      const relative = path.relative(project.root, path.resolve(project.root, local)).split(path.sep).join('/');
      const where = `${field} of ${path.join(project.root, 'package.json')} has "${name}": "${spec}"`;
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
        return `worker image: ${where}, outside the project, where the image's npm ci cannot reach it: move it inside the project (e.g. vendor/) and npm install it from there`;
      }
      if (!context.files.has(relative) && ![...context.files].some((file) => file.startsWith(`${relative}/`))) {
        return `worker image: ${where}, which the image's build context leaves out, so npm ci cannot install it there: take it back with exclude: ['!${relative}'], or move it`;
      }
    }
  }
  return undefined;
}

/** The path of a dependency spec that points at the file system (`file:x`, `./x`, `../x`, `/x`), if it is one. */
function localPath(spec: string): string | undefined {
  if (spec.startsWith('file:')) return spec.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
  if (/^(?:\.{1,2}(?:\/|$)|\/)/.test(spec)) return spec;
  return undefined;
}
