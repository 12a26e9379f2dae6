import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { humanMessage } from '../../lib/ops/errors';
import { startLocalSwf } from '../support/swf-local';
import { runCli, useLocalAwsEnvironment } from './support/run-cli';

type Local = Awaited<ReturnType<typeof startLocalSwf>>;
let throttling: Local;
let failing: Local;

beforeAll(async () => {
  useLocalAwsEnvironment();
  throttling = await startLocalSwf({ faults: { throttleRate: 1, operations: ['ListDomains'] } });
  failing = await startLocalSwf({ faults: { serverErrorRate: 1, operations: ['ListDomains'] } });
});

afterAll(async () => {
  await throttling?.stop();
  await failing?.stop();
});

describe('SDK faults become one line', () => {
  it('reports throttling once the SDK has given up retrying', async () => {
    const result = await runCli('domains', 'list', '--endpoint-url', throttling.server.endpoint);
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: 'cdk-swf: SWF is throttling requests (Rate exceeded): wait a little and try again\n' });
  });

  it('reports a server error (HTTP 500) with its message', async () => {
    const result = await runCli('domains', 'list', '--endpoint-url', failing.server.endpoint);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^cdk-swf: SWF failed on its side \(InternalFailure: .+\): try again\n$/);
  });

  it('rejects an endpoint that is not a URL before calling anything', async () => {
    const result = await runCli('domains', 'list', '--endpoint-url', 'localhost:8099');
    expect(result).toMatchObject({ code: 1, stderr: "cdk-swf: invalid --endpoint-url 'localhost:8099': use a full URL such as http://127.0.0.1:8099\n" });
  });

  // swf-local grants every call and listens on IPv4 only, so these shapes are built by hand: they are what the
  // SDK throws for a denied call and what Node throws when `localhost` refuses on both ::1 and 127.0.0.1.
  it('explains faults swf-local cannot produce', () => {
    const denied = Object.assign(new Error('User is not authorized to perform swf:StartWorkflowExecution'), { name: 'OperationNotPermittedFault' });
    expect(humanMessage(denied)).toBe('not permitted: User is not authorized to perform swf:StartWorkflowExecution');

    const refused = Object.assign(new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:8099'), { code: 'ECONNREFUSED' })], ''), {
      code: 'ECONNREFUSED',
    });
    expect(humanMessage(refused, { endpoint: 'http://localhost:8099' })).toBe(
      'cannot reach SWF at http://localhost:8099: connection refused (is swf-local running, and is --endpoint-url right?)',
    );
  });
});
