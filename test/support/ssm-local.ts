import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for AWS Systems Manager Parameter Store, for tests only: SSM has no local emulator, so this speaks SSM's
 * real wire protocol (AWS JSON 1.1: POST /, `X-Amz-Target: AmazonSSM.<Operation>`, errors as `{"__type": ...}` with
 * HTTP 400) for the three operations cdk-swf uses, and the real @aws-sdk/client-ssm talks to it.
 * PutParameter (Overwrite), GetParametersByPath (non-recursive, MaxResults paging), DeleteParameter.
 */
export interface SsmLocal {
  readonly endpoint: string;
  /** Name -> value, as stored. */
  readonly parameters: Map<string, string>;
  /** Every operation received, in order (`PutParameter`, ...). */
  readonly calls: string[];
  close(): Promise<void>;
}

interface StoredParameter {
  value: string;
  version: number;
  modified: number;
}

export async function startSsmLocal(region = 'us-east-1', account = '123456789012'): Promise<SsmLocal> {
  const stored = new Map<string, StoredParameter>();
  const calls: string[] = [];
  const operations: Record<string, (input: Record<string, unknown>) => unknown> = {
    PutParameter: (input) => {
      const name = String(input.Name ?? '');
      if (!/^[a-zA-Z0-9_.\-/]{1,1011}$/.test(name)) throw fault('ValidationException', `Parameter name: '${name}' is not valid`);
      const existing = stored.get(name);
      if (existing && input.Overwrite !== true) throw fault('ParameterAlreadyExists', 'The parameter already exists.');
      const version = (existing?.version ?? 0) + 1;
      stored.set(name, { value: String(input.Value ?? ''), version, modified: Date.now() });
      return { Version: version, Tier: 'Standard' };
    },
    GetParametersByPath: (input) => {
      const path = String(input.Path ?? '').replace(/\/$/, '');
      const max = Number(input.MaxResults ?? 10);
      if (!(max >= 1 && max <= 10)) throw fault('ValidationException', 'MaxResults must be between 1 and 10');
      const names = [...stored.keys()].filter((name) => name.startsWith(`${path}/`) && (input.Recursive === true || !name.slice(path.length + 1).includes('/'))).sort();
      const start = input.NextToken === undefined ? 0 : Number(Buffer.from(String(input.NextToken), 'base64').toString());
      const page = names.slice(start, start + max);
      return {
        Parameters: page.map((name) => {
          const p = stored.get(name)!;
          return { Name: name, Type: 'String', Value: p.value, Version: p.version, LastModifiedDate: p.modified / 1000, DataType: 'text', ARN: `arn:aws:ssm:${region}:${account}:parameter${name}` };
        }),
        NextToken: start + max < names.length ? Buffer.from(String(start + max)).toString('base64') : undefined,
      };
    },
    DeleteParameter: (input) => {
      if (!stored.delete(String(input.Name ?? ''))) throw fault('ParameterNotFound', 'Parameter not found');
      return {};
    },
  };

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = operations[target.replace(/^AmazonSSM\./, '')];
      calls.push(target.replace(/^AmazonSSM\./, ''));
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `ssm-local-${Date.now()}` });
        response.end(JSON.stringify(body));
      };
      if (!target.startsWith('AmazonSSM.') || !operation) return send(400, { __type: 'UnknownOperationException', message: `unknown operation ${target}` });
      try {
        send(200, operation(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')));
      } catch (error) {
        const e = error as { code?: string; message: string };
        send(400, { __type: e.code ?? 'InternalServerError', message: e.message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    get parameters() {
      return new Map([...stored].map(([name, p]) => [name, p.value]));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function fault(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}
