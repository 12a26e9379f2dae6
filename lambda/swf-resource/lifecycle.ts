import { DomainArnScope, formatDomainArn } from '../../lib/common/swf-resources';
import { compareSettings, compareTags, Difference, formatChanges, formatDifferences, hasTagChanges, settingsOf, TagChanges } from './compare';
import { ConfigurationConflictError, HandlerError, ImmutableChangeError } from './errors';
import { Identity, identityOf, parsePhysicalId, physicalIdOf } from './physical-id';
import { Observed, RegistrationStatus, SwfApi, SwfCallError, TypeIdentity } from './swf-api';
import { describeResource, DomainSpec, ResourceKind, ResourceSpec, TypeSpec } from './spec';

/**
 * What Create, Update and Delete do to SWF. SWF resources cannot be deleted or changed, only registered, deprecated and
 * undeprecated (domains can also be re-tagged), so:
 * - Create registers; if the resource already exists it is adopted when its configuration is ours (undeprecating it
 *   when deprecated), and the Create fails, changing nothing, when it is not.
 * - Update with a new identity is a Create (CloudFormation then deletes the old resource); with the same identity
 *   only domain tags can change.
 * - Delete deprecates.
 */

export interface ResourceResult {
  readonly PhysicalResourceId: string;
  readonly Data: Record<string, string>;
}

/** Where SWF builds domain ARNs. */
export type ArnScope = DomainArnScope;

export interface LifecycleEnv {
  readonly api: SwfApi;
  readonly log: (line: string) => void;
  /** Lets a domain's ARN be known without asking SWF. @default - DescribeDomain is asked */
  readonly arnScope?: ArnScope;
  /** How long to wait for SWF's eventually consistent reads to catch up with a write. */
  readonly consistencyWindowMs: number;
  readonly now: () => number;
}

export async function createResource(spec: ResourceSpec, env: LifecycleEnv): Promise<ResourceResult> {
  return spec.kind === 'domain' ? createDomain(spec, env) : createType(spec, env);
}

/**
 * `previous` is undefined when the old properties could not be read: then SWF itself is compared with what we want.
 */
export async function updateResource(
  spec: ResourceSpec,
  previous: ResourceSpec | undefined,
  physicalId: string | undefined,
  env: LifecycleEnv,
): Promise<ResourceResult> {
  const identity = identityOf(spec);
  if (physicalIdOf(identity) !== physicalId) {
    env.log(`identity changed from ${JSON.stringify(physicalId)} to ${JSON.stringify(physicalIdOf(identity))}: creating the new resource (CloudFormation then deletes the old one)`);
    return createResource(spec, env);
  }
  const changes = previous ? compareSettings(spec.kind, settingsOf(spec), settingsOf(previous)) : undefined;
  if (!changes || changes.length > 0) return reconcileImmutable(spec, changes, env);
  if (spec.kind !== 'domain') {
    env.log(`no change to ${describeResource(spec)}`);
    return typeResult(spec);
  }
  const tagChanges = compareTags(spec.tags, previous?.kind === 'domain' ? previous.tags : spec.tags);
  const arn = await domainArn(spec.name, env);
  if (hasTagChanges(tagChanges)) await applyTagChanges(arn, tagChanges, env);
  else env.log(`no change to ${describeResource(spec)}`);
  return domainResult(spec, arn);
}

export async function deleteResource(kind: ResourceKind, physicalId: string | undefined, env: LifecycleEnv): Promise<void> {
  const identity = parsePhysicalId(kind, physicalId);
  if (!identity) {
    env.log(`physical id ${JSON.stringify(physicalId)} was not issued by this handler: nothing was created, nothing to delete`);
    return;
  }
  const done = identity.kind === 'domain' ? await deprecateDomain(identity.name, env) : await deprecateType(identity, env);
  if (!done) return;
  // DeprecateDomain and Deprecate*Type are eventually consistent: wait until reads agree, so that a Create of the
  // same resource right after this Delete (stack re-create, replacement back) sees DEPRECATED and undeprecates it.
  const settled = await waitUntil(() => describe(identity, env), (observed) => observed?.status !== 'REGISTERED', env);
  if (!settled) env.log(`warning: ${describeResource(identity)} is deprecated but SWF still reads it as REGISTERED`);
}

// ---- domains ----

async function createDomain(spec: DomainSpec, env: LifecycleEnv): Promise<ResourceResult> {
  let registered = true;
  try {
    await env.api.registerDomain(spec);
  } catch (error) {
    if (!isFault(error, 'DomainAlreadyExistsFault')) throw error;
    registered = false;
  }
  if (registered) return domainResult(spec, await domainArn(spec.name, env));
  const observed = await waitForExisting({ kind: 'domain', name: spec.name }, env);
  return adopt(spec, observed, env);
}

