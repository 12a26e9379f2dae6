import { formatDuration, localTime, truncate } from './output';
import type { Outcome, Timeline, TimelineMark, TimelineRow } from './timeline';

/** Bar colours by outcome (what a person reads first), plus the colour of time spent waiting for a worker. */
export const OUTCOME_COLOURS: Record<Outcome, string> = {
  completed: '#2e7d32',
  failed: '#c62828',
  timedOut: '#ef6c00',
  canceled: '#757575',
  terminated: '#6a1b9a',
  continuedAsNew: '#00838f',
  open: '#1e88e5',
};
export const WAITING_COLOUR = '#b0bec5';

const OUTCOME_LABELS: Record<Outcome, string> = {
  completed: 'completed',
  failed: 'failed',
  timedOut: 'timed out',
  canceled: 'canceled',
  terminated: 'terminated',
  continuedAsNew: 'continued as new',
  open: 'still open',
};

const WIDTH = 1200;
const LABEL_WIDTH = 300;
const CHART_LEFT = LABEL_WIDTH + 10;
const CHART_RIGHT = WIDTH - 70;
const ROW_HEIGHT = 22;
const BAR_HEIGHT = 12;
const HEADER_HEIGHT = 96;
const AXIS_HEIGHT = 34;
const MIN_BAR_WIDTH = 3;
const FONT = 'font-family="Helvetica, Arial, sans-serif"';

/** Axis steps to choose from, in milliseconds: the smallest giving at most 10 ticks wins. */
const TICK_STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 10e3, 15e3, 30e3, 60e3, 120e3, 300e3, 600e3, 900e3, 1_800e3,
  3_600e3, 7_200e3, 10_800e3, 21_600e3, 43_200e3, 86_400e3, 172_800e3, 604_800e3, 2_592_000e3,
];

/**
 * Draws a workflow execution as an SVG document: the execution, its decisions and signals, then one row per activity,
 * timer, child workflow and Lambda function, with bars from scheduled to started (grey, waiting) to closed (coloured by
 * outcome), and a time axis relative to the start. Every element carries a `<title>` tooltip with exact times.
 */
export function renderTimelineSvg(timeline: Timeline): string {
  const span = Math.max(1, timeline.endedAt - timeline.startedAt);
  const x = (t: number) => CHART_LEFT + ((Math.min(Math.max(t, timeline.startedAt), timeline.endedAt) - timeline.startedAt) / span) * (CHART_RIGHT - CHART_LEFT);

  const markRows = markRowsOf(timeline.marks);
  const rowCount = 1 + markRows.length + timeline.rows.length;
  const chartTop = HEADER_HEIGHT;
  const chartBottom = chartTop + rowCount * ROW_HEIGHT;
  const height = chartBottom + AXIS_HEIGHT;
  const parts: string[] = [];

  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" ${FONT} font-size="12">`,
    `<title>${esc(`SWF execution ${timeline.workflowId} (${timeline.runId})`)}</title>`,
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    header(timeline),
    legend(),
    axis(timeline, span, x, chartTop, chartBottom),
  );

  let rowIndex = 0;
  const rowTop = () => chartTop + rowIndex * ROW_HEIGHT;

  parts.push(
    barRow(
      { kind: 'execution', label: `execution ${timeline.workflowType ?? ''}`.trim(), scheduledAt: timeline.startedAt, startedAt: timeline.startedAt, closedAt: timeline.outcome === 'open' ? undefined : timeline.endedAt, outcome: timeline.outcome, detail: timeline.closeDetail },
      rowTop(),
      x,
      timeline.endedAt,
    ),
  );
  rowIndex++;
  for (const markRow of markRows) {
    parts.push(marksRow(markRow.title, markRow.marks, rowTop(), x, timeline.startedAt));
    rowIndex++;
  }
  for (const row of timeline.rows) {
    parts.push(barRow(row, rowTop(), x, timeline.endedAt));
    rowIndex++;
  }
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function header(t: Timeline): string {
  const duration = formatDuration(t.endedAt - t.startedAt);
  const status = t.outcome === 'open' ? `still open after ${duration}` : `${OUTCOME_LABELS[t.outcome]} after ${duration}`;
  const detail = t.closeDetail ? ` (${t.closeDetail})` : '';
  return [
    `<text x="10" y="22" font-size="16" font-weight="bold">${esc(truncate(`${t.workflowId}  ${t.workflowType ?? ''}`, 120))}</text>`,
    `<text x="10" y="40" fill="#455a64">${esc(`run ${t.runId} · started ${localTime(new Date(t.startedAt))} (${new Date(t.startedAt).toISOString()})`)}</text>`,
    `<text x="10" y="58" fill="${OUTCOME_COLOURS[t.outcome]}" font-weight="bold">${esc(truncate(`${status}${detail}`, 170))}</text>`,
  ].join('\n');
}

