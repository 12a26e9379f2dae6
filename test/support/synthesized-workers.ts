import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { RegisterActivityTypeCommand, RegisterDomainCommand, RegisterWorkflowTypeCommand, SWFClient } from '@aws-sdk/client-swf';
import { LOCAL_CREDENTIALS } from './swf-local';

/*
 * Reading synthesized worker stacks the way a deployment would see them, for contract tests that run the
 * containers' command lines against swf-local: template values resolved as CloudFormation would (the domain's Ref
 * is its name, exports are imported, other stacks' outputs read), the container definitions of the task definitions, and the domain and types
 * registered as the custom resources would register them.
 */

type Resource = { Type: string; Properties: Record<string, any> };
type CfnTemplate = { Resources?: Record<string, Resource>; Outputs?: Record<string, { Value: unknown; Export?: { Name: string } }> };

/** A container as ECS starts it: entry point and command as synthesized, environment resolved to strings. */
export interface SynthesizedContainer {
  readonly taskDefinitionId: string;
  readonly command?: string[];
  readonly environment: Record<string, string>;
}

/** The templates of one app (several stacks, with cross-stack references between them). */
export class SynthesizedApp {
  /**
   * @param deployed what CloudFormation would answer for references to other resources (a function's Ref, a role's
   * ARN), as pairs of the template value and its deployed value.
   */
  constructor(
    private readonly templates: CfnTemplate[],
    private readonly deployed: ReadonlyArray<readonly [unknown, string]> = [],
  ) {}

  /** A template value with Refs to SWF domains, imports of other stacks' exports and `deployed` values resolved. */
  public literal(value: unknown): string {
    if (typeof value === 'string') return value;
    const known = this.deployed.find(([reference]) => JSON.stringify(reference) === JSON.stringify(value));
    if (known) return known[1];
    const ref = (value as { Ref?: string }).Ref;
    if (ref !== undefined) {
      const resource = this.resource(ref);
      // The custom-resource handler returns the domain name as the physical id.
      if (resource?.Type === 'Custom::SwfDomain') return this.literal(resource.Properties.Name);
    }
    const imported = (value as { 'Fn::ImportValue'?: unknown })['Fn::ImportValue'];
    if (imported !== undefined) {
      const name = this.literal(imported);
      for (const template of this.templates) {
        for (const output of Object.values(template.Outputs ?? {})) {
          if (output.Export?.Name === name) return this.literal(output.Value);
        }
      }
    }
    // A weak cross-stack reference (cdk init's "@aws-cdk/core:defaultCrossStackReferences": "weak"): another stack's output.
    const stackOutput = (value as { 'Fn::GetStackOutput'?: { OutputName: unknown } })['Fn::GetStackOutput'];
    if (stackOutput !== undefined) {
      const name = this.literal(stackOutput.OutputName);
      const outputs = this.templates.flatMap((template) => Object.entries(template.Outputs ?? {}).filter(([id]) => id === name));
      if (outputs.length === 1) return this.literal(outputs[0][1].Value);
    }
    throw new Error(`unexpected template value ${JSON.stringify(value)}`);
  }

  /** The worker containers of every task definition, in template order. */
  public containers(): SynthesizedContainer[] {
    return this.resourcesOfType('AWS::ECS::TaskDefinition').map(([taskDefinitionId, definition]) => {
      const container = definition.Properties.ContainerDefinitions[0];
      return {
        taskDefinitionId,
        command: container.Command,
        environment: Object.fromEntries(
          ((container.Environment ?? []) as Array<{ Name: string; Value: unknown }>).map((e) => [e.Name, this.literal(e.Value)]),
        ),
      };
    });
  }

  /** The container of the task definition whose logical id starts with `prefix`. */
  public container(prefix: string): SynthesizedContainer {
    const found = this.containers().filter((c) => c.taskDefinitionId.startsWith(prefix));
    if (found.length !== 1) throw new Error(`${found.length} task definitions start with ${prefix}`);
    return found[0];
  }

  /** What the custom resources do on deployment: register the domains and types with their template properties. */
  public async registerSwfResources(swf: SWFClient): Promise<void> {
    const camel = (properties: Record<string, any>): Record<string, any> =>
      Object.fromEntries(Object.entries(properties).filter(([key]) => key !== 'ServiceToken' && key !== 'Tags').map(([key, value]) => [
        key[0].toLowerCase() + key.slice(1),
        key === 'DefaultTaskList' ? { name: value } : this.literal(value),
      ]));
    const ofType = (type: string) => this.resourcesOfType(type).map(([, r]) => camel(r.Properties));
    for (const { name, workflowExecutionRetentionPeriodInDays, description } of ofType('Custom::SwfDomain')) {
      await swf.send(new RegisterDomainCommand({ name, workflowExecutionRetentionPeriodInDays, description }));
    }
    for (const type of ofType('Custom::SwfWorkflowType')) await swf.send(new RegisterWorkflowTypeCommand(type as any));
    for (const type of ofType('Custom::SwfActivityType')) await swf.send(new RegisterActivityTypeCommand(type as any));
  }

  private resourcesOfType(type: string): Array<[string, Resource]> {
    return this.templates.flatMap((template) => Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === type));
  }

  private resource(logicalId: string): Resource | undefined {
    for (const template of this.templates) {
      const found = template.Resources?.[logicalId];
      if (found) return found;
    }
    return undefined;
  }
}

/** A container's process, started as ECS would start it (see `runContainerCommand`). */
export interface RunningContainer {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
}

/**
 * Runs `argv` with the container's environment, plus what the test machine needs to reach swf-local: its
 * endpoint (AWS_ENDPOINT_URL_SWF, which the AWS SDKs read), dummy credentials and a region (Fargate sets
 * AWS_REGION itself). Extra `hostEnvironment` plays the image's own ENV lines. Kill it with `stopAll`.
 */
export function runContainerCommand(options: {
  argv: string[];
  cwd: string;
  container: SynthesizedContainer;
  endpoint: string;
  hostEnvironment?: Record<string, string>;
}): RunningContainer {
  const [file, ...args] = options.argv;
  const child = spawn(file, args, {
    cwd: options.cwd,
    detached: true,
    env: {
      ...process.env,
      ...options.hostEnvironment,
      ...options.container.environment,
      AWS_ENDPOINT_URL_SWF: options.endpoint,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-east-1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, exited: once(child, 'exit').then(([code]) => code as number | null), output: () => output };
}

/** Kills what is still running of the given containers (their whole process group). */
export function stopAll(containers: RunningContainer[]): void {
  for (const { child } of containers) {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  }
}
