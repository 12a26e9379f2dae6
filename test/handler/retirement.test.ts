import { SSMClient } from '@aws-sdk/client-ssm';
import { DescribeActivityTypeCommand, DescribeWorkflowTypeCommand, StartWorkflowExecutionCommand, TerminateWorkflowExecutionCommand } from '@aws-sdk/client-swf';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler, SsmRetirementStore } from '../../lambda/swf-resource';
import type { RetirementOutcome, RetirementRecord } from '../../lambda/swf-resource';
import { RETIREMENT_PASS_EVENT } from '../../lib/common/type-retirement';
import { LOCAL_CREDENTIALS, startLocalSwf, StartedLocalSwf } from '../support/swf-local';
import { SsmLocal, startSsmLocal } from '../support/ssm-local';
import { ACTIVITY, createEvent, deleteEvent, DOMAIN, updateEvent, WORKFLOW } from './support';

// The Lambda entry point as the Provider framework and the EventBridge schedule invoke it, configured the way the
// provider construct configures it (CDK_SWF_RETIREMENT_PARAMETER_PATH), against swf-local and an SSM stand-in that
// speaks SSM's wire protocol (SSM has no local emulator; see test/support/ssm-local.ts).
const PATH = '/cdk-swf/Types/retirements';
const domain = 'retirement';

