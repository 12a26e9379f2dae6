import { Duration, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { fail, SWF_LIMITS } from './swf-rules';
import { SwfTimeout } from './swf-timeout';

/** Renders a Duration as SWF's string of whole seconds, validating it unless it is a token. */
export function renderSeconds(scope: IConstruct, property: string, duration: Duration, maxSeconds: number): string {
  if (duration.isUnresolved()) {
    return Tokenization.stringifyNumber(duration.toSeconds());
  }
  const seconds = duration.toSeconds({ integral: false });
  if (!Number.isInteger(seconds)) {
    fail(scope, property, duration.toHumanString(), 'SWF timeouts are whole seconds; round it to a whole number of seconds');
  }
  if (seconds > maxSeconds) {
    fail(scope, property, duration.toHumanString(), `must be at most ${maxSeconds} seconds`);
  }
  return String(seconds);
}

/** Renders an optional SwfTimeout as the string the handler expects (`"NONE"` or seconds). */
export function renderTimeout(scope: IConstruct, property: string, timeout: SwfTimeout | undefined): string | undefined {
  if (timeout === undefined) return undefined;
  if (timeout.duration === undefined) return 'NONE';
  return renderSeconds(scope, property, timeout.duration, SWF_LIMITS.timeoutSecondsMax);
}
