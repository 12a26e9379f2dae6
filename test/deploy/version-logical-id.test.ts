import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DescribeActivityTypeCommand, SWFClient } from '@aws-sdk/client-swf';
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityType } from '../../lib/activity-type/activity-type';
import { SwfTimeout } from '../../lib/construct-support/swf-timeout';
import { inProcessHandler } from '../../lib/deploy/in-process-handler';
import { applyApp, planApp } from '../../lib/deploy/run';
import { Domain } from '../../lib/domain/domain';
import { VERSION_IN_LOGICAL_ID_CONTEXT } from '../../lib/workflow-type/version-in-logical-id';
import { DEFAULT_RETIREMENT_GRACE_SECONDS } from '../../lib/common/type-retirement';
import { swfResources, temporaryDirectory, TestClock, closeWorkspaces, openWorkspace } from './support';

/**
 * `@cdk-swf/core:versionInLogicalId`: a new type version is a new logical id, so `cdk diff` (the real CDK CLI, offline
 * with --template) shows a replacement; cdk-swf plan pairs the two into one `replace` row; apply registers the new
 * version and deprecates the old one. Another stack that uses the type keeps working (it reads plain strings).
 */

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

function app(timeout: number, flag = true): { assembly: string; template: Record<string, any> } {
  const outdir = temporaryDirectory('assembly');
  const cdkApp = new App({ outdir, context: flag ? { [VERSION_IN_LOGICAL_ID_CONTEXT]: true } : {} });
  const stack = new Stack(cdkApp, 'Orders');
  const domain = new Domain(stack, 'Domain', { domainName: 'versioned' });
  const charge = new ActivityType(stack, 'Charge', { domain, activityTypeName: 'Charge', defaultTaskStartToCloseTimeout: SwfTimeout.seconds(timeout) });
  new CfnOutput(new Stack(cdkApp, 'Consumer'), 'ChargeVersion', { value: charge.activityTypeVersion });
  cdkApp.synth();
  return { assembly: outdir, template: JSON.parse(fs.readFileSync(path.join(outdir, 'Orders.template.json'), 'utf8')) };
}

const typeIds = (template: Record<string, any>) => Object.keys(template.Resources).filter((id) => template.Resources[id].Type === 'Custom::SwfActivityType');

let swf: SWFClient;
beforeEach(async () => void ({ swf } = await openWorkspace()));
afterEach(closeWorkspaces);

