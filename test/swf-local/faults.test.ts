import { ListDomainsCommand, RegisterDomainCommand, RegisterWorkflowTypeCommand } from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { startSwfLocal } from '../../lib/swf-local';
import { clientFor, expectFault, useLocalSwfPerTest } from '../support/swf-local';
import { rawCall } from './wire';

describe('swf-local fault injection', () => {
  const each = useLocalSwfPerTest();

  const register = (name: string) => each.swf.send(new RegisterDomainCommand({ name, workflowExecutionRetentionPeriodInDays: '1' }));
  const registeredNames = async () =>
    (await each.swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }))).domainInfos!.map((d) => d.name);

  it('throttles the chosen operations before they run, so a throttled call changes nothing', async () => {
    await each.start({ faults: { throttleRate: 1, operations: ['RegisterDomain'] } });
    await expectFault(register('never'), 'ThrottlingException', 'Rate exceeded');
    expect(await registeredNames()).toEqual([]);
  });

  it('answers HTTP 500 InternalFailure for injected server errors, changing nothing', async () => {
    const local = await each.start({ faults: { serverErrorRate: 1, operations: ['RegisterDomain'] } });
    await expect(register('never')).rejects.toMatchObject({
      name: 'InternalFailure',
      $metadata: expect.objectContaining({ httpStatusCode: 500 }),
    });
    const raw = await rawCall(local.server.endpoint, 'RegisterDomain', { name: 'never', workflowExecutionRetentionPeriodInDays: '1' });
    expect(raw.status).toBe(500);
    expect(raw.json.__type).toBe('com.amazon.coral.service#InternalFailure');
    expect(await registeredNames()).toEqual([]);
  });

  it('slows the chosen operations down, which then succeed, and leaves the others alone', async () => {
    const local = await each.start({ faults: { delayRate: 1, delayMs: 800, operations: ['RegisterDomain'] } });
    const finished: string[] = [];
    const started = Date.now();
    const slow = register('slow').then(() => finished.push('RegisterDomain'));
    await local.swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' })).then(() => finished.push('ListDomains'));
    await slow;
    expect(Date.now() - started).toBeGreaterThanOrEqual(790);
    expect(finished).toEqual(['ListDomains', 'RegisterDomain']);
    expect(await registeredNames()).toEqual(['slow']);
  });

  it('affects about the requested fraction of calls', async () => {
    const local = await each.start({ faults: { throttleRate: 0.2, serverErrorRate: 0.2 } });
    const counts = { ok: 0, throttled: 0, failed: 0 };
    for (let i = 0; i < 400; i++) {
      const res = await rawCall(local.server.endpoint, 'ListDomains', { registrationStatus: 'REGISTERED' });
      if (res.status === 200) counts.ok++;
      else if (res.status === 500) counts.failed++;
      else if (res.json.__type === 'com.amazon.coral.availability#ThrottlingException') counts.throttled++;
    }
    // Binomial(400, 0.2): mean 80, sd 8; the bounds are 5 sd wide.
    expect(counts.throttled).toBeGreaterThan(40);
    expect(counts.throttled).toBeLessThan(120);
    expect(counts.failed).toBeGreaterThan(40);
    expect(counts.failed).toBeLessThan(120);
    expect(counts.ok + counts.throttled + counts.failed).toBe(400);
  });

  it('lets a retrying SDK client get every call through exactly once', async () => {
    const local = await each.start({ faults: { serverErrorRate: 0.4, operations: ['RegisterDomain', 'RegisterWorkflowType'] } });
    const retrying = clientFor(local.server.endpoint, 10);
    try {
      await retrying.send(new RegisterDomainCommand({ name: 'flaky', workflowExecutionRetentionPeriodInDays: '1' }));
      for (let i = 0; i < 10; i++) {
        await retrying.send(new RegisterWorkflowTypeCommand({ domain: 'flaky', name: 'wf', version: String(i) }));
      }
    } finally {
      retrying.destroy();
    }
    const types = await rawCall(local.server.endpoint, 'ListWorkflowTypes', { domain: 'flaky', registrationStatus: 'REGISTERED' });
    expect((types.json.typeInfos as unknown[]).length).toBe(10);
  });

  it('is retried by the SDK as throttling, like the real ThrottlingException', async () => {
    const local = await each.start({ faults: { throttleRate: 1, operations: ['ListDomains'] } });
    const retrying = clientFor(local.server.endpoint, 2);
    try {
      await expect(retrying.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }))).rejects.toMatchObject({
        name: 'ThrottlingException',
        $metadata: expect.objectContaining({ attempts: 2 }),
      });
    } finally {
      retrying.destroy();
    }
  });

  it('refuses nonsense options at start with a message naming the option', async () => {
    await expect(startSwfLocal({ log: () => undefined, faults: { throttleRate: 1.5 } })).rejects.toThrow(/throttleRate must be a number between 0 and 1/);
    await expect(startSwfLocal({ log: () => undefined, faults: { delayRate: 1, delayMs: -5 } })).rejects.toThrow(/delayMs/);
    await expect(startSwfLocal({ log: () => undefined, faults: { throttleRate: 1, operations: ['RegisterDomian'] } })).rejects.toThrow(
      'Fault injection: unknown operation RegisterDomian',
    );
  });
});