function legend(): string {
  const items: Array<[string, string]> = [
    ['waiting for a worker', WAITING_COLOUR],
    ...(Object.keys(OUTCOME_COLOURS) as Outcome[]).map((o): [string, string] => [OUTCOME_LABELS[o], OUTCOME_COLOURS[o]]),
  ];
  let cursor = 10;
  const parts = ['<g class="legend">'];
  for (const [label, colour] of items) {
    parts.push(`<rect x="${cursor}" y="68" width="12" height="12" fill="${colour}"/>`);
    parts.push(`<text x="${cursor + 16}" y="78" font-size="11">${esc(label)}</text>`);
    cursor += 24 + label.length * 6;
  }
  parts.push('</g>');
  return parts.join('\n');
}

function axis(t: Timeline, span: number, x: (t: number) => number, top: number, bottom: number): string {
  const step = TICK_STEPS.find((s) => span / s <= 10) ?? TICK_STEPS[TICK_STEPS.length - 1];
  const parts = ['<g class="axis">'];
  for (let offset = 0; offset <= span; offset += step) {
    const px = fixed(x(t.startedAt + offset));
    parts.push(`<line x1="${px}" y1="${top}" x2="${px}" y2="${bottom}" stroke="#eceff1"/>`);
    parts.push(`<text x="${px}" y="${bottom + 16}" text-anchor="middle" font-size="11" fill="#455a64">${esc(offset === 0 ? '0' : `+${formatDuration(offset)}`)}</text>`);
  }
  parts.push(`<line x1="${CHART_LEFT}" y1="${bottom}" x2="${CHART_RIGHT}" y2="${bottom}" stroke="#90a4ae"/>`);
  parts.push(`<text x="${CHART_LEFT}" y="${bottom + 30}" font-size="10" fill="#78909c">time since the execution started</text>`);
  parts.push('</g>');
  return parts.join('\n');
}

type BarRowInput = Omit<TimelineRow, 'kind'> & { kind: TimelineRow['kind'] | 'execution' };

function barRow(row: BarRowInput, top: number, x: (t: number) => number, end: number): string {
  const barTop = top + (ROW_HEIGHT - BAR_HEIGHT) / 2;
  const runFrom = row.startedAt ?? row.closedAt ?? end;
  const runTo = row.closedAt ?? end;
  const waitFrom = x(row.scheduledAt);
  const waitTo = x(runFrom);
  const runX = Math.min(x(runFrom), CHART_RIGHT - MIN_BAR_WIDTH);
  const runWidth = Math.max(MIN_BAR_WIDTH, x(runTo) - runX);
  const colour = OUTCOME_COLOURS[row.outcome];
  const total = formatDuration((row.closedAt ?? end) - row.scheduledAt);
  const tooltip = tooltipFor(row, end);
  const parts = [
    `<g class="row" data-kind="${row.kind}" data-outcome="${row.outcome}">`,
    `<title>${esc(tooltip)}</title>`,
    `<text x="${LABEL_WIDTH}" y="${top + 15}" text-anchor="end">${esc(truncate(row.label, 46))}</text>`,
  ];
  if (waitTo - waitFrom >= 0.5) {
    const dashed = row.startedAt === undefined && row.closedAt === undefined ? ` stroke="${colour}" stroke-dasharray="3 2"` : '';
    parts.push(`<rect class="wait" x="${fixed(waitFrom)}" y="${barTop}" width="${fixed(waitTo - waitFrom)}" height="${BAR_HEIGHT}" fill="${WAITING_COLOUR}"${dashed}/>`);
  }
  parts.push(`<rect class="run" x="${fixed(runX)}" y="${barTop}" width="${fixed(runWidth)}" height="${BAR_HEIGHT}" fill="${colour}"/>`);
  parts.push(`<text x="${fixed(Math.min(runX + runWidth + 4, CHART_RIGHT + 4))}" y="${top + 15}" font-size="10" fill="#546e7a">${esc(total)}</text>`);
  parts.push('</g>');
  return parts.join('\n');
}

