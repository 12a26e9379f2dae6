import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Decision,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  RespondActivityTaskCompletedCommand,
  RespondActivityTaskFailedCommand,
} from '@aws-sdk/client-swf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTCOME_COLOURS, WAITING_COLOUR } from '../../lib/ops/timeline-svg';
import { startLocalSwf } from '../support/swf-local';
import { decideOnce, hasEvent, takeActivityTask, waitForHistory } from './support/drive';
import { runCli, runJson, useLocalAwsEnvironment } from './support/run-cli';
import { findAll, parseXml, XmlElement } from './support/xml';

type Local = Awaited<ReturnType<typeof startLocalSwf>>;
let local: Local;
let endpoint: string[];
let dir: string;
const RESIZE = 'resize <&> "crop"';

beforeAll(async () => {
  useLocalAwsEnvironment();
  local = await startLocalSwf({ longPollTimeoutMs: 1_000 });
  endpoint = ['--endpoint-url', local.server.endpoint];
  dir = mkdtempSync(join(tmpdir(), 'cdk-swf-timeline-'));
  const swf = local.swf;
  await swf.send(new RegisterDomainCommand({ name: 'media', workflowExecutionRetentionPeriodInDays: '1' }));
  const workflowDefaults = { defaultExecutionStartToCloseTimeout: '60', defaultTaskStartToCloseTimeout: '10', defaultChildPolicy: 'TERMINATE' as const };
  await swf.send(new RegisterWorkflowTypeCommand({ domain: 'media', name: 'Thumbnails', version: '1', defaultTaskList: { name: 'media-decisions' }, ...workflowDefaults }));
  await swf.send(new RegisterWorkflowTypeCommand({ domain: 'media', name: 'Notify', version: '1', defaultTaskList: { name: 'media-child' }, ...workflowDefaults }));
  for (const name of ['fetch', RESIZE, 'upload', 'index']) {
    await swf.send(
      new RegisterActivityTypeCommand({
        domain: 'media',
        name,
        version: '1',
        defaultTaskList: { name: 'media-work' },
        defaultTaskStartToCloseTimeout: '30',
        defaultTaskScheduleToStartTimeout: 'NONE',
        defaultTaskScheduleToCloseTimeout: 'NONE',
        defaultTaskHeartbeatTimeout: 'NONE',
      }),
    );
  }
});

