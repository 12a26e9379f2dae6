import * as fs from 'node:fs';
import { DescribeActivityTypeCommand, DescribeDomainCommand, SWFClient } from '@aws-sdk/client-swf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RETIREMENT_GRACE_SECONDS } from '../../lib/common/type-retirement';
import { renderPlanTable } from '../../lib/deploy/render';
import { defaultStateFile, readState, writeState } from '../../lib/deploy/state';
import type { OrderProcessingStack } from '../../lib/example/order-processing-stack';
import { cfnOf, closeWorkspaces, deployer, exampleApp, openWorkspace, swfResources, TestClock } from './support';

/**
 * A renamed construct (here: an overridden logical id, as a move in the construct tree or
 * `@cdk-swf/core:versionInLogicalId` on a deployed stack would give) declares the same SWF resource under a new
 * logical id. Like CloudFormation, apply creates the new one (it adopts what SWF holds) and then cleans up the old
 * one; that cleanup must not retire a type the app still declares, or every decision that schedules it would fail
 * with ACTIVITY_TYPE_DEPRECATED once its grace period is over. Against swf-local with the real SWF client.
 */

vi.setConfig({ testTimeout: 300_000 });

const DOMAIN = 'order-processing';
const AFTER_GRACE_MS = DEFAULT_RETIREMENT_GRACE_SECONDS * 1000 + 1;

let swf: SWFClient;
let cwd: string;
beforeEach(async () => void ({ swf, cwd } = await openWorkspace()));
afterEach(closeWorkspaces);

function logicalIdOf(assembly: string, typeName: string): string {
  const template = JSON.parse(fs.readFileSync(`${assembly}/OrderProcessing.template.json`, 'utf8'));
  return Object.entries<{ Properties?: Record<string, string> }>(template.Resources).find(([, r]) => r.Properties?.Name === typeName)![0];
}

function versionOf(assembly: string, typeName: string): string {
  const template = JSON.parse(fs.readFileSync(`${assembly}/OrderProcessing.template.json`, 'utf8'));
  return Object.values<{ Properties?: Record<string, string> }>(template.Resources).find((r) => r.Properties?.Name === typeName)!.Properties!.Version;
}

describe('renaming a construct that declares an SWF resource', () => {
  it('plans a move, and apply keeps the type and the domain registered, also after the grace period', async () => {
    const clock = new TestClock();
    const { plan, apply } = deployer(swf, cwd, clock);
    const first = exampleApp();
    const oldShip = logicalIdOf(first, 'ShipOrder');
    const oldDomain = logicalIdOf(first, DOMAIN);
    const shipVersion = versionOf(first, 'ShipOrder');
    expect((await apply(first)).exitCode).toBe(0);

    const renamed = exampleApp((stack: OrderProcessingStack) => {
      cfnOf(stack.shipOrder).overrideLogicalId('ShippingStep');
      cfnOf(stack.domain).overrideLogicalId('OrdersDomain');
    });
    const planned = await plan(renamed);
    expect(planned.exitCode).toBe(2);
    const rows = swfResources(planned).filter((r) => [oldShip, oldDomain, 'ShippingStep', 'OrdersDomain'].includes(r.logicalId));
    expect(Object.fromEntries(rows.map((r) => [r.logicalId, `${r.action} ${r.physicalId}`]))).toEqual({
      OrdersDomain: `adopt ${DOMAIN}`,
      ShippingStep: `adopt ActivityType|${DOMAIN}|ShipOrder|${shipVersion}`,
      [oldShip]: `move ActivityType|${DOMAIN}|ShipOrder|${shipVersion}`,
      [oldDomain]: `move ${DOMAIN}`,
    });
    expect(rows.find((r) => r.logicalId === oldShip)?.message).toBe(
      'removed from the app; ShippingStep now declares this same resource: its removal leaves it registered in SWF, not retired',
    );
    expect(renderPlanTable(planned.plans)).toMatch(new RegExp(`${oldShip} +│ +\\S+ +│ move +│`));

    const applied = await apply(renamed);
    expect(applied.exitCode).toBe(0);
    expect(applied.lines).toContain(`  ✓ ${oldShip} [Custom::SwfActivityType] moved ActivityType|${DOMAIN}|ShipOrder|${shipVersion} (now declared by ShippingStep: kept, not retired)`);
    expect(applied.lines).toContain(`  ✓ ${oldDomain} [Custom::SwfDomain] moved ${DOMAIN} (now declared by OrdersDomain: kept, not retired)`);
    const state = readState(defaultStateFile('OrderProcessing', cwd), 'OrderProcessing');
    expect(Object.keys(state.resources)).toEqual(expect.arrayContaining(['ShippingStep', 'OrdersDomain']));
    expect(Object.keys(state.resources)).not.toContain(oldShip);
    expect(Object.keys(state.resources)).not.toContain(oldDomain);
    expect(state.retirements).toEqual([]);

    // A day later, the retirement pass of the next apply has nothing to deprecate.
    clock.advance(AFTER_GRACE_MS);
    expect((await apply(renamed)).exitCode).toBe(0);
    const shipStatus = (await swf.send(new DescribeActivityTypeCommand({ domain: DOMAIN, activityType: { name: 'ShipOrder', version: shipVersion } }))).typeInfo?.status;
    expect(shipStatus).toBe('REGISTERED');
    expect((await swf.send(new DescribeDomainCommand({ name: DOMAIN }))).domainInfo?.status).toBe('REGISTERED');
    expect((await plan(renamed)).exitCode).toBe(0);
  });

  it('a rename whose apply stopped before its cleanup is still a move', async () => {
    const { plan, apply } = deployer(swf, cwd);
    const first = exampleApp();
    const oldShip = logicalIdOf(first, 'ShipOrder');
    const shipVersion = versionOf(first, 'ShipOrder');
    expect((await apply(first)).exitCode).toBe(0);
    // The state an apply leaves when it stops after creating the new logical id (the old one is still recorded).
    const stateFile = defaultStateFile('OrderProcessing', cwd);
    const state = readState(stateFile, 'OrderProcessing');
    state.resources.ShippingStep = state.resources[oldShip];
    writeState(stateFile, state);

    const renamed = exampleApp((stack: OrderProcessingStack) => cfnOf(stack.shipOrder).overrideLogicalId('ShippingStep'));
    const rows = swfResources(await plan(renamed)).filter((r) => [oldShip, 'ShippingStep'].includes(r.logicalId));
    expect(Object.fromEntries(rows.map((r) => [r.logicalId, r.action]))).toEqual({ ShippingStep: 'no change', [oldShip]: 'move' });
    const applied = await apply(renamed);
    expect(applied.results[0].resources.find((r) => r.logicalId === oldShip)).toMatchObject({ action: 'moved', message: 'now declared by ShippingStep: kept, not retired' });
    expect(readState(stateFile, 'OrderProcessing').retirements).toEqual([]);
    const shipStatus = (await swf.send(new DescribeActivityTypeCommand({ domain: DOMAIN, activityType: { name: 'ShipOrder', version: shipVersion } }))).typeInfo?.status;
    expect(shipStatus).toBe('REGISTERED');
  });
});
