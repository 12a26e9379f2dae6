import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { SwfTimeout } from './swf-timeout';

/**
 * Synth-time warnings for default timeouts SWF accepts but that cannot work as meant (one timeout can never fire
 * because another always fires first, or nothing ever times out a lost task). Tokens are not judged.
 */

/** A timeout prop by name: `undefined` when unset, else its value (SwfTimeout.NONE = no timeout). */
export interface NamedTimeout {
  readonly property: string;
  readonly value: SwfTimeout | undefined;
}

/** Warns when `inner` is longer than `outer` (both set, both finite): `inner` can then never fire. */
export function warnIfLonger(scope: IConstruct, inner: NamedTimeout, outer: NamedTimeout, consequence: string): void {
  const innerSeconds = seconds(inner.value);
  const outerSeconds = seconds(outer.value);
  if (innerSeconds === undefined || outerSeconds === undefined || innerSeconds <= outerSeconds) return;
  Annotations.of(scope).addWarningV2(
    `@cdk-swf/timeouts:${inner.property}Above${capitalize(outer.property)}`,
    `${inner.property} (${innerSeconds} s) is longer than ${outer.property} (${outerSeconds} s): ${consequence}; make ${inner.property} shorter than ${outer.property}`,
  );
}

/** Warns when every one of `timeouts` is explicitly NONE: then nothing ever times out the task. */
export function warnIfAllNone(scope: IConstruct, timeouts: readonly NamedTimeout[], consequence: string, fix: string): void {
  if (!timeouts.every((timeout) => timeout.value?.isNone === true)) return;
  Annotations.of(scope).addWarningV2(
    `@cdk-swf/timeouts:no${timeouts.map((t) => capitalize(t.property)).join('Or')}`,
    `${timeouts.map((t) => t.property).join(', ')} ${timeouts.length === 1 ? 'is' : 'are all'} NONE: ${consequence}; ${fix}`,
  );
}

/** Whole seconds of a finite, resolved timeout; undefined for unset, NONE or a token. */
function seconds(timeout: SwfTimeout | undefined): number | undefined {
  const duration = timeout?.timeout;
  if (duration === undefined || duration.isUnresolved()) return undefined;
  return duration.toSeconds({ integral: false });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
