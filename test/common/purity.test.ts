import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const COMMON = join(__dirname, '..', '..', 'lib', 'common');

/**
 * lib/common is the one home of SWF's facts, shared by the constructs, the Lambda handler, swf-local, the worker
 * runtime and the CLI: the runtime halves must be able to load it without aws-cdk-lib (users' worker images do not
 * carry it). CDK helpers live in lib/construct-support instead.
 */
it('lib/common never loads aws-cdk-lib or constructs', () => {
  const offenders = readdirSync(COMMON)
    .filter((file) => file.endsWith('.ts'))
    .filter((file) => /from '(aws-cdk-lib|constructs)(\/[^']*)?'/.test(readFileSync(join(COMMON, file), 'utf8')));
  expect(offenders).toEqual([]);
});
