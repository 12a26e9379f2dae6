import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

/**
 * A stand-in for CloudFormation's read operations, for tests of `cdk-swf plan` against deployed stacks and of the
 * handler's Delete (is the resource still declared by another logical id?).
 *
 * Why a stand-in: there is no local CloudFormation (nothing like swf-local exists for it), and plan only reads. This
 * server speaks CloudFormation's real wire protocol — the AWS Query protocol: a signed form-encoded POST with
 * `Action` and `Version=2010-05-15`, answered with CloudFormation's XML documents — so the real
 * `@aws-sdk/client-cloudformation` talks to it unchanged (endpoint from `AWS_ENDPOINT_URL_CLOUDFORMATION` or
 * `endpoint`). It answers DescribeStacks, GetTemplate, ListStackResources (paged) and ListExports from stacks the test
 * puts in it (templates this project synthesizes), with CloudFormation's errors: `ValidationError` "Stack with id X
 * does not exist" for an unknown stack, and `Throttling` "Rate exceeded" when told to throttle, and `AccessDenied` (403) for an action it is told to deny.
 */

export interface StandinResource {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  /** @default 'CREATE_COMPLETE' */
  readonly status?: string;
}

export interface StandinStack {
  readonly stackName: string;
  readonly template: unknown;
  readonly resources: readonly StandinResource[];
  /** @default 'CREATE_COMPLETE' */
  readonly status?: string;
  readonly parameters?: Record<string, string>;
  /** Outputs; those with an exportName are exports (ListExports). */
  readonly outputs?: ReadonlyArray<{ readonly key: string; readonly value: string; readonly exportName?: string }>;
}

export interface CloudFormationStandin {
  /** e.g. `http://127.0.0.1:4567`: give it as `AWS_ENDPOINT_URL_CLOUDFORMATION` or the client's `endpoint`. */
  readonly endpoint: string;
  /** Deploys (or redeploys) a stack, as `cdk deploy` would leave it. */
  putStack(stack: StandinStack): void;
  deleteStack(stackName: string): void;
  /** Answers the next `count` calls with `Throttling` "Rate exceeded". */
  throttleNext(count: number): void;
  /** Answers every call with `AccessDenied` (HTTP 403), as for a role without the permission, until `allow()`. */
  deny(action: string): void;
  allow(): void;
  /** The id (ARN) CloudFormation gave the stack, as custom-resource events carry it in `StackId`. */
  stackIdOf(stackName: string): string;
  /** Every call received, as `Action StackName`. */
  readonly calls: string[];
  close(): Promise<void>;
}

const NAMESPACE = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
/** CloudFormation returns ListStackResources in pages of 100. */
const PAGE_SIZE = 100;

