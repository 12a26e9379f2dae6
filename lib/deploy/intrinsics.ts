import type { StackEnvironment } from './environment';
import type { CfnParameter, CfnTemplate } from './template';

/** What `Ref` and `Fn::GetAtt` give for a resource that is deployed (or predicted to be). */
export interface ResourceValue {
  readonly physicalId: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Answers Ref / GetAtt for the template's resources; undefined when the resource cannot be resolved offline. */
export interface ResourceLookup {
  valueOf(logicalId: string): ResourceValue | undefined;
  /** Why a resource has no value, e.g. "it is an AWS::IAM::Role, which cdk-swf does not deploy". */
  whyUnresolvable(logicalId: string): string;
}

/**
 * Values other stacks of the app export (Outputs with an Export name), for Fn::ImportValue; and their outputs, under
 * `stackOutputKey(stack, output)`, for Fn::GetStackOutput (CDK's weak cross-stack references).
 */
export type ExportLookup = (exportName: string) => unknown | undefined;

/** The key of a stack's output among the exports: no export name can contain a NUL character. */
export function stackOutputKey(stackName: string, outputName: string): string {
  return `\0output\0${stackName}\0${outputName}`;
}

/**
 * A parameter's value when the template alone does not give it (the value the stack was deployed with, or a
 * placeholder); undefined to fall back to the Default.
 */
export type ParameterLookup = (name: string, parameter: CfnParameter) => unknown | undefined;

/** A property that cannot be resolved without CloudFormation: names the template path and what to do. */
export class ResolutionError extends Error {}

/** `{ "Ref": "AWS::NoValue" }` removes the property (or list element) that holds it. */
const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Resolves CloudFormation intrinsic functions offline: Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split,
 * Fn::If (with Conditions), Fn::FindInMap, Fn::Base64, Fn::Length, Fn::ToJsonString and the pseudo parameters.
 */
export class IntrinsicResolver {
  private readonly conditionCache = new Map<string, boolean>();

  constructor(
    private readonly template: CfnTemplate,
    private readonly env: StackEnvironment,
    private readonly resources: ResourceLookup,
    private readonly imports: ExportLookup = () => undefined,
    private readonly parameters: ParameterLookup = () => undefined,
  ) {}

  /**
   * The values this stack exports (Outputs with an Export name), as far as they resolve: an export that does not
   * resolve now only matters to a stack that imports it, which then reports it as missing.
   */
  exports(): Map<string, unknown> {
    const exported = new Map<string, unknown>();
    for (const [name, output] of Object.entries(this.template.Outputs ?? {})) {
      try {
        if (output.Condition && !this.condition(output.Condition, `Outputs.${name}.Condition`)) continue;
        const value = this.resolve(output.Value, `Outputs.${name}.Value`);
        exported.set(stackOutputKey(this.env.stackName, name), value);
        if (!output.Export) continue;
        const exportName = this.scalar(this.resolveValue(output.Export.Name, `Outputs.${name}.Export.Name`), `Outputs.${name}.Export.Name`);
        exported.set(exportName, value);
      } catch (err) {
        if (!(err instanceof ResolutionError)) throw err;
      }
    }
    return exported;
  }

  /** Resolves a property value; `where` (e.g. `Resources.MyType.Properties.Domain`) goes into error messages. */
  resolve(value: unknown, where: string): unknown {
    const resolved = this.resolveValue(value, where);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  /** Evaluates a named condition of the template's Conditions section. */
  condition(name: string, where = `Conditions.${name}`): boolean {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) throw new ResolutionError(`${where}: condition ${name} is not defined in the template`);
    const result = this.evaluateCondition(definition, `Conditions.${name}`);
    this.conditionCache.set(name, result);
    return result;
  }

