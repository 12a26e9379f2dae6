import {
  DescribeDomainCommandOutput,
  ListActivityTypesCommand,
  ListWorkflowTypesCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  SWFClient,
  UnknownResourceFault,
} from '@aws-sdk/client-swf';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { clientFor, startLocalSwf } from '../support/swf-local';
import { ACTIVITY, createEvent, deleteEvent, DOMAIN, handlerFor, recordCalls, WORKFLOW } from './support';

/**
 * Eventual consistency and lost responses cannot be produced by swf-local (it is strongly consistent and answers after
 * applying a call), so these tests put a middleware on the real client, against a real swf-local, that turns chosen
 * answers into the stale or missing ones real SWF gives. Throttling and HTTP 500s come from swf-local's own fault
 * injection.
 */

type Tamper = (operation: string, output: unknown) => unknown;

/** Lets `tamper` replace (or throw instead of) the answer to each call; it sees the real answer. */
function tamperWith(swf: SWFClient, tamper: Tamper): void {
  swf.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const operation = String(context.commandName).replace(/Command$/, '');
      return { ...result, output: tamper(operation, result.output) as typeof result.output };
    },
    { step: 'initialize', name: 'tamper' },
  );
}

function unknown(message: string): UnknownResourceFault {
  return new UnknownResourceFault({ message, $metadata: { httpStatusCode: 400 } });
}

