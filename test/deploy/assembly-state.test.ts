import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { readCloudAssembly, selectStacks } from '../../lib/deploy/assembly';
import { inProcessHandler } from '../../lib/deploy/in-process-handler';
import { planApp } from '../../lib/deploy/run';
import { defaultStateFile, emptyState, lockState, readState, writeState } from '../../lib/deploy/state';
import { clientFor } from '../support/swf-local';
import { cleanupTemporaryDirectories, synth, temporaryDirectory } from './support';

afterAll(cleanupTemporaryDirectories);

/** Two stacks at the top (Shared is deployed first), and one in a Stage bound to an environment. */
function multiStackAssembly(): string {
  return synth((app) => {
    const shared = new Stack(app, 'Shared');
    new CfnResource(shared, 'Domain', { type: 'Custom::SwfDomain', properties: { Name: 'shared' } });
    const orders = new Stack(app, 'Orders');
    new CfnResource(orders, 'Domain', { type: 'Custom::SwfDomain', properties: { Name: 'orders' } });
    orders.addStackDependency(shared);
    const prod = new Stage(app, 'Prod', { env: { account: '111122223333', region: 'eu-west-1' } });
    const prodStack = new Stack(prod, 'Orders');
    new CfnResource(prodStack, 'Domain', { type: 'Custom::SwfDomain', properties: { Name: 'prod-orders' } });
  });
}

describe('reading a cloud assembly', () => {
  const assembly = multiStackAssembly();

  it('reads every stack, nested Stage assemblies included, dependencies first, with the stack env', () => {
    const stacks = readCloudAssembly(assembly);
    const names = stacks.map((s) => s.displayName);
    expect([...names].sort()).toEqual(['Orders', 'Prod/Orders', 'Shared']);
    expect(names.indexOf('Shared')).toBeLessThan(names.indexOf('Orders'));
    const byName = Object.fromEntries(stacks.map((s) => [s.displayName, s]));
    expect(byName['Prod/Orders']).toMatchObject({ stackName: 'Prod-Orders', account: '111122223333', region: 'eu-west-1' });
    expect(byName.Shared).toMatchObject({ stackName: 'Shared', account: undefined, region: undefined });
    expect(byName.Orders.template.Resources?.Domain.Properties).toEqual({ Name: 'orders' });
  });

  it('selects stacks by name, display path or wildcard, and lists the stacks when nothing matches', () => {
    const stacks = readCloudAssembly(assembly);
    expect(selectStacks(stacks, 'Prod/Orders').map((s) => s.stackName)).toEqual(['Prod-Orders']);
    expect(selectStacks(stacks, 'Prod-Orders').map((s) => s.stackName)).toEqual(['Prod-Orders']);
    expect(selectStacks(stacks, '*Orders').map((s) => s.stackName).sort()).toEqual(['Orders', 'Prod-Orders']);
    expect(() => selectStacks(stacks, 'Nope')).toThrow(/^no stack matches --stack Nope; the assembly has: .*Prod\/Orders/);
  });

  it('says what to do when --app is not a cloud assembly', () => {
    const missing = path.join(temporaryDirectory('none'), 'cdk.out');
    expect(() => readCloudAssembly(missing)).toThrow(`${missing} does not exist: point --app at a synthesized cloud assembly (run \`npx cdk synth\` first)`);
    const empty = temporaryDirectory('empty');
    expect(() => readCloudAssembly(empty)).toThrow(`${empty} has no manifest.json`);
  });

  it('refuses one --state file for several stacks before calling SWF', async () => {
    const swf = clientFor('http://127.0.0.1:9');
    await expect(
      planApp({ assemblyDirectory: assembly, stateFile: 'state.json', swf, handler: inProcessHandler({ swf }) }),
    ).rejects.toThrow('--state names one state file but 3 stacks are selected: add --stack to pick one');
    swf.destroy();
  });
});

describe('the state file', () => {
  it('round-trips, is replaced atomically (no temporary file left), and starts empty when missing', () => {
    const cwd = temporaryDirectory('state');
    const file = defaultStateFile('Prod-Orders', cwd);
    expect(file).toBe(path.join(cwd, '.cdk-swf', 'state-Prod-Orders.json'));
    expect(readState(file, 'Prod-Orders')).toEqual(emptyState('Prod-Orders'));

    const state = emptyState('Prod-Orders');
    state.resources.Domain = { type: 'Custom::SwfDomain', physicalId: 'orders', properties: { Name: 'orders' }, data: { Name: 'orders' }, deletionPolicy: 'Retain', dependencies: [] };
    writeState(file, state);
    writeState(file, state);
    expect(readState(file, 'Prod-Orders')).toEqual(state);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['state-Prod-Orders.json']);
  });

  it('rejects a corrupt file or one of another stack with a message saying what to do', () => {
    const file = path.join(temporaryDirectory('state'), 'state.json');
    fs.writeFileSync(file, '{ not json');
    expect(() => readState(file, 'Orders')).toThrow(/is not valid JSON .*restore it or delete it to start over/);
    writeState(file, emptyState('Shared'));
    expect(() => readState(file, 'Orders')).toThrow(`state file ${file} belongs to stack Shared, not Orders: pass the right --state`);
  });

  it('lets one apply at a time hold a stack\'s state', () => {
    const file = path.join(temporaryDirectory('state'), '.cdk-swf', 'state-Orders.json');
    const release = lockState(file);
    expect(() => lockState(file)).toThrow(`another cdk-swf apply holds ${file}.lock; wait for it, or delete the file if no apply is running`);
    release();
    lockState(file)();
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });
});