  private resolveValue(value: unknown, where: string): unknown {
    if (Array.isArray(value)) {
      return value.map((item, i) => this.resolveValue(item, `${where}[${i}]`)).filter((item) => item !== NO_VALUE);
    }
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [key, argument] = entries[0];
      if (key === 'Ref') return this.ref(argument, where);
      if (key.startsWith('Fn::')) return this.callFunction(key, argument, `${where}.${key}`);
    }
    const result: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const resolved = this.resolveValue(item, `${where}.${key}`);
      if (resolved !== NO_VALUE) result[key] = resolved;
    }
    return result;
  }

  private callFunction(name: string, argument: unknown, where: string): unknown {
    switch (name) {
      case 'Fn::GetAtt':
        return this.getAtt(argument, where);
      case 'Fn::Join': {
        const [delimiter, list] = this.arguments(argument, 2, where);
        const items = this.resolveValue(list, where);
        if (typeof delimiter !== 'string' || !Array.isArray(items)) {
          throw new ResolutionError(`${where}: expected [delimiter, [values...]]`);
        }
        return items.map((item, i) => this.scalar(item, `${where}[1][${i}]`)).join(delimiter);
      }
      case 'Fn::Select': {
        const [index, list] = this.arguments(argument, 2, where);
        const position = Number(this.resolveValue(index, where));
        const items = this.resolveValue(list, where);
        if (!Array.isArray(items) || !Number.isInteger(position) || position < 0 || position >= items.length) {
          throw new ResolutionError(`${where}: index ${String(index)} is not inside the list`);
        }
        return items[position];
      }
      case 'Fn::Split': {
        const [delimiter, text] = this.arguments(argument, 2, where);
        return this.scalar(this.resolveValue(text, where), where).split(String(delimiter));
      }
      case 'Fn::Sub':
        return this.sub(argument, where);
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = this.arguments(argument, 3, where);
        return this.resolveValue(this.condition(String(condition), where) ? whenTrue : whenFalse, where);
      }
      case 'Fn::FindInMap': {
        const [map, topKey, secondKey] = this.arguments(argument, 3, where).map((part) => this.scalar(this.resolveValue(part, where), where));
        const found = this.template.Mappings?.[map]?.[topKey]?.[secondKey];
        if (found === undefined) throw new ResolutionError(`${where}: mapping ${map}.${topKey}.${secondKey} does not exist`);
        return found;
      }
      case 'Fn::Base64':
        return Buffer.from(this.scalar(this.resolveValue(argument, where), where)).toString('base64');
      case 'Fn::Length': {
        const items = this.resolveValue(argument, where);
        if (!Array.isArray(items)) throw new ResolutionError(`${where}: expected a list`);
        return items.length;
      }
      case 'Fn::ToJsonString':
        return JSON.stringify(this.resolveValue(argument, where));
      case 'Fn::ImportValue': {
        const exportName = this.scalar(this.resolveValue(argument, where), where);
        const imported = this.imports(exportName);
        if (imported === undefined) {
          throw new ResolutionError(
            `${where}: no stack of this app exports ${exportName} yet: plan/apply the exporting stack too (or first), or pass the value directly (e.g. Domain.fromDomainName)`,
          );
        }
        return imported;
      }
      case 'Fn::GetStackOutput':
        return this.stackOutput(argument, where);
      default:
        throw new ResolutionError(`${where}: ${name} is not supported by cdk-swf plan/apply`);
    }
  }

  /** `{ StackName, OutputName, Region?, RoleArn? }`: an output of another stack of this account and region. */
  private stackOutput(argument: unknown, where: string): unknown {
    if (argument === null || typeof argument !== 'object' || Array.isArray(argument)) throw new ResolutionError(`${where}: Fn::GetStackOutput needs StackName and OutputName`);
    const { StackName, OutputName, Region } = argument as Record<string, unknown>;
    const stackName = this.scalar(this.resolveValue(StackName, `${where}.StackName`), `${where}.StackName`);
    const outputName = this.scalar(this.resolveValue(OutputName, `${where}.OutputName`), `${where}.OutputName`);
    if (Region !== undefined) {
      const region = this.scalar(this.resolveValue(Region, `${where}.Region`), `${where}.Region`);
      if (region !== this.env.region) throw new ResolutionError(`${where}: reads output ${outputName} of stack ${stackName} in region ${region}: cdk-swf plan/apply reads outputs of the stack's own region (${this.env.region}) only`);
    }
    const value = this.imports(stackOutputKey(stackName, outputName));
    if (value === undefined) {
      throw new ResolutionError(
        `${where}: stack ${stackName} has no output ${outputName} yet: plan/apply stack ${stackName} too (or first), or pass the value directly (e.g. Domain.fromDomainName)`,
      );
    }
    return value;
  }

  private ref(argument: unknown, where: string): unknown {
    if (typeof argument !== 'string') throw new ResolutionError(`${where}: Ref needs a name`);
    switch (argument) {
      case 'AWS::Region':
        return this.env.region;
      case 'AWS::AccountId':
        return this.env.account();
      case 'AWS::Partition':
        return this.env.partition;
      case 'AWS::URLSuffix':
        return this.env.urlSuffix;
      case 'AWS::StackName':
        return this.env.stackName;
      case 'AWS::StackId':
        return this.env.stackId;
      case 'AWS::NotificationARNs':
        return [];
      case 'AWS::NoValue':
        return NO_VALUE;
    }
    const parameter = this.template.Parameters?.[argument];
    if (parameter) {
      const supplied = this.parameters(argument, parameter);
      if (supplied !== undefined) return supplied;
      if (parameter.Default === undefined || parameter.Type.startsWith('AWS::SSM::Parameter')) {
        throw new ResolutionError(`${where}: parameter ${argument} has no value offline (it has no Default, or it is read from SSM)`);
      }
      return parameter.Default;
    }
    return this.resourceValue(argument, where).physicalId;
  }

  private getAtt(argument: unknown, where: string): unknown {
    const [logicalId, attribute] =
      typeof argument === 'string' ? splitOnce(argument, '.') : Array.isArray(argument) ? argument.map(String) : [];
    if (!logicalId || !attribute) throw new ResolutionError(`${where}: expected [logicalId, attribute]`);
    const data = this.resourceValue(logicalId, where).data;
    if (!(attribute in data)) {
      const known = Object.keys(data).join(', ') || 'none';
      throw new ResolutionError(`${where}: ${logicalId} has no attribute ${attribute} (its attributes: ${known})`);
    }
    return data[attribute];
  }

  private resourceValue(logicalId: string, where: string): ResourceValue {
    if (!this.template.Resources?.[logicalId]) {
      throw new ResolutionError(`${where}: ${logicalId} is neither a resource nor a parameter of this template`);
    }
    const value = this.resources.valueOf(logicalId);
    if (!value) throw new ResolutionError(`${where}: cannot resolve ${logicalId}: ${this.resources.whyUnresolvable(logicalId)}`);
    return value;
  }

  private sub(argument: unknown, where: string): string {
    const [text, variables] = typeof argument === 'string' ? [argument, {}] : this.arguments(argument, 2, where);
    if (typeof text !== 'string' || variables === null || typeof variables !== 'object') {
      throw new ResolutionError(`${where}: expected a string or [string, {variables}]`);
    }
    const own = variables as Record<string, unknown>;
    return text.replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
      if (name.startsWith('!')) return '${' + name.slice(1) + '}';
      if (name in own) return this.scalar(this.resolveValue(own[name], where), where);
      const [logicalId, attribute] = splitOnce(name, '.');
      const value = attribute ? this.getAtt([logicalId, attribute], where) : this.ref(name, where);
      return this.scalar(value, where);
    });
  }

  private evaluateCondition(definition: unknown, where: string): boolean {
    if (typeof definition === 'boolean') return definition;
    if (definition === null || typeof definition !== 'object') throw new ResolutionError(`${where}: not a condition`);
    const [[name, argument]] = Object.entries(definition as Record<string, unknown>);
    const list = Array.isArray(argument) ? argument : [argument];
    switch (name) {
      case 'Condition':
        return this.condition(String(argument), where);
      case 'Fn::Equals': {
        const [a, b] = list.map((item) => JSON.stringify(this.resolveValue(item, where)));
        return a === b;
      }
      case 'Fn::Not':
        return !this.evaluateCondition(list[0], where);
      case 'Fn::And':
        return list.every((item) => this.evaluateCondition(item, where));
      case 'Fn::Or':
        return list.some((item) => this.evaluateCondition(item, where));
      default:
        throw new ResolutionError(`${where}: ${name} is not a condition function`);
    }
  }

  private arguments(argument: unknown, count: number, where: string): unknown[] {
    if (!Array.isArray(argument) || argument.length !== count) {
      throw new ResolutionError(`${where}: expected a list of ${count} arguments`);
    }
    return argument;
  }

  private scalar(value: unknown, where: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new ResolutionError(`${where}: expected a string, got ${JSON.stringify(value)}`);
  }
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

/** CloudFormation hands custom resources every scalar property as a string; do the same. */
export function asCloudFormationSends(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asCloudFormationSends);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asCloudFormationSends(item)]));
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value;
}
