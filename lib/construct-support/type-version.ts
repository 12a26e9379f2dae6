import { createHash } from 'node:crypto';
import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * A type's defaults and description are fixed once SWF registers it, so a type whose version is not given gets
 * one derived from them: changing any of them yields a new version (a replacement) instead of an update SWF
 * cannot perform. Tokens are hashed in their resolved CloudFormation form, which is stable across synths.
 */
export function deriveTypeVersion(scope: IConstruct, configuration: Record<string, string | undefined>): string {
  const resolved: unknown = Stack.of(scope).resolve(configuration);
  const digest = createHash('sha256').update(canonicalJson(resolved)).digest('hex');
  return `v${digest.slice(0, 12)}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
