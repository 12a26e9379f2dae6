import { Duration, Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { isRetentionDays, NONE } from '../common/swf-constraints';
import { fail, SWF_LIMITS } from '../construct-support/swf-rules';

/**
 * How long SWF keeps the history of a closed workflow execution (`workflowExecutionRetentionPeriodInDays`).
 * Fixed when the domain is registered.
 */
export class DomainRetention {
  /** Keep no history: SWF deletes the record and history as soon as an execution closes. */
  public static readonly NONE = new DomainRetention(undefined, 'NONE');

  /** Keep histories for this many whole days (0-90; 0 keeps none). */
  public static days(days: number): DomainRetention {
    return new DomainRetention(days, `${days} days`);
  }

  /** Keep histories for this duration, which must be a whole number of days (at most 90). */
  public static duration(duration: Duration): DomainRetention {
    if (duration.isUnresolved()) return new DomainRetention(duration.toDays(), duration.toString());
    return new DomainRetention(duration.toDays({ integral: false }), duration.toHumanString());
  }

  private constructor(
    /** The retention in days, or undefined for NONE. */
    public readonly days: number | undefined,
    private readonly description: string,
  ) {}

  /** @internal the DurationInDays string SWF expects, validated against SWF's rules */
  public _render(scope: IConstruct): string {
    if (this.days === undefined) return NONE;
    if (Token.isUnresolved(this.days)) return Tokenization.stringifyNumber(this.days);
    if (!isRetentionDays(this.days)) {
      fail(scope, 'retention', this.description, `must be a whole number of days from 0 to ${SWF_LIMITS.retentionDaysMax}, or DomainRetention.NONE`);
    }
    return String(this.days);
  }
}
