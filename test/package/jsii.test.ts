// The construct API as other CDK languages see it: jsii compiles it (no warnings allowed), and jsii-pacmak
// generates the Python and Java bindings from the assembly. --code-only generates sources without building
// wheels or jars, so this runs offline; the Python sources are still byte-compiled, and the README's Python
// example is checked against them. Runs in a scratch copy so the repository's dist/ is never rewritten under
// the other suites.
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUIET_JSII_ENV, ROOT, run, scratchDirectory } from './support';

interface Assembly {
  readonly name: string;
  readonly types: Record<string, { readonly kind: string }>;
  readonly dependencies: Record<string, string>;
  readonly bundled?: Record<string, string>;
}

let project: string;
let compilerOutput: string;
let assembly: Assembly;
let bindings: string;

beforeAll(() => {
  project = scratchDirectory('jsii');
  for (const file of ['package.json', 'tsconfig.json', 'tsconfig.jsii.json', 'README.md', 'LICENSE']) cpSync(join(ROOT, file), join(project, file));
  cpSync(join(ROOT, 'lib'), join(project, 'lib'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');

  compilerOutput = run(process.execPath, [join(ROOT, 'node_modules', 'jsii', 'bin', 'jsii'), '--fail-on-warnings'], project, QUIET_JSII_ENV);
  assembly = JSON.parse(readFileSync(join(project, '.jsii'), 'utf8')) as Assembly;

  bindings = join(project, 'bindings');
  run(
    process.execPath,
    [join(ROOT, 'node_modules', 'jsii-pacmak', 'bin', 'jsii-pacmak'), '--code-only', '--target', 'python', '--target', 'java', '--outdir', bindings],
    project,
    // pacmak packs the npm tarball it embeds in the bindings; the build already ran, so skip `prepare`.
    { ...QUIET_JSII_ENV, npm_config_ignore_scripts: 'true' },
  );
}, 300_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

const CONSTRUCT_API = [
  'Domain', 'DomainProps', 'IDomain', 'DomainBase', 'DomainRetention',
  'WorkflowType', 'WorkflowTypeProps', 'WorkflowTypeAttributes', 'IWorkflowType', 'ChildPolicy', 'GrantDecideOptions',
  'ActivityType', 'ActivityTypeProps', 'ActivityTypeAttributes', 'IActivityType',
  'SwfTimeout', 'WorkerService', 'WorkerServiceProps', 'WorkerKind', 'WorkerImage', 'WorkerImageProps',
  'SwfLambdaRole', 'SwfLambdaRoleProps',
];

describe('jsii assembly', () => {
  it('compiles the construct API with no errors or warnings', () => {
    expect(compilerOutput).toMatch(/Errors: 0 \| Warnings: 0/);
    expect(assembly.name).toBe('cdk-swf');
    const names = Object.keys(assembly.types).map((fqn) => fqn.replace(/^cdk-swf\./, ''));
    expect(names).toEqual(expect.arrayContaining(CONSTRUCT_API));
  });

  it('documents every optional property of the construct props with its default (what Python and Java users read)', () => {
    const undocumented: string[] = [];
    for (const [fqn, type] of Object.entries<any>(assembly.types)) {
      if (type.kind !== 'interface' || !type.datatype) continue;
      for (const property of type.properties ?? []) {
        if (!property.docs?.summary || (property.optional && property.docs?.default === undefined)) undocumented.push(`${fqn}.${property.name}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('leaves the worker runtime and swf-local out (they stay on the Node-only subpath exports)', () => {
    const names = Object.keys(assembly.types).join(' ');
    for (const runtimeType of ['ActivityWorker', 'Decider', 'SwfLocal', 'WorkflowHistory']) {
      expect(names).not.toMatch(new RegExp(`\\b${runtimeType}\\b`));
    }
  });

  it('depends on aws-cdk-lib and constructs, and bundles the non-jsii runtime dependencies', () => {
    expect(Object.keys(assembly.dependencies).sort()).toEqual(['aws-cdk-lib', 'constructs']);
    expect(Object.keys(assembly.bundled ?? {})).toEqual(expect.arrayContaining(['@aws-sdk/client-swf', 'commander']));
  });
});

describe('generated bindings', () => {
  it('Python: a cdk_swf module that byte-compiles and defines every construct', () => {
    const module = join(bindings, 'python', 'src', 'cdk_swf', '__init__.py');
    run('python3', ['-m', 'py_compile', module], project);
    const source = readFileSync(module, 'utf8');
    for (const name of CONSTRUCT_API) expect(source).toMatch(new RegExp(`^class ${name}\\b`, 'm'));
    expect(readFileSync(join(bindings, 'python', 'setup.py'), 'utf8')).toMatch(/aws-cdk-lib>=2\.276\.0/);
  });

  it("Python: the README's construct example uses only names, parameters and members the bindings have", () => {
    const module = join(bindings, 'python', 'src', 'cdk_swf', '__init__.py');
    const out = run('python3', [join(__dirname, 'check-python-example.py'), join(ROOT, 'README.md'), module], project);
    expect(out).toMatch(/0 problem\(s\)/);
  });

  it('Java: a class per construct in the configured package, and a Maven project that depends on aws-cdk-lib', () => {
    const sources = join(bindings, 'java', 'src', 'main', 'java', 'io', 'github', 'cdkswf');
    expect(existsSync(sources)).toBe(true);
    const files = readdirSync(sources);
    for (const name of CONSTRUCT_API) expect(files).toContain(`${name}.java`);
    expect(readFileSync(join(sources, 'Domain.java'), 'utf8')).toMatch(/public class Domain extends io\.github\.cdkswf\.DomainBase/);
    expect(readFileSync(join(bindings, 'java', 'pom.xml'), 'utf8')).toMatch(/<artifactId>aws-cdk-lib<\/artifactId>/);
  });
});
