import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CfnTemplate } from './template';

/** One CloudFormation stack of a synthesized cloud assembly (`cdk.out`). */
export interface StackArtifact {
  /** The artifact id in manifest.json, e.g. `OrderProcessing` or `ProdS20B37376D`. */
  readonly artifactId: string;
  /** The CloudFormation stack name, e.g. `Prod-Orders`. */
  readonly stackName: string;
  /** The construct path CDK shows, e.g. `Prod/Orders`. */
  readonly displayName: string;
  /** Account and region the stack is bound to; undefined when the stack is environment-agnostic. */
  readonly account?: string;
  readonly region?: string;
  readonly templateFile: string;
  readonly template: CfnTemplate;
  /** Artifact ids of the stacks this one depends on (same assembly). */
  readonly dependencies: string[];
}

interface ManifestArtifact {
  readonly type: string;
  readonly environment?: string;
  readonly properties?: { templateFile?: string; stackName?: string; directoryName?: string };
  readonly dependencies?: string[];
  readonly displayName?: string;
}

const STACK_ARTIFACT = 'aws:cloudformation:stack';
const NESTED_ASSEMBLY = 'cdk:cloud-assembly';

/**
 * Reads every stack of a cloud assembly directory, nested assemblies (CDK Stages) included, in an order where a
 * stack comes after the stacks it depends on.
 */
export function readCloudAssembly(directory: string): StackArtifact[] {
  const manifestFile = path.join(directory, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    const what = fs.existsSync(directory) ? `${directory} has no manifest.json` : `${directory} does not exist`;
    throw new Error(`${what}: point --app at a synthesized cloud assembly (run \`npx cdk synth\` first)`);
  }
  const stacks = readManifest(directory, manifestFile);
  return orderByDependencies(stacks);
}

function readManifest(directory: string, manifestFile: string): StackArtifact[] {
  let manifest: { artifacts?: Record<string, ManifestArtifact> };
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${manifestFile}: ${(err as Error).message}; re-run \`npx cdk synth\``);
  }
  const stacks: StackArtifact[] = [];
  for (const [artifactId, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === NESTED_ASSEMBLY && artifact.properties?.directoryName) {
      const nested = path.join(directory, artifact.properties.directoryName);
      stacks.push(...readManifest(nested, path.join(nested, 'manifest.json')));
    } else if (artifact.type === STACK_ARTIFACT) {
      stacks.push(readStack(directory, artifactId, artifact));
    }
  }
  return stacks;
}

function readStack(directory: string, artifactId: string, artifact: ManifestArtifact): StackArtifact {
  const templateFile = path.join(directory, artifact.properties?.templateFile ?? `${artifactId}.template.json`);
  let template: CfnTemplate;
  try {
    template = JSON.parse(fs.readFileSync(templateFile, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the template of stack ${artifactId} (${templateFile}): ${(err as Error).message}`);
  }
  const { account, region } = parseEnvironment(artifact.environment);
  return {
    artifactId,
    stackName: artifact.properties?.stackName ?? artifactId,
    displayName: artifact.displayName ?? artifactId,
    account,
    region,
    templateFile,
    template,
    dependencies: artifact.dependencies ?? [],
  };
}

/** `aws://123456789012/eu-west-1`; `unknown-account` / `unknown-region` mean environment-agnostic. */
function parseEnvironment(environment: string | undefined): { account?: string; region?: string } {
  const match = /^aws:\/\/([^/]+)\/([^/]+)$/.exec(environment ?? '');
  if (!match) return {};
  return {
    account: match[1] === 'unknown-account' ? undefined : match[1],
    region: match[2] === 'unknown-region' ? undefined : match[2],
  };
}

function orderByDependencies(stacks: StackArtifact[]): StackArtifact[] {
  const byId = new Map(stacks.map((stack) => [stack.artifactId, stack]));
  const ordered: StackArtifact[] = [];
  const visited = new Set<string>();
  const visit = (stack: StackArtifact) => {
    if (visited.has(stack.artifactId)) return;
    visited.add(stack.artifactId);
    for (const dependency of stack.dependencies) {
      const other = byId.get(dependency);
      if (other) visit(other);
    }
    ordered.push(stack);
  };
  stacks.forEach(visit);
  return ordered;
}

/**
 * The stacks a `--stack` selector names: the artifact id, the stack name or the display path (`Stage/Stack`);
 * `*` wildcards allowed. Without a selector, every stack.
 */
export function selectStacks(stacks: StackArtifact[], selector: string | undefined): StackArtifact[] {
  if (!selector) return stacks;
  const pattern = new RegExp('^' + selector.split('*').map(escapeRegExp).join('.*') + '$');
  const selected = stacks.filter((s) => [s.artifactId, s.stackName, s.displayName].some((name) => pattern.test(name)));
  if (selected.length === 0) {
    const names = stacks.map((s) => s.displayName).join(', ') || '(none)';
    throw new Error(`no stack matches --stack ${selector}; the assembly has: ${names}`);
  }
  return selected;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
