import { ListDomainsCommand, RegisterDomainCommand } from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { createThrottleGate, SWF_API_QUOTAS } from '../../lib/swf-local/throttling';
import { faultShape, useLocalSwfPerTest } from '../support/swf-local';
import { rawCall } from './wire';

describe('swf-local throttling mode', () => {
  const each = useLocalSwfPerTest();

  async function listDomainsBurst(count: number): Promise<{ ok: number; throttled: Array<Record<string, unknown>>; ms: number }> {
    const started = Date.now();
    const answers = [];
    for (let i = 0; i < count; i++) answers.push(await rawCall(each.server.endpoint, 'ListDomains', { registrationStatus: 'REGISTERED' }));
    return {
      ok: answers.filter((a) => a.status === 200).length,
      throttled: answers.filter((a) => a.status === 400).map((a) => a.json),
      ms: Date.now() - started,
    };
  }

  it("answers ThrottlingException once AWS's ListDomains bucket (100, +6/s) is empty", async () => {
    const local = await each.start({ throttling: true });
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
    expect(error).toMatchObject(faultShape('ThrottlingException', 'Rate exceeded'));
  });

  it('keeps a bucket per operation: an empty ListDomains bucket does not throttle RegisterDomain', async () => {
    const local = await each.start({ throttling: true });
    await listDomainsBurst(110);
    await local.swf.send(new RegisterDomainCommand({ name: 'still-works', workflowExecutionRetentionPeriodInDays: '1' }));
  });

  it('does not throttle unless asked to', async () => {
    await each.start();
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
