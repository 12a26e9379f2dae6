import { ListDomainsCommand, RegisterDomainCommand } from '@aws-sdk/client-swf';
import { afterEach, describe, expect, it } from 'vitest';
import { createThrottleGate, SWF_API_QUOTAS } from '../../lib/swf-local/throttling';
import { startLocalSwf } from '../support/swf-local';
import { rawCall } from './wire';

type Local = Awaited<ReturnType<typeof startLocalSwf>>;

describe('swf-local throttling mode', () => {
  let local: Local | undefined;
  afterEach(async () => {
    await local?.stop();
    local = undefined;
  });

  async function listDomainsBurst(count: number): Promise<{ ok: number; throttled: Array<Record<string, unknown>>; ms: number }> {
    const started = Date.now();
    const answers = [];
    for (let i = 0; i < count; i++) answers.push(await rawCall(local!.server.endpoint, 'ListDomains', { registrationStatus: 'REGISTERED' }));
    return {
      ok: answers.filter((a) => a.status === 200).length,
      throttled: answers.filter((a) => a.status === 400).map((a) => a.json),
      ms: Date.now() - started,
    };
  }

  it("answers ThrottlingException once AWS's ListDomains bucket (100, +6/s) is empty", async () => {
    local = await startLocalSwf({ throttling: true });
    const burst = await listDomainsBurst(200);
    // 100 tokens to start with, plus what refilled at 6/s while the burst ran.
    expect(burst.ok).toBeGreaterThanOrEqual(100);
    expect(burst.ok).toBeLessThanOrEqual(100 + Math.ceil((burst.ms / 1000) * 6) + 1);
    expect(burst.throttled.length).toBe(200 - burst.ok);
    expect(burst.throttled[0]).toEqual({ __type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate exceeded' });

    // The SDK sees it as AWS's ThrottlingException with HTTP 400 (a refilled token may let a call or two through).
    let error: unknown;
    for (let i = 0; i < 10 && !error; i++) {
      error = await local.swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' })).then(() => undefined, (e: unknown) => e);
    }
    expect(error).toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      $metadata: expect.objectContaining({ httpStatusCode: 400 }),
    });
  });

  it('keeps a bucket per operation: an empty ListDomains bucket does not throttle RegisterDomain', async () => {
    local = await startLocalSwf({ throttling: true });
    await listDomainsBurst(110);
    await local.swf.send(new RegisterDomainCommand({ name: 'still-works', workflowExecutionRetentionPeriodInDays: '1' }));
  });

  it('does not throttle unless asked to', async () => {
    local = await startLocalSwf();
    const burst = await listDomainsBurst(150);
    expect(burst.ok).toBe(150);
  });
});

describe('throttle gate token buckets (fake clock)', () => {
  it('refills at the documented rate and never above the bucket size', () => {
    let now = 0;
    const gate = createThrottleGate(() => now);
    expect(SWF_API_QUOTAS.RegisterWorkflowType).toEqual({ size: 200, refillPerSecond: 60 });
    for (let i = 0; i < 200; i++) gate('RegisterWorkflowType');
    expect(() => gate('RegisterWorkflowType')).toThrow('Rate exceeded');
    now += 1000; // 60 tokens back
    for (let i = 0; i < 60; i++) gate('RegisterWorkflowType');
    expect(() => gate('RegisterWorkflowType')).toThrow('Rate exceeded');
    now += 3_600_000; // an hour idle still only fills the bucket
    for (let i = 0; i < 200; i++) gate('RegisterWorkflowType');
    expect(() => gate('RegisterWorkflowType')).toThrow('Rate exceeded');
  });

  it('leaves operations without a documented quota alone', () => {
    const gate = createThrottleGate(() => 0);
    for (let i = 0; i < 10_000; i++) gate('SomethingNew');
  });
});
