import { DescribeDomainCommand } from '@aws-sdk/client-swf';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, startLocalSwf } from '../support/swf-local';
import { createEvent, DOMAIN } from './support';

const root = join(__dirname, '..', '..');
let local: Awaited<ReturnType<typeof startLocalSwf>>;

beforeAll(async () => {
  execFileSync(process.execPath, [join(root, 'scripts', 'bundle-handler.mjs')], { cwd: root, stdio: 'pipe' });
  local = await startLocalSwf();
  // The Lambda gets its endpoint, Region and credentials from the environment, like any SDK user.
  process.env.AWS_ENDPOINT_URL_SWF = local.server.endpoint;
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
}, 120_000);
afterAll(() => local.stop());

it('the esbuild bundle loads in plain Node and handles a Create against swf-local', async () => {
  const bundle = createRequire(__filename)(join(root, 'dist', 'handler-bundle', 'swf-resource', 'index.js'));
  const context = {
    getRemainingTimeInMillis: () => 60_000,
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:swf-resource-handler',
  };

  const result = await bundle.handler(createEvent(DOMAIN, { Name: 'bundled', WorkflowExecutionRetentionPeriodInDays: '3' }), context);

  expect(result).toEqual({
    PhysicalResourceId: 'bundled',
    Data: { Name: 'bundled', Arn: 'arn:aws:swf:us-east-1:123456789012:/domain/bundled' },
  });
  const described = await local.swf.send(new DescribeDomainCommand({ name: 'bundled' }));
  expect(described.configuration?.workflowExecutionRetentionPeriodInDays).toBe('3');
  // The bundle carries its own copy of the SDK; it must still work with a client made from node_modules (cdk-swf apply).
  await expect(bundle.inspectResource(DOMAIN, { Name: 'bundled', WorkflowExecutionRetentionPeriodInDays: '3' }, local.swf)).resolves.toEqual({
    identity: 'bundled',
    state: 'registered',
    differences: [],
    tagChanges: { added: [], changed: [], removed: [] },
  });
});