/** Undefined when the domain was already deprecated or unknown (nothing done). */
async function deprecateDomain(name: string, env: LifecycleEnv): Promise<true | undefined> {
  try {
    await env.api.deprecateDomain(name);
    return true;
  } catch (error) {
    if (isFault(error, 'DomainDeprecatedFault', 'UnknownResourceFault')) {
      env.log(`domain ${JSON.stringify(name)} is already deprecated or unknown: nothing to do`);
      return undefined;
    }
    throw error;
  }
}

async function domainArn(name: string, env: LifecycleEnv): Promise<string> {
  if (env.arnScope) return formatDomainArn(env.arnScope, name);
  const observed = (await waitUntil(() => env.api.describeDomain(name), (o) => o !== undefined, env))?.value;
  if (!observed?.arn) throw new HandlerError(`SWF did not return the ARN of domain '${name}': retry the deployment`);
  return observed.arn;
}

async function syncDomainTags(spec: DomainSpec, arn: string, env: LifecycleEnv): Promise<void> {
  const changes = compareTags(spec.tags, await env.api.listTags(arn));
  if (hasTagChanges(changes)) {
    env.log(`domain ${JSON.stringify(spec.name)} has other tags than ours: updating them in place`);
    await applyTagChanges(arn, changes, env);
  }
}

async function applyTagChanges(arn: string, changes: TagChanges, env: LifecycleEnv): Promise<void> {
  if (changes.removed.length) await env.api.untag(arn, changes.removed.map((tag) => tag.key));
  const toSet = [...changes.added.map((t) => [t.key, t.value]), ...changes.changed.map((t) => [t.key, t.ours])];
  if (toSet.length) await env.api.tag(arn, Object.fromEntries(toSet));
}

function domainResult(spec: DomainSpec, arn: string): ResourceResult {
  return { PhysicalResourceId: physicalIdOf(identityOf(spec)), Data: { Name: spec.name, Arn: arn } };
}

// ---- types ----

async function createType(spec: TypeSpec, env: LifecycleEnv): Promise<ResourceResult> {
  const started = env.now();
  for (let attempt = 0; ; attempt++) {
    try {
      await env.api.registerType(spec);
      return typeResult(spec);
    } catch (error) {
      if (isFault(error, 'TypeAlreadyExistsFault')) break;
      if (!isFault(error, 'UnknownResourceFault', 'DomainDeprecatedFault')) throw error;
    }
    // SWF answers UnknownResource for a missing or deprecated domain; a domain registered a moment ago may also not be
    // visible yet (eventual consistency), which only waiting tells apart.
    const domain = await env.api.describeDomain(spec.domain);
    if (domain?.status === 'DEPRECATED') throw domainNotUsable(spec, 'is deprecated');
    if (env.now() - started >= env.consistencyWindowMs || !(await env.api.pause(attempt))) {
      throw domainNotUsable(spec, domain ? 'is not accepting types' : 'does not exist');
    }
  }
  const observed = await waitForExisting(identityOf(spec), env);
  return adopt(spec, observed, env);
}

function domainNotUsable(spec: TypeSpec, problem: string): HandlerError {
  return new HandlerError(
    `cannot register ${describeResource(spec)}: the domain ${problem} in SWF; create the Domain in the same stack (make the type depend on it) or fix the Domain property`,
  );
}

/** Undefined when the type (or its domain) was already deprecated or unknown (nothing done). */
async function deprecateType(identity: TypeIdentity, env: LifecycleEnv): Promise<true | undefined> {
  try {
    await env.api.deprecateType(identity);
    return true;
  } catch (error) {
    if (isFault(error, 'TypeDeprecatedFault', 'UnknownResourceFault', 'DomainDeprecatedFault')) {
      env.log(`${describeResource(identity)} (or its domain) is already deprecated or unknown: nothing to do`);
      return undefined;
    }
    throw error;
  }
}

function typeResult(spec: TypeSpec): ResourceResult {
  return {
    PhysicalResourceId: physicalIdOf(identityOf(spec)),
    Data: { Domain: spec.domain, Name: spec.name, Version: spec.version },
  };
}

// ---- shared ----

/**
 * The resource exists: take it over if its settings are ours (undeprecating it if needed, re-tagging a domain),
 * otherwise fail without changing anything.
 */