/** Runs `times` times with at most `limit` at once. */
async function inParallel(times: number, limit: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < times) await task(next++);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});
afterAll(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

async function local(options: Parameters<typeof startLocalSwf>[0] = {}) {
  const started = await startLocalSwf(options);
  stops.push(started.stop);
  return started;
}

describe('eventual consistency', () => {
  it('waits when Register says the type exists but Describe does not find it yet', async () => {
    const { swf } = await local();
    await swf.send(new RegisterDomainCommand({ name: 'd', workflowExecutionRetentionPeriodInDays: '1' }));
    await swf.send(new RegisterWorkflowTypeCommand({ domain: 'd', name: 'W', version: '1' }));
    let staleReads = 2;
    tamperWith(swf, (operation, output) => {
      if (operation === 'DescribeWorkflowType' && staleReads-- > 0) throw unknown('Unknown type');
      return output;
    });
    const calls = recordCalls(swf);

    const result = await handlerFor(swf).run(createEvent(WORKFLOW, { Domain: 'd', Name: 'W', Version: '1' }));

    expect(result.PhysicalResourceId).toBe('WorkflowType|d|W|1');
    expect(calls).toEqual(['RegisterWorkflowType', 'DescribeWorkflowType', 'DescribeWorkflowType', 'DescribeWorkflowType']);
  });

  it('retries a type registration while a just-registered domain is not visible yet', async () => {
    const { swf } = await local();
    await swf.send(new RegisterDomainCommand({ name: 'd', workflowExecutionRetentionPeriodInDays: '1' }));
    let invisible = 2;
    tamperWith(swf, (operation, output) => {
      if ((operation === 'RegisterActivityType' || operation === 'DescribeDomain') && invisible > 0) {
        if (operation === 'DescribeDomain') invisible--;
        throw unknown('Unknown domain: d');
      }
      return output;
    });

    const result = await handlerFor(swf).run(createEvent(ACTIVITY, { Domain: 'd', Name: 'A', Version: '1' }));

    expect(result.Data).toEqual({ Domain: 'd', Name: 'A', Version: '1' });
  });

  it('waits after DeprecateDomain until Describe no longer reads REGISTERED', async () => {
    const { swf } = await local();
    await swf.send(new RegisterDomainCommand({ name: 'd', workflowExecutionRetentionPeriodInDays: '1' }));
    let staleReads = 2;
    tamperWith(swf, (operation, output) => {
      if (operation !== 'DescribeDomain' || staleReads-- <= 0) return output;
      const described = output as DescribeDomainCommandOutput;
      return { ...described, domainInfo: { ...described.domainInfo, status: 'REGISTERED' } };
    });
    const calls = recordCalls(swf);

    await handlerFor(swf).run(deleteEvent(DOMAIN, 'd'));

    expect(calls).toEqual(['DeprecateDomain', 'DescribeDomain', 'DescribeDomain', 'DescribeDomain']);
  });

  it('adopts its own domain when the response to RegisterDomain was lost and the call is retried', async () => {
    const { swf } = await local();
    let lost = 1;
    tamperWith(swf, (operation, output) => {
      if (operation === 'RegisterDomain' && lost-- > 0) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      return output;
    });
    const calls = recordCalls(swf);

    const result = await handlerFor(swf).run(
      createEvent(DOMAIN, { Name: 'd', WorkflowExecutionRetentionPeriodInDays: '3', Tags: [{ Key: 'a', Value: 'b' }] }),
    );

    expect(result.PhysicalResourceId).toBe('d');
    expect(calls).toEqual(['RegisterDomain', 'RegisterDomain', 'DescribeDomain', 'ListTagsForResource']);
  });
});

describe('throttling and server errors', () => {
  it('creates 200 types through 20% injected faults', async () => {
    const { server, swf } = await local({ faults: { throttleRate: 0.1, serverErrorRate: 0.1 } });
    const handler = handlerFor(swf, { backoff: { baseDelayMs: 5, maxDelayMs: 200 } });
    await handler.run(createEvent(DOMAIN, { Name: 'busy', WorkflowExecutionRetentionPeriodInDays: '1' }));

    await inParallel(200, 25, async (i) => {
      const [type, props] =
        i % 2 === 0
          ? [WORKFLOW, { Domain: 'busy', Name: `Workflow${i}`, Version: '1', DefaultTaskList: 'main', DefaultExecutionStartToCloseTimeout: '60' }]
          : [ACTIVITY, { Domain: 'busy', Name: `Activity${i}`, Version: '1', DefaultTaskList: 'main', DefaultTaskHeartbeatTimeout: '10' }];
      const result = await handler.run(createEvent(type, props));
      expect(result.Data.Name).toBe(props.Name);
    });

    const faults = handler.log.filter((line) => / -> (ThrottlingException|InternalFailure) /.test(line));
    expect(faults.length).toBeGreaterThan(10);
    const verify = clientFor(server.endpoint, 20);
    const workflows = await verify.send(new ListWorkflowTypesCommand({ domain: 'busy', registrationStatus: 'REGISTERED', maximumPageSize: 1000 }));
    const activities = await verify.send(new ListActivityTypesCommand({ domain: 'busy', registrationStatus: 'REGISTERED', maximumPageSize: 1000 }));
    verify.destroy();
    expect(workflows.typeInfos).toHaveLength(100);
    expect(activities.typeInfos).toHaveLength(100);
  });

  it('abandons and retries calls SWF does not answer in time', async () => {
    // Half the calls hang for 3 s; a delayed RegisterDomain still lands afterwards, as a lost response would.
    const { swf } = await local({ faults: { delayRate: 0.5, delayMs: 3_000, operations: ['RegisterDomain', 'DescribeDomain', 'ListTagsForResource'] } });
    const handler = handlerFor(swf, { attemptTimeoutMs: 150 });
    const started = Date.now();

    // 12 domains: the chance that no call at all is delayed is 0.5^12.
    const names = Array.from({ length: 12 }, (_, i) => `slow-${i}`);
    const results = await Promise.all(names.map((name) => handler.run(createEvent(DOMAIN, { Name: name, WorkflowExecutionRetentionPeriodInDays: '1' }))));

    expect(results.map((r) => r.PhysicalResourceId)).toEqual(names);
    expect(handler.log.some((line) => / -> TimeoutError \(\d+ ms\), retry in /.test(line))).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_900);
  });

  it('gives up inside its time budget with a message saying what happened and what to do', async () => {
    const { swf } = await local({ faults: { throttleRate: 1 } });
    const handler = handlerFor(swf, { budgetMs: 300, backoff: { baseDelayMs: 20, maxDelayMs: 100 } });
    const started = Date.now();

    await expect(handler.run(createEvent(DOMAIN, { Name: 'd', WorkflowExecutionRetentionPeriodInDays: '1' }))).rejects.toThrow(
      /^SWF RegisterDomain \(name="d"\) still failed after \d+ attempts over \d+ s \(last: ThrottlingException: Rate exceeded\): SWF is throttling or unavailable; retry the deployment later$/,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reads the time left from the Lambda context', async () => {
    const { swf } = await local({ faults: { serverErrorRate: 1 } });
    const { handleEvent } = await import('../../lambda/swf-resource');
    const started = Date.now();
    // 15.5 s left, less the 15 s kept for reporting to CloudFormation: about half a second of retries.
    const context = { getRemainingTimeInMillis: () => 15_500, invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f' };

    await expect(
      handleEvent(createEvent(DOMAIN, { Name: 'd', WorkflowExecutionRetentionPeriodInDays: '1' }), context, {
        swf,
        log: () => undefined,
        backoff: { baseDelayMs: 20, maxDelayMs: 100 },
      }),
    ).rejects.toThrow(/still failed after \d+ attempts .*InternalFailure/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
