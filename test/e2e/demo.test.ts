import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

// `npm start` as a user runs it: a separate process, nothing shared with the test.
describe('npm start (the offline demo)', () => {
  it('applies the example app to swf-local, runs 20 orders to completion, prints a summary and exits 0', () => {
    const run = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'bin', 'demo.ts')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 150_000,
      env: { ...process.env, AWS_ENDPOINT_URL_SWF: '', AWS_PROFILE: '' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/\[Custom::SwfDomain\] created order-processing/);
    expect(out.match(/\[Custom::Swf(Workflow|Activity)Type\] created/g)).toHaveLength(4);
    // One summary row per order, every one completed; retried charges and fraud checks (✗✓), both approval paths.
    const rows = out.split('\n').filter((line) => /^│ order-\d\d /.test(line));
    expect(rows).toHaveLength(20);
    for (const row of rows) expect(row).toMatch(/│ COMPLETED │/);
    expect(rows.filter((row) => row.includes('ChargePayment ✗✓')).length).toBe(10);
    // The fraud check is a Lambda task swf-local runs offline; orders ending in 2, 5 or 8 see it fail once.
    expect(rows.filter((row) => row.includes('FraudCheck ✗✓')).length).toBe(6);
    expect(rows.filter((row) => row.includes('FraudCheck ✓ ')).length).toBe(14);
    expect(rows.filter((row) => /│ signal\s+│$/.test(row)).length).toBe(7);
    expect(rows.filter((row) => /│ timer\s+│$/.test(row)).length).toBe(13);
    expect(out).toMatch(/All 20 orders completed\./);
  }, 180_000);
});
