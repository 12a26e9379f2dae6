import { Duration } from 'aws-cdk-lib';

/**
 * A default timeout of a workflow or activity type: a whole number of seconds, or no timeout at all.
 *
 * SWF transmits timeouts as strings of seconds, or `"NONE"` for unlimited.
 */
export class SwfTimeout {
  /** No timeout (SWF's `"NONE"`). */
  public static readonly NONE = new SwfTimeout(undefined);

  /** A timeout of the given duration. It must be a whole number of seconds. */
  public static duration(duration: Duration): SwfTimeout {
    return new SwfTimeout(duration);
  }

  /** A timeout of the given number of seconds. */
  public static seconds(seconds: number): SwfTimeout {
    return new SwfTimeout(Duration.seconds(seconds));
  }

  private constructor(
    /** The timeout, or undefined for no timeout. */
    public readonly duration: Duration | undefined,
  ) {}

  /** Whether this is the "no timeout" value. */
  public get isNone(): boolean {
    return this.duration === undefined;
  }
}