afterAll(async () => {
  await local?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const schedule = (name: string, activityId: string, extra: Record<string, unknown> = {}): Decision => ({
  decisionType: 'ScheduleActivityTask',
  scheduleActivityTaskDecisionAttributes: { activityType: { name, version: '1' }, activityId, ...extra },
});

/**
 * Drives one execution through every outcome the picture distinguishes: an activity that completes, one that fails,
 * one that times out (1 s start-to-close, the worker never answers), one nobody picks up, a 1 s timer, a child
 * workflow, a marker and a signal. The execution stays open.
 */
async function driveThumbnails(workflowId: string): Promise<{ workflowId: string; runId: string }> {
  const swf = local.swf;
  // Task lists of this execution's own, so that tasks left behind by other executions are never picked up here.
  const decisions = `${workflowId}-decisions`;
  const work = { taskList: { name: `${workflowId}-work` } };
  const childDecisions = `${workflowId}-child`;
  const { runId } = await runJson<{ runId: string }>(
    'executions', 'start', '--domain', 'media', '--type', 'Thumbnails', '--type-version', '1', '--id', workflowId, '--task-list', decisions, ...endpoint,
  );
  await decideOnce(swf, 'media', decisions, () => [
    schedule('fetch', 'a1', work),
    schedule(RESIZE, 'b1', work),
    schedule('upload', 'c1', { ...work, startToCloseTimeout: '1' }),
    schedule('index', 'd1', { taskList: { name: 'nobody-polls-this' } }),
    { decisionType: 'StartTimer', startTimerDecisionAttributes: { timerId: 'cool-down', startToFireTimeout: '1' } },
    {
      decisionType: 'StartChildWorkflowExecution',
      startChildWorkflowExecutionDecisionAttributes: { workflowType: { name: 'Notify', version: '1' }, workflowId: `${workflowId}-notify`, taskList: { name: childDecisions } },
    },
    { decisionType: 'RecordMarker', recordMarkerDecisionAttributes: { markerName: 'checkpoint' } },
  ]);
  const signal = await runCli('executions', 'signal', '--domain', 'media', '--id', workflowId, '--signal', 'progress', ...endpoint);
  expect(signal.code).toBe(0);
  for (let i = 0; i < 3; i++) {
    const task = await takeActivityTask(swf, 'media', work.taskList.name);
    if (task.activityId === 'a1') await swf.send(new RespondActivityTaskCompletedCommand({ taskToken: task.taskToken, result: 'fetched' }));
    if (task.activityId === 'b1') await swf.send(new RespondActivityTaskFailedCommand({ taskToken: task.taskToken, reason: 'bad pixels' }));
    // c1 is left unanswered: it times out after 1 s.
  }
  await decideOnce(swf, 'media', childDecisions, () => [{ decisionType: 'CompleteWorkflowExecution', completeWorkflowExecutionDecisionAttributes: {} }]);
  const execution = { workflowId, runId };
  await waitForHistory(swf, 'media', execution, (events) =>
    ['ActivityTaskTimedOut', 'TimerFired', 'ChildWorkflowExecutionCompleted', 'ActivityTaskFailed', 'ActivityTaskCompleted'].every((t) => hasEvent(t)(events)),
  );
  return execution;
}

function rowsOf(svg: XmlElement): XmlElement[] {
  return findAll(svg, (e) => e.name === 'g' && e.attributes.class === 'row');
}

function labelOf(row: XmlElement): string {
  return row.children.find((c) => c.name === 'text')?.text ?? '';
}

function rect(row: XmlElement, cls: string): XmlElement | undefined {
  return row.children.find((c) => c.name === 'rect' && c.attributes.class === cls);
}

describe('executions history --timeline', () => {
  it('draws one row per activity, timer and child workflow, coloured by outcome', async () => {
    const execution = await driveThumbnails('thumbs-1');
    const file = join(dir, 'thumbs-1.svg');
    const result = await runCli('executions', 'history', 'thumbs-1', '--domain', 'media', '--timeline', file, ...endpoint);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(`Timeline of 'thumbs-1' (run ${execution.runId}) written to ${file}: 6 rows (4 activity tasks, 1 timer, 1 child workflow), `)).toBe(true);

    const svg = parseXml(readFileSync(file, 'utf8'));
    expect(svg.name).toBe('svg');
    expect(svg.attributes.xmlns).toBe('http://www.w3.org/2000/svg');

    const rows = rowsOf(svg);
    const byKind = (kind: string) => rows.filter((r) => r.attributes['data-kind'] === kind);
    expect(byKind('execution')).toHaveLength(1);
    expect(byKind('execution')[0].attributes['data-outcome']).toBe('open');

    const activities = byKind('activity');
    expect(activities.map((r) => [labelOf(r), r.attributes['data-outcome']])).toEqual([
      ['fetch@1 (a1)', 'completed'],
      [`${RESIZE}@1 (b1)`, 'failed'],
      ['upload@1 (c1)', 'timedOut'],
      ['index@1 (d1)', 'open'],
    ]);
    expect(byKind('timer').map((r) => [labelOf(r), r.attributes['data-outcome']])).toEqual([['timer cool-down (1s)', 'completed']]);
    expect(byKind('child').map((r) => [labelOf(r), r.attributes['data-outcome']])).toEqual([['child Notify@1 (thumbs-1-notify)', 'completed']]);

    // The bar after start is drawn in the outcome's colour; the distinct outcomes get distinct colours.
    for (const row of rows) {
      expect(rect(row, 'run')?.attributes.fill).toBe(OUTCOME_COLOURS[row.attributes['data-outcome'] as keyof typeof OUTCOME_COLOURS]);
    }
    expect(new Set(activities.map((r) => rect(r, 'run')?.attributes.fill)).size).toBe(4);

    // Nobody ever picked up `index`: it waits (grey) up to the right edge; `upload` ran for about its 1 s timeout.
    const index = activities[3];
    expect(rect(index, 'wait')?.attributes.fill).toBe(WAITING_COLOUR);
    const right = (e: XmlElement) => Number(e.attributes.x) + Number(e.attributes.width);
    expect(right(rect(index, 'wait')!)).toBeGreaterThanOrEqual(right(rect(byKind('execution')[0], 'run')!) - 1);
    const uploadTitle = activities[2].children.find((c) => c.name === 'title')!.text;
    expect(uploadTitle).toContain('timed out (START_TO_CLOSE)');
    const ran = /ran ([\d.]+)(ms|s)/.exec(uploadTitle)!;
    const ranMs = Number(ran[1]) * (ran[2] === 's' ? 1_000 : 1);
    expect(ranMs).toBeGreaterThanOrEqual(900);
    expect(ranMs).toBeLessThan(5_000);
    expect(activities[1].children.find((c) => c.name === 'title')!.text).toContain('failed (bad pixels)');

    // Signals, decisions and markers are marks on their own rows.
    const marks = findAll(svg, (e) => e.name === 'g' && e.attributes.class === 'mark');
    const markKinds = marks.map((m) => m.attributes['data-kind']);
    expect(markKinds.filter((k) => k === 'signal')).toHaveLength(1);
    expect(markKinds.filter((k) => k === 'marker')).toHaveLength(1);
    expect(markKinds.filter((k) => k === 'decision').length).toBeGreaterThanOrEqual(1);
    expect(marks.find((m) => m.attributes['data-kind'] === 'signal')!.children[0].text).toMatch(/^signal progress at /);

    // A time axis starting at 0.
    const axis = findAll(svg, (e) => e.name === 'g' && e.attributes.class === 'axis')[0];
    const ticks = axis.children.filter((c) => c.name === 'text').map((t) => t.text);
    expect(ticks[0]).toBe('0');
    expect(ticks.length).toBeGreaterThanOrEqual(2);
  });

  it('colours a terminated execution and still prints JSON when asked', async () => {
    await driveThumbnails('thumbs-2');
    await runCli('executions', 'terminate', '--domain', 'media', '--id', 'thumbs-2', '--reason', 'operator stopped it', ...endpoint);
    const file = join(dir, 'thumbs-2.svg');
    const result = await runCli('executions', 'history', 'thumbs-2', '--domain', 'media', '--timeline', file, '--json', ...endpoint);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).events.at(-1).eventType).toBe('WorkflowExecutionTerminated');
    expect(result.stderr).toContain(`written to ${file}`);

    const svg = parseXml(readFileSync(file, 'utf8'));
    const execution = rowsOf(svg).find((r) => r.attributes['data-kind'] === 'execution')!;
    expect(execution.attributes['data-outcome']).toBe('terminated');
    expect(rect(execution, 'run')?.attributes.fill).toBe(OUTCOME_COLOURS.terminated);
    // The activity nobody picked up ended with the execution: no longer drawn as still open.
    const index = rowsOf(svg).find((r) => labelOf(r) === 'index@1 (d1)')!;
    expect(index.attributes['data-outcome']).toBe('terminated');
    expect(index.children.find((c) => c.name === 'title')!.text).toContain('still open when the execution closed (terminated)');
    expect(findAll(svg, (e) => e.name === 'text').some((t) => t.text.includes('terminated after') && t.text.includes('operator stopped it'))).toBe(true);
  });

  it('says so when the file cannot be written', async () => {
    const result = await runCli('executions', 'history', 'thumbs-1', '--domain', 'media', '--timeline', join(dir, 'missing', 'x.svg'), ...endpoint);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `cdk-swf: cannot write --timeline ${join(dir, 'missing', 'x.svg')}: directory ${join(dir, 'missing')} does not exist: create it (mkdir -p ${join(dir, 'missing')}) or choose another path\n`,
    );
  });
});

describe('the XML checker used above', () => {
  it('rejects what is not well-formed', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/closes/);
    expect(() => parseXml('<a>x & y</a>')).toThrow(/bare &/);
    expect(() => parseXml('<a t="<"/>')).toThrow(/bare </);
    expect(() => parseXml('<a t=1/>')).toThrow(/not quoted/);
    expect(parseXml('<a t="&lt;&amp;">x</a>')).toMatchObject({ name: 'a', attributes: { t: '<&' }, text: 'x' });
  });
});
