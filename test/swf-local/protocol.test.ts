import { DescribeDomainCommand, ListDomainsCommand } from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { useLocalSwf } from '../support/swf-local';
import { rawCall } from './wire';

describe('swf-local wire protocol', () => {
  const local = useLocalSwf();

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

describe('swf-local wire protocol, continued', () => {
  const local = useLocalSwf();

  it('accepts any SigV4 signature, and none at all', async () => {
    const forged = await rawCall(local.server.endpoint, 'RegisterDomain', { name: 'signed', workflowExecutionRetentionPeriodInDays: '1' }, {
      Authorization: 'AWS4-HMAC-SHA256 Credential=AKIDOTHER/20260101/us-west-2/swf/aws4_request, SignedHeaders=host, Signature=deadbeef',
      'X-Amz-Date': '20260101T000000Z',
    });
    expect(forged.status).toBe(200);
    expect(forged.json).toEqual({});
    const unsigned = await rawCall(local.server.endpoint, 'DescribeDomain', { name: 'signed' });
    expect(unsigned.status).toBe(200);
    expect(unsigned.json.domainInfo).toMatchObject({ name: 'signed' });
  });

  it('sets a fresh request id on every answer, which the SDK reports', async () => {
    const first = await local.swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }));
    const second = await local.swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }));
    expect(first.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.$metadata.requestId).not.toBe(first.$metadata.requestId);
    const failed = await local.swf.send(new DescribeDomainCommand({ name: 'absent' })).catch((e: { $metadata: { requestId?: string } }) => e);
    expect((failed as { $metadata: { requestId?: string } }).$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts the legacy target prefix', async () => {
    const res = await rawCall(local.server.endpoint, 'ListDomains', { registrationStatus: 'REGISTERED' }, {
      'X-Amz-Target': 'com.amazonaws.swf.service.model.SimpleWorkflowService.ListDomains',
    });
    expect(res.status).toBe(200);
  });

  it.each([
    ['a JSON array body', '[1, 2]', 'com.amazon.coral.validate#SerializationException'],
    ['a JSON string body', '"hello"', 'com.amazon.coral.validate#SerializationException'],
    ['a body that is not UTF-8 JSON', '\u0000\u0001garbage', 'com.amazon.coral.validate#SerializationException'],
    ['an empty body', '', 'com.amazon.coral.validate#ValidationException'],
  ])('answers %s with its AWS error and keeps serving', async (_label, body, type) => {
    const res = await rawCall(local.server.endpoint, 'RegisterDomain', body);
    expect(res.status).toBe(400);
    expect(res.json.__type).toBe(type);
    expect((await rawCall(local.server.endpoint, 'ListDomains', { registrationStatus: 'REGISTERED' })).status).toBe(200);
  });

  it('answers a missing target and a GET with UnknownOperationException', async () => {
    const noTarget = await fetch(local.server.endpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-amz-json-1.0' }, body: '{}' });
    expect(noTarget.status).toBe(400);
    expect(((await noTarget.json()) as { __type: string }).__type).toBe('com.amazon.coral.service#UnknownOperationException');
    const get = await fetch(local.server.endpoint);
    expect(get.status).toBe(400);
    expect(((await get.json()) as { __type: string }).__type).toBe('com.amazon.coral.service#UnknownOperationException');
  });

  it('changes nothing when it rejects a request', async () => {
    const before = await local.swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }));
    await rawCall(local.server.endpoint, 'RegisterDomain', '{"name": "half", "workflowExecutionRetentionPeriodInDays": ');
    await rawCall(local.server.endpoint, 'RegisterDomain', { name: 'half', workflowExecutionRetentionPeriodInDays: '365' });
    const after = await local.swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }));
    expect(after.domainInfos).toEqual(before.domainInfos);
  });
});
