import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkerImage } from '../../lib/worker-service';
import { imageAsset, synthWorkers, workerProject } from './worker-project-fixture';

/*
 * The worker image's asset hash decides whether `cdk deploy` rebuilds the image and replaces every worker task
 * definition: it must follow the worker code, not the CDK app's code.
 */
describe('the worker image asset hash', () => {
  const project = workerProject();
  const hash = (): string => imageAsset(synthWorkers({ image: WorkerImage.fromProject({ directory: project }) }).outdir).hash;
  const edit = (file: string, text = '\n// edited\n'): void => appendFileSync(join(project, file), text);

  it('does not change when the CDK app code, its settings or the docs change', () => {
    const before = hash();
    edit('bin/app.ts');
    edit('lib/workers-stack.ts', "\nexport const ALARM_EMAIL = 'ops@example.com';\n");
    writeFileSync(join(project, 'cdk.json'), JSON.stringify({ app: 'npx tsx bin/app.ts', context: { '@aws-cdk/core:newStyleStackSynthesis': true } }));
    writeFileSync(join(project, 'cdk.context.json'), '{"availability-zones:account=1:region=eu-west-1":["eu-west-1a"]}');
    edit('README.md', '\nMore words.\n');
    edit('test/workers.test.ts');
    writeFileSync(join(project, 'cdk.out', 'manifest.json'), '{"version":"2"}');
    expect(hash()).toBe(before);
  });

  it('changes when the worker code, a module it imports, or the dependencies change', () => {
    let previous = hash();
    for (const change of [
      () => edit('src/workers.ts'),
      () => edit('src/names.ts'), // imported by the worker and by the stack
      () => writeFileSync(join(project, 'package-lock.json'), JSON.stringify({ name: 'orders-app', lockfileVersion: 3, packages: { '': {} } })),
    ]) {
      change();
      const next = hash();
      expect(next).not.toBe(previous);
      previous = next;
    }
  });
});
