import type { StackEnvironment } from './environment';
import type { ResourceLookup, ResourceValue } from './intrinsics';
import { placeholderValue } from './placeholders';
import { isSwfResourceType } from './template';

export interface ResourceValuesOptions {
  /** Values of non-SWF resources as CloudFormation deployed them. @default - none */
  readonly deployed?: ReadonlyMap<string, ResourceValue>;
  /** Give non-SWF resources that have no deployed value a placeholder (see ./placeholders). @default - none: an error */
  readonly placeholders?: StackEnvironment;
}

/** Values Ref / GetAtt see while planning or applying: filled in resource by resource, in dependency order. */
export class ResourceValues implements ResourceLookup {
  private readonly values = new Map<string, ResourceValue>();
  private readonly failures = new Map<string, string>();
  /** Non-SWF resources that were given a placeholder, in the order they were first asked for. */
  readonly placeholdersUsed = new Map<string, ResourceValue>();

  constructor(
    private readonly typeOf: (logicalId: string) => string | undefined,
    private readonly options: ResourceValuesOptions = {},
  ) {}

  set(logicalId: string, value: ResourceValue): void {
    this.values.set(logicalId, value);
  }

  fail(logicalId: string, why: string): void {
    this.failures.set(logicalId, why);
  }

  valueOf(logicalId: string): ResourceValue | undefined {
    const own = this.values.get(logicalId);
    if (own) return own;
    const type = this.typeOf(logicalId);
    if (!type || isSwfResourceType(type)) return undefined;
    const deployed = this.options.deployed?.get(logicalId);
    if (deployed) return deployed;
    if (!this.options.placeholders) return undefined;
    const placeholder = this.placeholdersUsed.get(logicalId) ?? placeholderValue(this.options.placeholders, logicalId, type);
    this.placeholdersUsed.set(logicalId, placeholder);
    return placeholder;
  }

  whyUnresolvable(logicalId: string): string {
    const type = this.typeOf(logicalId);
    if (type && !isSwfResourceType(type)) {
      return `it is an ${type}, which only cdk deploy creates: deploy the stack with cdk deploy (apply to swf-local uses a placeholder)`;
    }
    return this.failures.get(logicalId) ?? 'it has not been deployed';
  }
}