describe('deferred retirement in the Lambda handler (SSM records, scheduled pass)', () => {
  let swfLocal: StartedLocalSwf;
  let ssm: SsmLocal;
  const saved = { ...process.env };
  // The Lambda writes one line per call to stdout (CloudWatch Logs); kept here so the test can read them.
  const logged: string[] = [];

  beforeAll(async () => {
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void logged.push(String(line)));
    swfLocal = await startLocalSwf();
    ssm = await startSsmLocal();
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_SWF: swfLocal.server.endpoint,
      AWS_ENDPOINT_URL_SSM: ssm.endpoint,
      CDK_SWF_RETIREMENT_PARAMETER_PATH: PATH,
    });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    process.env = saved;
    await swfLocal?.stop();
    await ssm?.close();
  });

  const workflow = (version: string, extra: Record<string, unknown> = {}) => ({
    Domain: domain,
    Name: 'Order',
    Version: version,
    DefaultTaskList: 'orders',
    DefaultExecutionStartToCloseTimeout: '600',
    DefaultTaskStartToCloseTimeout: '10',
    DefaultChildPolicy: 'TERMINATE',
    ...extra,
  });
  const activity = (version: string, extra: Record<string, unknown> = {}) => ({ Domain: domain, Name: 'Charge', Version: version, ...extra });
  const status = async (kind: 'workflow' | 'activity', version: string) =>
    kind === 'workflow'
      ? (await swfLocal.swf.send(new DescribeWorkflowTypeCommand({ domain, workflowType: { name: 'Order', version } }))).typeInfo?.status
      : (await swfLocal.swf.send(new DescribeActivityTypeCommand({ domain, activityType: { name: 'Charge', version } }))).typeInfo?.status;
  const pass = async () => Object.fromEntries(((await handler(RETIREMENT_PASS_EVENT)) as RetirementOutcome[]).map((o) => [o.physicalId, `${o.action}: ${o.reason}`]));

  it('keeps replaced and removed types registered until their grace period is over and nothing open can use them', async () => {
    await handler(createEvent(DOMAIN, { Name: domain, WorkflowExecutionRetentionPeriodInDays: '1' }));
    await handler(createEvent(WORKFLOW, workflow('1', { RetirementGracePeriod: '0' })));
    await handler(createEvent(ACTIVITY, activity('1', { RetirementGracePeriod: '0' })));
    await handler(createEvent(ACTIVITY, activity('slow')));
    const open = await swfLocal.swf.send(new StartWorkflowExecutionCommand({ domain, workflowId: 'o-1', workflowType: { name: 'Order', version: '1' } }));

    // A new workflow version replaces version 1 (CloudFormation: Update with a new physical id, then Delete of the old one).
    await handler(updateEvent(WORKFLOW, `WorkflowType|${domain}|Order|1`, workflow('2'), workflow('1', { RetirementGracePeriod: '0' })));
    const deleted = (await handler(deleteEvent(WORKFLOW, `WorkflowType|${domain}|Order|1`, workflow('1', { RetirementGracePeriod: '0' })))) as { Data: Record<string, string> };
    expect(deleted.Data.RetirementGraceEndsAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(logged.filter((line) => line.includes('stays registered for now'))).toEqual([
      expect.stringMatching(/^workflow type 'Order' version '1' in domain 'retirement' stays registered for now: .*grace period \(0 s, until/),
    ]);
    // Two activity versions leave the app; one of them (grace 0) is brought back by a later deploy, then removed again.
    await handler(deleteEvent(ACTIVITY, `ActivityType|${domain}|Charge|1`, activity('1', { RetirementGracePeriod: '0' })));
    await handler(createEvent(ACTIVITY, activity('1', { RetirementGracePeriod: '0' })));
    expect(ssm.parameters.size).toBe(1);
    await handler(deleteEvent(ACTIVITY, `ActivityType|${domain}|Charge|1`, activity('1', { RetirementGracePeriod: '0' })));
    await handler(deleteEvent(ACTIVITY, `ActivityType|${domain}|Charge|slow`, activity('slow')));
    expect([...ssm.parameters.keys()].every((name) => name.startsWith(`${PATH}/`))).toBe(true);
    expect([...ssm.parameters.values()].map((value) => (JSON.parse(value) as RetirementRecord).physicalId).sort()).toEqual([
      `ActivityType|${domain}|Charge|1`,
      `ActivityType|${domain}|Charge|slow`,
      `WorkflowType|${domain}|Order|1`,
    ]);
    expect([await status('workflow', '1'), await status('activity', '1'), await status('activity', 'slow')]).toEqual(['REGISTERED', 'REGISTERED', 'REGISTERED']);

    // The scheduled pass while an execution of version 1 is open: everything waits.
    expect(await pass()).toEqual({
      [`WorkflowType|${domain}|Order|1`]: 'waiting: 1 open execution of this version',
      [`ActivityType|${domain}|Charge|1`]: 'waiting: 1 open execution in the domain started before the grace period ended',
      [`ActivityType|${domain}|Charge|slow`]: expect.stringMatching(/^waiting: grace period ends \d{4}-/),
    });
    expect([await status('workflow', '1'), await status('activity', '1')]).toEqual(['REGISTERED', 'REGISTERED']);

    // Once it has closed, the next pass deprecates what is due and forgets it; the default grace (a day) still runs.
    await swfLocal.swf.send(new TerminateWorkflowExecutionCommand({ domain, workflowId: 'o-1', runId: open.runId }));
    expect(await pass()).toEqual({
      [`WorkflowType|${domain}|Order|1`]: 'deprecated: grace period over and nothing open can use it',
      [`ActivityType|${domain}|Charge|1`]: 'deprecated: grace period over and nothing open can use it',
      [`ActivityType|${domain}|Charge|slow`]: expect.stringMatching(/^waiting: grace period ends/),
    });
    expect([await status('workflow', '1'), await status('activity', '1'), await status('activity', 'slow')]).toEqual(['DEPRECATED', 'DEPRECATED', 'REGISTERED']);
    expect(await status('workflow', '2')).toBe('REGISTERED');
    expect(ssm.parameters.size).toBe(1);
  });

  it('deleting the stack (its retirements resource goes last) deprecates every type still waiting, grace or not', async () => {
    await handler(createEvent(ACTIVITY, activity('stack-gone')));
    await handler(deleteEvent(ACTIVITY, `ActivityType|${domain}|Charge|stack-gone`, activity('stack-gone')));
    expect(await status('activity', 'stack-gone')).toBe('REGISTERED');
    expect(ssm.parameters.size).toBe(2); // with 'slow' from the test above, still in its grace period
    await handler({ ...deleteEvent('Custom::CdkSwfRetirements', 'cdk-swf-retirements') });
    expect([await status('activity', 'stack-gone'), await status('activity', 'slow')]).toEqual(['DEPRECATED', 'DEPRECATED']);
    expect(ssm.parameters.size).toBe(0);
  });

  it('the SSM store pages through every record and ignores the removal of one that is gone', async () => {
    const store = new SsmRetirementStore(new SSMClient({}), '/cdk-swf/Paging/retirements');
    const records = Array.from({ length: 23 }, (_, i): RetirementRecord => ({
      physicalId: `ActivityType|d|Name with spaces ${i}|v:${i}`,
      kind: 'activityType',
      domain: 'd',
      name: `Name with spaces ${i}`,
      version: `v:${i}`,
      replacedAt: new Date(0).toISOString(),
      graceSeconds: 60,
    }));
    for (const record of records) await store.put(record);
    expect((await store.list()).map((r) => r.physicalId).sort()).toEqual(records.map((r) => r.physicalId).sort());
    await store.remove(records[0].physicalId);
    await store.remove(records[0].physicalId);
    expect(await store.list()).toHaveLength(22);
  });
});
