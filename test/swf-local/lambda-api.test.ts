/**
 * Lambda tasks that swf-local runs through Lambda's Invoke API, at the endpoint the AWS SDK resolves for Lambda
 * (AWS_ENDPOINT_URL_LAMBDA). There is no local Lambda service here, so the test starts a small HTTP stand-in that
 * speaks Lambda's Invoke protocol (REST-JSON: POST /2015-03-31/functions/{name}/invocations; the payload is the body;
 * a function error is answered 200 with an X-Amz-Function-Error header and the error payload; an unknown function
 * is a 404 ResourceNotFoundException). swf-local calls it with the real @aws-sdk/client-lambda.
 */
import { StartWorkflowExecutionCommand } from '@aws-sdk/client-swf';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../../lib/worker/json';
import { startLocalSwf, StartedLocalSwf } from '../support/swf-local';
import { registerTypes, unique, waitForClose, Workers } from '../worker/support';
import { attributesOf, LAMBDA_ROLE, lambdaProbe, LambdaProbeResult, waitUntil } from './lambda-support';

interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The caller hung up before an answer (swf-local abandoned the run). */
  abandoned: boolean;
}

/** Lambda's Invoke API for three functions: Echo answers, Boom fails, Slow never answers. */
function startLambdaStandIn(): Promise<{ server: Server; url: string; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const request: SeenRequest = { method: req.method!, path: req.url!, headers: req.headers, body, abandoned: false };
      seen.push(request);
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url ?? '');
      const name = match ? decodeURIComponent(match[1]) : '';
      const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST', ...headers });
        res.end(JSON.stringify(payload));
      };
      if (req.method !== 'POST' || !match) return json(404, { message: 'no such route' }, { 'x-amzn-errortype': 'UnknownOperationException' });
      if (name === 'Echo') return json(200, { echo: JSON.parse(body), via: 'invoke-api' });
      if (name === 'Boom') {
        return json(200, { errorType: 'PaymentDeclined', errorMessage: 'card declined', trace: [] }, { 'x-amz-function-error': 'Unhandled' });
      }
      if (name === 'Slow') {
        res.on('close', () => (request.abandoned = !res.writableEnded));
        return; // never answers: the task's start-to-close timeout ends it
      }
      json(404, { Type: 'User', Message: `Function not found: arn:aws:lambda:us-east-1:123456789012:function:${name}` }, {
        'x-amzn-errortype': 'ResourceNotFoundException',
      });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen })),
  );
}

describe('swf-local Lambda tasks through the Lambda Invoke API (AWS_ENDPOINT_URL_LAMBDA)', () => {
  let standIn: Awaited<ReturnType<typeof startLambdaStandIn>>;
  let local: StartedLocalSwf;
  const workers = new Workers();
  const domain = unique('lambda-api');
  const taskList = unique('decisions');

  beforeAll(async () => {
    standIn = await startLambdaStandIn();
    // Exactly how a user points swf-local (through the AWS SDK) at a Lambda emulator.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_LAMBDA: standIn.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    local = await startLocalSwf({ longPollTimeoutMs: 2_000 });
    await registerTypes(local.swf, domain, { taskList, workflow: lambdaProbe.name });
    workers.decider({ swf: local.swf, domain, taskList, workflows: [lambdaProbe] });
  });
  afterAll(async () => {
    await workers.stopAll();
    await local?.stop();
    await new Promise((resolve) => standIn?.server.close(resolve));
  });

  it('invokes the function with a signed Invoke request and records its result, its error, or the Invoke error', async () => {
    const workflowId = unique('wf');
    const tasks = [
      { id: 'echo', name: 'Echo', input: { orderId: 'o-7' } },
      { id: 'boom', name: 'Boom', input: { orderId: 'o-7' } },
      { id: 'missing', name: 'Missing' },
      { id: 'slow', name: 'Slow', startToClose: 1 },
    ];
    const { runId } = await local.swf.send(
      new StartWorkflowExecutionCommand({
        domain,
        workflowId,
        workflowType: { name: lambdaProbe.name, version: '1' },
        input: JSON.stringify(tasks),
        lambdaRole: LAMBDA_ROLE,
      }),
    );
    const closed = await waitForClose(local.swf, domain, { workflowId, runId: runId! }, 50_000);
    const result = parseJson<LambdaProbeResult>(attributesOf(closed.events, 'WorkflowExecutionCompleted')[0].result as string)!;
    const byId = Object.fromEntries(result.tasks.map((task) => [task.id, task]));

    expect(byId.echo).toMatchObject({ status: 'completed', result: JSON.stringify({ echo: { orderId: 'o-7' }, via: 'invoke-api' }) });
    expect(byId.boom).toMatchObject({ status: 'failed', reason: 'PaymentDeclined' });
    expect(JSON.parse(byId.boom.details!)).toMatchObject({ errorType: 'PaymentDeclined', errorMessage: 'card declined' });
    expect(byId.missing).toMatchObject({ status: 'failed', reason: 'ResourceNotFoundException', details: expect.stringContaining('Function not found') });
    expect(byId.slow).toMatchObject({ status: 'timedOut', timeoutType: 'START_TO_CLOSE' });

    const echo = standIn.seen.find((request) => request.path === '/2015-03-31/functions/Echo/invocations')!;
    expect(echo.method).toBe('POST');
    expect(JSON.parse(echo.body)).toEqual({ orderId: 'o-7' });
    expect(echo.headers['x-amz-invocation-type']).toBe('RequestResponse');
    expect(echo.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/us-east-1\/lambda\/aws4_request/);
    // A task without input sends Lambda's empty event.
    expect(standIn.seen.find((request) => request.path.includes('/Missing/'))!.body).toBe('{}');
    // The timed-out run was abandoned: swf-local hung up on the Invoke call.
    await waitUntil(() => standIn.seen.find((request) => request.path.includes('/Slow/'))?.abandoned === true, 'the Invoke call to be abandoned');
  });
});
