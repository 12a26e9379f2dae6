import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import {
  DeprecateActivityTypeCommand,
  DeprecateWorkflowTypeCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  SWFClient,
  TagResourceCommand,
  DescribeDomainCommand,
} from '@aws-sdk/client-swf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDomain } from '../../lib/deploy/import';
import { inProcessHandler } from '../../lib/deploy/in-process-handler';
import { applyApp, planApp } from '../../lib/deploy/run';
import { runCli, useLocalAwsEnvironment } from '../cli/support/run-cli';
import { LocalSwf, startLocalSwf } from '../support/swf-local';
import { countCalls, swfResources, temporaryDirectory, cleanupTemporaryDirectories } from './support';

/**
 * `cdk-swf import` on a domain with 30 types registered by hand (varied defaults: NONE timeouts, priorities, Lambda
 * roles, other task lists, no defaults at all; 4 deprecated): the generated TypeScript compiles and synthesizes with
 * the package, `plan` of that app against the same swf-local shows only adopt, `apply` makes no write to SWF, and the
 * Python output is valid Python.
 */

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const DOMAIN = 'legacy-orders';
const ROLE = 'arn:aws:iam::123456789012:role/swf-lambda';
const OTHER_ROLE = 'arn:aws:iam::123456789012:role/service/other-lambda';

let local: LocalSwf & { stop(): Promise<void> };
let swf: SWFClient;
let work: string;

beforeAll(async () => {
  useLocalAwsEnvironment();
  local = await startLocalSwf();
  swf = local.swf;
  // Inside the project, so the generated code resolves aws-cdk-lib and constructs as it would in a user's app.
  fs.mkdirSync(path.join(root, '.test-work'), { recursive: true });
  work = fs.mkdtempSync(path.join(root, '.test-work', 'import-'));
  await registerByHand();
});
afterAll(async () => {
  await local.stop();
  fs.rmSync(work, { recursive: true, force: true });
  cleanupTemporaryDirectories();
});

/** A domain and 30 types, as an operator or worker start-up code would have registered them. */
async function registerByHand(): Promise<void> {
  await swf.send(new RegisterDomainCommand({ name: DOMAIN, workflowExecutionRetentionPeriodInDays: '14', description: 'Orders, registered by hand' }));
  const arn = (await swf.send(new DescribeDomainCommand({ name: DOMAIN }))).domainInfo!.arn!;
  await swf.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'team', value: 'legacy' }, { key: 'cost-center', value: '42' }] }));
  for (let i = 0; i < 12; i++) {
    const variants = [
      { defaultTaskList: { name: 'decisions' }, defaultExecutionStartToCloseTimeout: '3600', defaultTaskStartToCloseTimeout: 'NONE', defaultChildPolicy: 'TERMINATE' as const, defaultLambdaRole: ROLE },
      {},
      { description: 'Flow with "quotes", a \\ and ünïcode', defaultTaskPriority: '-3', defaultTaskList: { name: 'other-decisions' }, defaultExecutionStartToCloseTimeout: '86400', defaultTaskStartToCloseTimeout: '30', defaultChildPolicy: 'ABANDON' as const },
      { defaultTaskPriority: '7', defaultLambdaRole: OTHER_ROLE, defaultChildPolicy: 'REQUEST_CANCEL' as const, defaultExecutionStartToCloseTimeout: '60' },
    ];
    await swf.send(new RegisterWorkflowTypeCommand({ domain: DOMAIN, name: `Flow${i}`, version: ['1', '2.0', 'v3-beta'][i % 3], ...variants[i % 4] }));
  }
  for (let i = 0; i < 18; i++) {
    const variants = [
      { defaultTaskList: { name: 'activities' }, defaultTaskStartToCloseTimeout: '300', defaultTaskHeartbeatTimeout: 'NONE', defaultTaskScheduleToStartTimeout: 'NONE', defaultTaskScheduleToCloseTimeout: 'NONE' },
      {},
      { description: `Task ${i}`, defaultTaskPriority: '100', defaultTaskList: { name: 'slow-activities' }, defaultTaskHeartbeatTimeout: '60', defaultTaskScheduleToCloseTimeout: '7200' },
    ];
    await swf.send(new RegisterActivityTypeCommand({ domain: DOMAIN, name: `Task${i}`, version: String(i % 2 === 0 ? 1 : 2), ...variants[i % 3] }));
  }
  await swf.send(new DeprecateWorkflowTypeCommand({ domain: DOMAIN, workflowType: { name: 'Flow5', version: 'v3-beta' } }));
  await swf.send(new DeprecateWorkflowTypeCommand({ domain: DOMAIN, workflowType: { name: 'Flow6', version: '1' } }));
  await swf.send(new DeprecateActivityTypeCommand({ domain: DOMAIN, activityType: { name: 'Task4', version: '1' } }));
  await swf.send(new DeprecateActivityTypeCommand({ domain: DOMAIN, activityType: { name: 'Task7', version: '2' } }));
}