async function adopt(spec: ResourceSpec, observed: Observed, env: LifecycleEnv): Promise<ResourceResult> {
  const differences = compareSettings(spec.kind, settingsOf(spec), observed.settings);
  if (differences.length) throw conflict(spec, observed.status, differences);
  const identity = identityOf(spec);
  if (observed.status === 'DEPRECATED') {
    await undeprecate(identity, env);
    const settled = await waitUntil(() => describe(identity, env), (o) => o?.status === 'REGISTERED', env);
    if (!settled) throw new HandlerError(`${describeResource(spec)} was undeprecated but SWF does not read it as REGISTERED yet: retry the deployment`);
  } else {
    env.log(`${describeResource(spec)} already exists with our configuration: adopting it`);
  }
  if (spec.kind !== 'domain') return typeResult(spec);
  const arn = observed.arn ?? (await domainArn(spec.name, env));
  await syncDomainTags(spec, arn, env);
  return domainResult(spec, arn);
}

/**
 * An Update that changes settings SWF cannot change. It fails, changing nothing, unless SWF already holds exactly what
 * we want: that is the rollback Update CloudFormation sends after such a change was refused (old and new properties
 * swapped), and it must succeed or the stack is stuck in UPDATE_ROLLBACK_FAILED. Telling the two apart takes one read.
 */
async function reconcileImmutable(spec: ResourceSpec, changes: Difference[] | undefined, env: LifecycleEnv): Promise<ResourceResult> {
  const observed = await describe(identityOf(spec), env);
  if (observed && compareSettings(spec.kind, settingsOf(spec), observed.settings).length === 0) {
    return adopt(spec, observed, env);
  }
  if (!changes) {
    // The previous properties were unreadable: fall back to the Create rules.
    return observed ? adopt(spec, observed, env) : createResource(spec, env);
  }
  const fix =
    spec.kind === 'domain'
      ? 'SWF fixes a domain\'s settings when it is registered, so give the Domain a new name to replace it'
      : 'SWF types are immutable, so change Version to register a new version';
  throw new ImmutableChangeError(`cannot change ${formatChanges(changes)} of ${describeResource(spec)} in place, nothing was changed: ${fix}`);
}

function conflict(spec: ResourceSpec, status: RegistrationStatus, differences: Difference[]): ConfigurationConflictError {
  const fix =
    spec.kind === 'domain'
      ? 'SWF cannot change a domain\'s settings, so give the Domain a new name (a deprecated domain keeps its name forever)'
      : 'SWF types are immutable, so register a new version (change Version)';
  return new ConfigurationConflictError(
    `${describeResource(spec)} already exists in SWF (${status.toLowerCase()}) with a different configuration: ` +
      `${formatDifferences(differences, "SWF's")}; nothing was changed: ${fix}`,
  );
}

async function undeprecate(identity: Identity, env: LifecycleEnv): Promise<void> {
  env.log(`${describeResource(identity)} is deprecated with our configuration: undeprecating it`);
  try {
    if (identity.kind === 'domain') await env.api.undeprecateDomain(identity.name);
    else await env.api.undeprecateType(identity);
  } catch (error) {
    // Already registered again (a retried Create, or a stale read): that is what we wanted.
    if (isFault(error, 'DomainAlreadyExistsFault', 'TypeAlreadyExistsFault')) return;
    if (identity.kind !== 'domain' && isFault(error, 'UnknownResourceFault', 'DomainDeprecatedFault')) {
      throw new HandlerError(
        `cannot undeprecate ${describeResource(identity)}: its domain is deprecated or unknown in SWF; deploy the Domain in the same stack (it is undeprecated when its settings match) first`,
      );
    }
    throw error;
  }
}

function describe(identity: Identity, env: LifecycleEnv): Promise<Observed | undefined> {
  return identity.kind === 'domain' ? env.api.describeDomain(identity.name) : env.api.describeType(identity);
}

/** Register said "already exists": read it, waiting out a stale "unknown" (eventual consistency). */
async function waitForExisting(identity: Identity, env: LifecycleEnv): Promise<Observed> {
  const observed = (await waitUntil(() => describe(identity, env), (o) => o !== undefined, env))?.value;
  if (!observed) {
    throw new HandlerError(`SWF reports that ${describeResource(identity)} exists but cannot describe it yet: retry the deployment in a minute`);
  }
  return observed;
}

/** Polls with backoff until `done` or the consistency window closes: `{ value }` of the read that satisfied `done`. */
async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, env: LifecycleEnv): Promise<{ value: T } | undefined> {
  const started = env.now();
  for (let attempt = 0; ; attempt++) {
    const value = await read();
    if (done(value)) return { value };
    if (env.now() - started >= env.consistencyWindowMs || !(await env.api.pause(attempt))) return undefined;
  }
}

function isFault(error: unknown, ...codes: string[]): boolean {
  return error instanceof SwfCallError && codes.includes(error.code);
}