export async function startCloudFormationStandin(): Promise<CloudFormationStandin> {
  const stacks = new Map<string, StandinStack & { stackId: string }>();
  const calls: string[] = [];
  let throttled = 0;
  let denied: string | undefined;

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const action = params.get('Action') ?? '';
      calls.push(`${action} ${params.get('StackName') ?? ''}`.trim());
      const send = (status: number, body: string) => {
        response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
        response.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
      };
      const fail = (status: number, code: string, message: string) =>
        send(status, `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
      if (request.method !== 'POST' || !String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256')) {
        return fail(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
      }
      if (params.get('Version') !== '2010-05-15') return fail(400, 'InvalidParameterValue', `unsupported Version ${params.get('Version')}`);
      if (denied !== undefined && denied === action) {
        return fail(403, 'AccessDenied', `User: arn:aws:sts::${ACCOUNT}:assumed-role/handler/fn is not authorized to perform: cloudformation:${action} on resource: ${params.get('StackName') ?? '*'}`);
      }
      if (throttled > 0) {
        throttled -= 1;
        return fail(400, 'Throttling', 'Rate exceeded');
      }
      const ok = (result: string) => send(200, `<${action}Response xmlns="${NAMESPACE}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`);
      const stackName = params.get('StackName') ?? '';
      const stack = [...stacks.values()].find((s) => s.stackName === stackName || s.stackId === stackName);
      const unknown = () => fail(400, 'ValidationError', `Stack with id ${stackName} does not exist`);
      switch (action) {
        case 'DescribeStacks':
          if (!stack) return unknown();
          return ok(`<Stacks><member>${describe(stack)}</member></Stacks>`);
        case 'GetTemplate':
          if (!stack) return unknown();
          return ok(`<TemplateBody>${xml(JSON.stringify(stack.template, null, 1))}</TemplateBody><StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable>`);
        case 'ListStackResources': {
          if (!stack) return unknown();
          const start = Number(params.get('NextToken') ?? '0');
          const page = stack.resources.slice(start, start + PAGE_SIZE);
          const next = start + PAGE_SIZE < stack.resources.length ? `<NextToken>${start + PAGE_SIZE}</NextToken>` : '';
          const members = page.map(
            (r) =>
              `<member><LogicalResourceId>${xml(r.logicalId)}</LogicalResourceId><PhysicalResourceId>${xml(r.physicalId)}</PhysicalResourceId>` +
              `<ResourceType>${xml(r.type)}</ResourceType><LastUpdatedTimestamp>2026-11-01T00:00:00.000Z</LastUpdatedTimestamp>` +
              `<ResourceStatus>${r.status ?? 'CREATE_COMPLETE'}</ResourceStatus><DriftInformation><StackResourceDriftStatus>NOT_CHECKED</StackResourceDriftStatus></DriftInformation></member>`,
          );
          return ok(`<StackResourceSummaries>${members.join('')}</StackResourceSummaries>${next}`);
        }
        case 'ListExports': {
          const members = [...stacks.values()].flatMap((s) =>
            (s.outputs ?? [])
              .filter((o) => o.exportName)
              .map((o) => `<member><ExportingStackId>${xml(s.stackId)}</ExportingStackId><Name>${xml(o.exportName!)}</Name><Value>${xml(o.value)}</Value></member>`),
          );
          return ok(`<Exports>${members.join('')}</Exports>`);
        }
        default:
          return fail(400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    putStack(stack) {
      const existing = stacks.get(stack.stackName);
      stacks.set(stack.stackName, { ...stack, stackId: existing?.stackId ?? `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${stack.stackName}/${randomUUID()}` });
    },
    deleteStack(stackName) {
      stacks.delete(stackName);
    },
    throttleNext(count) {
      throttled = count;
    },
    deny(action) {
      denied = action;
    },
    allow() {
      denied = undefined;
    },
    stackIdOf(stackName) {
      const stack = stacks.get(stackName);
      if (!stack) throw new Error(`no stack ${stackName} in the CloudFormation stand-in`);
      return stack.stackId;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function describe(stack: StandinStack & { stackId: string }): string {
  const parameters = Object.entries(stack.parameters ?? {})
    .map(([key, value]) => `<member><ParameterKey>${xml(key)}</ParameterKey><ParameterValue>${xml(value)}</ParameterValue></member>`)
    .join('');
  const outputs = (stack.outputs ?? [])
    .map((o) => `<member><OutputKey>${xml(o.key)}</OutputKey><OutputValue>${xml(o.value)}</OutputValue>${o.exportName ? `<ExportName>${xml(o.exportName)}</ExportName>` : ''}</member>`)
    .join('');
  return (
    `<StackName>${xml(stack.stackName)}</StackName><StackId>${xml(stack.stackId)}</StackId>` +
    `<CreationTime>2026-11-01T00:00:00.000Z</CreationTime><StackStatus>${stack.status ?? 'CREATE_COMPLETE'}</StackStatus>` +
    `<Parameters>${parameters}</Parameters><Outputs>${outputs}</Outputs><Tags/><DisableRollback>false</DisableRollback>`
  );
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