describe('cdk-swf import', () => {
  it('writes TypeScript that compiles, synthesizes, plans as adopt only, and applies without a single write to SWF', async () => {
    const file = path.join(work, 'legacy-stack.ts');
    const imported = await runCli('import', '--domain', DOMAIN, '--out', file, '--include-deprecated', '--endpoint-url', local.server.endpoint);
    expect(imported.stderr).toContain(`wrote ${file}: LegacyOrdersSwfStack with domain ${DOMAIN}, 10 workflow types, 16 activity types; 4 deprecated types commented out`);
    expect(imported.stderr).toMatch(/next: add LegacyOrdersSwfStack to your CDK app and run `cdk deploy`: it adopts the domain and every type without writing to SWF \(except the domain's tags\)/);
    expect(imported.code).toBe(0);
    const code = fs.readFileSync(file, 'utf8');
    expect(code).toContain('// DEPRECATED in SWF: deploying it would undeprecate it.');
    expect(code).toContain(`iam.Role.fromRoleArn(this, 'LambdaRole2', '${OTHER_ROLE}', { mutable: false })`);
    expect(code).toContain('defaultTaskHeartbeatTimeout: SwfTimeout.NONE');

    // Compiles with the package's types, and synthesizes, the way a user's app would use it.
    fs.writeFileSync(
      path.join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022', module: 'commonjs', moduleResolution: 'node', strict: true, esModuleInterop: true, skipLibCheck: true, noEmit: true,
          types: ['node'], baseUrl: '.', paths: { 'cdk-swf': [path.join(root, 'lib/index.ts')] },
        },
        files: ['legacy-stack.ts', 'app.ts'],
      }),
    );
    fs.writeFileSync(
      path.join(work, 'app.ts'),
      "import { App } from 'aws-cdk-lib';\nimport { LegacyOrdersSwfStack } from './legacy-stack';\n\nconst app = new App({ outdir: process.argv[2] });\nnew LegacyOrdersSwfStack(app, 'Legacy');\napp.synth();\n",
    );
    await run('npx', ['tsc', '-p', path.join(work, 'tsconfig.json')], { cwd: root });
    const assembly = path.join(work, 'cdk.out');
    await run('npx', ['tsx', '--tsconfig', path.join(work, 'tsconfig.json'), path.join(work, 'app.ts'), assembly], { cwd: root });

    const cwd = temporaryDirectory('cwd');
    const options = { assemblyDirectory: assembly, cwd, swf, handler: inProcessHandler({ swf }), flags: { region: 'us-east-1' } };
    const plan = await planApp(options);
    const rows = swfResources(plan);
    expect(rows).toHaveLength(27);
    expect(new Set(rows.map((r) => r.action))).toEqual(new Set(['adopt']));
    expect(rows.every((r) => r.tagChanges === undefined)).toBe(true);

    const counter = countCalls(swf);
    const applied = await applyApp({ ...options, log: () => undefined });
    expect(applied.exitCode).toBe(0);
    expect(counter.calls.filter((call) => !/^(Describe|List)/.test(call))).toEqual([]);
    const after = await planApp(options);
    expect(after.exitCode).toBe(0);
    expect(new Set(swfResources(after).map((r) => r.action))).toEqual(new Set(['no change']));
  });

  it('writes Python that is valid Python', async () => {
    const file = path.join(work, 'legacy_stack.py');
    const imported = await runCli('import', '--domain', DOMAIN, '--language', 'python', '--out', file, '--endpoint-url', local.server.endpoint);
    expect(imported.code).toBe(0);
    const code = fs.readFileSync(file, 'utf8');
    expect(code).toContain('class LegacyOrdersSwfStack(Stack):');
    expect(code).toContain('default_task_heartbeat_timeout=SwfTimeout.NONE,');
    expect(code).toContain('retention=DomainRetention.days(14),');
    expect(code).not.toContain('Flow5');
    await run('python3', ['-m', 'py_compile', file]);
  });

  it('pages through more types than one List page holds', async () => {
    await swf.send(new RegisterDomainCommand({ name: 'crowded', workflowExecutionRetentionPeriodInDays: '1' }));
    for (let start = 0; start < 1_001; start += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, 1_001 - start) }, (_, i) =>
          swf.send(new RegisterActivityTypeCommand({ domain: 'crowded', name: `Task${start + i}`, version: '1' })),
        ),
      );
    }
    const result = await importDomain(swf, { domain: 'crowded' });
    expect(result.counts).toEqual({ workflowTypes: 0, activityTypes: 1_001, deprecated: 0 });
    expect(result.code.match(/new ActivityType\(/g)).toHaveLength(1_001);
  });

  it('says in one line that a domain does not exist', async () => {
    const result = await runCli('import', '--domain', 'no-such-domain', '--endpoint-url', local.server.endpoint);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^cdk-swf: .*no-such-domain/);
  });
});