describe('the version in the logical id', () => {
  it('gives a new version a new logical id only when the context key is on; other stacks read the version as a plain string', () => {
    const [v1] = typeIds(app(30).template);
    const [v2] = typeIds(app(60).template);
    expect(v1).toMatch(/^Charge[0-9A-F]{8}V[0-9A-F]{8}$/);
    expect(v2).not.toBe(v1);
    expect(v2.slice(0, -8)).toBe(v1.slice(0, -8));
    expect(typeIds(app(30, false).template)).toEqual([v1.slice(0, -9)]);
    expect(typeIds(app(60, false).template)).toEqual([v1.slice(0, -9)]);
    const consumer = fs.readFileSync(path.join(app(30).assembly, 'Consumer.template.json'), 'utf8');
    expect(consumer).not.toContain('Fn::ImportValue');
  });

  it('shows in cdk diff as a resource removed and one added', async () => {
    const v1 = app(30);
    const v2 = app(60);
    const { stdout, stderr } = await run('npx', ['cdk', 'diff', '--app', v2.assembly, '--template', path.join(v1.assembly, 'Orders.template.json'), 'Orders'], { cwd: root });
    const output = stdout + stderr;
    expect(output).toContain(`[-] Custom::SwfActivityType ${typeIds(v1.template)[0]} destroy`);
    expect(output).toContain(`[+] Custom::SwfActivityType Charge/Resource ${typeIds(v2.template)[0]}`);
  });

  it('plans as one replace row, and apply registers the new version and retires the old one', async () => {
    const cwd = temporaryDirectory('cwd');
    const clock = new TestClock();
    const options = (assembly: string) => ({ assemblyDirectory: assembly, stackSelector: 'Orders', cwd, swf, handler: inProcessHandler({ swf, now: clock.now }), flags: { region: 'us-east-1' } });
    const v1 = app(30);
    expect((await applyApp({ ...options(v1.assembly), log: () => undefined })).exitCode).toBe(0);

    const v2 = app(60);
    const plan = await planApp(options(v2.assembly));
    const rows = swfResources(plan).filter((r) => r.resourceType === 'Custom::SwfActivityType');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ logicalId: typeIds(v2.template)[0], action: 'replace', replacement: { arrival: 'create', old: 'deprecate' } });
    const [oldVersion, newVersion] = [rows[0].previousPhysicalId!, rows[0].physicalId!].map((id) => id.split('|')[3]);

    expect((await applyApp({ ...options(v2.assembly), log: () => undefined })).exitCode).toBe(0);
    const status = async (version: string) =>
      (await swf.send(new DescribeActivityTypeCommand({ domain: 'versioned', activityType: { name: 'Charge', version } }))).typeInfo?.status;
    expect(await status(newVersion)).toBe('REGISTERED');
    // Retired, not deprecated at once: old workers may still schedule it during their rolling replacement.
    expect(await status(oldVersion)).toBe('REGISTERED');
    expect((await planApp(options(v2.assembly))).exitCode).toBe(0);
    clock.advance(DEFAULT_RETIREMENT_GRACE_SECONDS * 1000 + 1);
    expect((await applyApp({ ...options(v2.assembly), log: () => undefined })).exitCode).toBe(0);
    expect(await status(oldVersion)).toBe('DEPRECATED');
  });

  it('a renamed construct that declares the same type is a move: the type stays registered, also past its grace period', async () => {
    const cwd = temporaryDirectory('cwd');
    const build = (id: string) => {
      const outdir = temporaryDirectory('assembly');
      const cdkApp = new App({ outdir });
      const stack = new Stack(cdkApp, 'Orders');
      const domain = new Domain(stack, 'Domain', { domainName: 'versioned' });
      new ActivityType(stack, id, { domain, activityTypeName: 'Charge', activityTypeVersion: '1' });
      cdkApp.synth();
      return outdir;
    };
    const clock = new TestClock();
    const options = (assembly: string) => ({ assemblyDirectory: assembly, cwd, swf, handler: inProcessHandler({ swf, now: clock.now }), flags: { region: 'us-east-1' } });
    expect((await applyApp({ ...options(build('Charge')), log: () => undefined })).exitCode).toBe(0);
    const renamed = build('ChargeActivity');
    const rows = swfResources(await planApp(options(renamed))).filter((r) => r.resourceType === 'Custom::SwfActivityType');
    expect(rows.map((r) => `${r.action} ${r.physicalId}`)).toEqual(['adopt ActivityType|versioned|Charge|1', 'move ActivityType|versioned|Charge|1']);
    expect(rows[1].message).toMatch(/^removed from the app; ChargeActivity[0-9A-F]{8} now declares this same resource: its removal leaves it registered in SWF, not retired$/);

    const applied = await applyApp({ ...options(renamed), log: () => undefined });
    expect(applied.results[0].resources.filter((r) => r.resourceType === 'Custom::SwfActivityType').map((r) => `${r.action} ${r.logicalId}`)).toEqual([
      `adopted ${rows[0].logicalId}`,
      `moved ${rows[1].logicalId}`,
    ]);
    clock.advance(DEFAULT_RETIREMENT_GRACE_SECONDS * 1000 + 1);
    expect((await applyApp({ ...options(renamed), log: () => undefined })).exitCode).toBe(0);
    const status = (await swf.send(new DescribeActivityTypeCommand({ domain: 'versioned', activityType: { name: 'Charge', version: '1' } }))).typeInfo?.status;
    expect(status).toBe('REGISTERED');
  });
});
