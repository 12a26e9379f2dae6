import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { main } from '../../lib/cli/main';
import { readWorkerEnvironment } from '../../lib/worker/env';
import { loadWorkerModule, workflowsFrom } from '../../lib/worker/worker-module';

// A compiled (.js) worker module, as a container runs it. (.ts modules load when the CLI runs under tsx: shutdown.test.ts.)
const dir = mkdtempSync(join(tmpdir(), 'cdk-swf-worker-module-'));
const FIXTURE = join(dir, 'activities.js');
writeFileSync(FIXTURE, 'exports.activities = { Work: async (input) => `worked ${input}` };\n');

describe('cdk-swf worker: configuration from the environment and the module', () => {
  const saved = { ...process.env };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => {
    process.env = { ...saved };
    process.exitCode = undefined;
  });

  it('reads the construct contract: versions as JSON objects, numbers checked', () => {
    const env = readWorkerEnvironment({
      SWF_DOMAIN: 'orders',
      SWF_TASK_LIST: 'decisions',
      SWF_WORKFLOW_VERSIONS: '{"ProcessOrder":"3"}',
      SWF_ACTIVITY_VERSIONS: '{"ChargePayment":"a1b2"}',
      SWF_DRAIN_SECONDS: '45',
      SWF_CONCURRENCY: '8',
      SWF_IDENTITY: 'task-123',
    });
    expect(env).toEqual({
      domain: 'orders',
      taskList: 'decisions',
      workflowVersions: { ProcessOrder: '3' },
      activityVersions: { ChargePayment: 'a1b2' },
      drainSeconds: 45,
      concurrency: 8,
      identity: 'task-123',
      heartbeatIntervalSeconds: undefined,
    });
  });

  it('rejects malformed values with a one-line message naming the variable', () => {
    expect(() => readWorkerEnvironment({ SWF_WORKFLOW_VERSIONS: '["ProcessOrder"]' })).toThrow(/^SWF_WORKFLOW_VERSIONS must be a JSON object of name -> version/);
    expect(() => readWorkerEnvironment({ SWF_ACTIVITY_VERSIONS: '{"A":1}' })).toThrow('SWF_ACTIVITY_VERSIONS: the version of "A" must be a non-empty string');
    expect(() => readWorkerEnvironment({ SWF_CONCURRENCY: '1.5' })).toThrow('SWF_CONCURRENCY must be a whole number >= 1; got: 1.5');
    expect(() => readWorkerEnvironment({ SWF_DRAIN_SECONDS: 'soon' })).toThrow('SWF_DRAIN_SECONDS must be a number >= 0; got: soon');
  });

  it('accepts workflows as an array or as an object keyed by name', () => {
    const decide = () => [];
    expect(workflowsFrom({ workflows: { A: decide, B: { version: '2', decide } } }, 'm.js')).toEqual([
      { name: 'A', decide },
      { name: 'B', version: '2', decide },
    ]);
    expect(workflowsFrom({ workflows: [{ name: 'A', decide }] }, 'm.js')).toEqual([{ name: 'A', decide }]);
    expect(() => workflowsFrom({}, 'm.js')).toThrow('m.js must export "workflows": an array of { name, version?, decide } or an object of workflow name -> decide function');
  });

  it('loads a compiled module and says clearly when the file is missing', () => {
    expect(Object.keys(loadWorkerModule(FIXTURE).activities ?? {})).toEqual(['Work']);
    expect(() => loadWorkerModule('no/such/module.js')).toThrow(/^Worker module not found: .*no\/such\/module\.js$/);
  });

  it('the CLI refuses to start without a domain or with a module that lacks the export for its kind', async () => {
    delete process.env.SWF_DOMAIN;
    process.env.SWF_TASK_LIST = 'work';
    await expect(main(['node', 'cdk-swf', 'worker', '--kind', 'activity', '--module', FIXTURE])).rejects.toThrow('no domain: set SWF_DOMAIN or pass --domain');
    process.env.SWF_DOMAIN = 'd';
    await expect(main(['node', 'cdk-swf', 'worker', '--kind', 'decider', '--module', FIXTURE])).rejects.toThrow(/must export "workflows"/);
  });
});