function tooltipFor(row: BarRowInput, end: number): string {
  const lines = [`${row.label}: ${OUTCOME_LABELS[row.outcome]}${row.detail ? ` (${row.detail})` : ''}`];
  lines.push(`scheduled ${iso(row.scheduledAt)}`);
  if (row.startedAt !== undefined) {
    lines.push(`started ${iso(row.startedAt)} (waited ${formatDuration(row.startedAt - row.scheduledAt)})`);
  }
  if (row.closedAt !== undefined) {
    lines.push(`closed ${iso(row.closedAt)} (ran ${formatDuration(row.closedAt - (row.startedAt ?? row.closedAt))})`);
  } else {
    lines.push(`open for ${formatDuration(end - row.scheduledAt)} so far`);
  }
  return lines.join('\n');
}

interface MarkRow {
  readonly title: string;
  readonly marks: TimelineMark[];
}

function markRowsOf(marks: TimelineMark[]): MarkRow[] {
  const decisions = marks.filter((m) => m.kind === 'decision' || m.kind === 'decisionTimeout');
  const signals = marks.filter((m) => m.kind === 'signal');
  const other = marks.filter((m) => m.kind === 'marker' || m.kind === 'cancelRequest');
  return [
    { title: `decisions (${decisions.length})`, marks: decisions },
    { title: `signals (${signals.length})`, marks: signals },
    { title: 'markers and cancel requests', marks: other },
  ].filter((r) => r.marks.length > 0);
}

function marksRow(title: string, marks: TimelineMark[], top: number, x: (t: number) => number, start: number): string {
  const mid = top + ROW_HEIGHT / 2;
  const parts = [
    `<g class="marks">`,
    `<text x="${LABEL_WIDTH}" y="${top + 15}" text-anchor="end" fill="#37474f">${esc(title)}</text>`,
    `<line x1="${CHART_LEFT}" y1="${mid}" x2="${CHART_RIGHT}" y2="${mid}" stroke="#eceff1"/>`,
  ];
  for (const mark of marks) {
    const px = fixed(x(mark.at));
    const tip = `<title>${esc(`${mark.label} at ${iso(mark.at)} (+${formatDuration(mark.at - start)})`)}</title>`;
    parts.push(`<g class="mark" data-kind="${mark.kind}">${tip}${markShape(mark, px, mid)}</g>`);
  }
  parts.push('</g>');
  return parts.join('\n');
}

function markShape(mark: TimelineMark, px: string, mid: number): string {
  const cx = Number(px);
  switch (mark.kind) {
    case 'decision':
      return `<line x1="${px}" y1="${mid - 6}" x2="${px}" y2="${mid + 6}" stroke="#37474f" stroke-width="1.5"/>`;
    case 'decisionTimeout':
      return `<line x1="${px}" y1="${mid - 7}" x2="${px}" y2="${mid + 7}" stroke="${OUTCOME_COLOURS.timedOut}" stroke-width="2.5"/>`;
    case 'signal':
      return `<polygon points="${fixed(cx)},${mid - 6} ${fixed(cx + 5)},${mid} ${fixed(cx)},${mid + 6} ${fixed(cx - 5)},${mid}" fill="#8e24aa"/>`;
    case 'marker':
      return `<circle cx="${px}" cy="${mid}" r="4" fill="#00897b"/>`;
    case 'cancelRequest':
      return `<polygon points="${fixed(cx - 5)},${mid - 5} ${fixed(cx + 5)},${mid - 5} ${fixed(cx)},${mid + 5}" fill="${OUTCOME_COLOURS.canceled}"/>`;
  }
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

function fixed(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** Escapes text for XML and drops characters XML 1.0 cannot carry at all. */
export function esc(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
