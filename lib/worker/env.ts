/**
 * The environment the `cdk-swf worker` entry point reads (the ECS worker construct sets these):
 * SWF_DOMAIN, SWF_TASK_LIST, SWF_WORKFLOW_VERSIONS / SWF_ACTIVITY_VERSIONS (JSON objects name -> version),
 * and the optional SWF_DRAIN_SECONDS, SWF_CONCURRENCY, SWF_IDENTITY, SWF_HEARTBEAT_SECONDS.
 */
export interface WorkerEnvironment {
  readonly domain?: string;
  readonly taskList?: string;
  readonly workflowVersions: Readonly<Record<string, string>>;
  readonly activityVersions: Readonly<Record<string, string>>;
  readonly drainSeconds?: number;
  readonly concurrency?: number;
  readonly identity?: string;
  readonly heartbeatIntervalSeconds?: number;
}

export function readWorkerEnvironment(env: NodeJS.ProcessEnv = process.env): WorkerEnvironment {
  return {
    domain: nonEmpty(env.SWF_DOMAIN),
    taskList: nonEmpty(env.SWF_TASK_LIST),
    workflowVersions: versionMap('SWF_WORKFLOW_VERSIONS', env.SWF_WORKFLOW_VERSIONS),
    activityVersions: versionMap('SWF_ACTIVITY_VERSIONS', env.SWF_ACTIVITY_VERSIONS),
    drainSeconds: number('SWF_DRAIN_SECONDS', env.SWF_DRAIN_SECONDS, { min: 0 }),
    concurrency: number('SWF_CONCURRENCY', env.SWF_CONCURRENCY, { min: 1, integer: true }),
    identity: nonEmpty(env.SWF_IDENTITY),
    heartbeatIntervalSeconds: number('SWF_HEARTBEAT_SECONDS', env.SWF_HEARTBEAT_SECONDS, { min: 1 }),
  };
}

/** The workflow versions the stack registered (SWF_WORKFLOW_VERSIONS), with fallbacks for local runs. */
export function workflowVersions(defaults: Record<string, string> = {}): Readonly<Record<string, string>> {
  return { ...defaults, ...versionMap('SWF_WORKFLOW_VERSIONS', process.env.SWF_WORKFLOW_VERSIONS) };
}

/** The activity versions the stack registered (SWF_ACTIVITY_VERSIONS), with fallbacks for local runs. */
export function activityVersions(defaults: Record<string, string> = {}): Readonly<Record<string, string>> {
  return { ...defaults, ...versionMap('SWF_ACTIVITY_VERSIONS', process.env.SWF_ACTIVITY_VERSIONS) };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

export function versionMap(variable: string, raw: string | undefined): Record<string, string> {
  if (nonEmpty(raw) === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw!);
  } catch {
    throw new Error(`${variable} must be a JSON object of name -> version, e.g. {"ProcessOrder":"1"}; got: ${raw}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${variable} must be a JSON object of name -> version, e.g. {"ProcessOrder":"1"}; got: ${raw}`);
  }
  const result: Record<string, string> = {};
  for (const [name, version] of Object.entries(parsed)) {
    if (typeof version !== 'string' || version === '') throw new Error(`${variable}: the version of "${name}" must be a non-empty string`);
    result[name] = version;
  }
  return result;
}

function number(variable: string, raw: string | undefined, rule: { min: number; integer?: boolean }): number | undefined {
  if (nonEmpty(raw) === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < rule.min || (rule.integer && !Number.isInteger(value))) {
    throw new Error(`${variable} must be ${rule.integer ? 'a whole number' : 'a number'} >= ${rule.min}; got: ${raw}`);
  }
  return value;
}
