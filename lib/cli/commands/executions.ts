import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import {
  ChildPolicy,
  CloseStatus,
  DescribeWorkflowExecutionCommand,
  DescribeWorkflowExecutionCommandOutput,
  HistoryEvent,
  paginateGetWorkflowExecutionHistory,
  RequestCancelWorkflowExecutionCommand,
  SignalWorkflowExecutionCommand,
  StartWorkflowExecutionCommand,
  TerminateWorkflowExecutionCommand,
  WorkflowExecutionInfo,
} from '@aws-sdk/client-swf';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { AwsFlags } from '../aws-options';
import { isClosedPipeError } from '../closed-pipe';
import { enumOption, finishSwfCommands, swfCommand } from '../../ops/cli-options';
import { CliError } from '../../ops/errors';
import { checkOutputFile } from '../../ops/output-file';
import { executionSummary, findLatestRun, listExecutions, VISIBILITY_WINDOW_MS } from '../../ops/executions';
import { summarizeEvents } from '../../ops/history';
import { readPayload } from '../../ops/input';
import { formatDuration, localTime, printDetails, printJson, printTable, seconds, writeLine } from '../../ops/output';
import { collectPages, MAX_PAGE_SIZE } from '../../ops/paging';
import { CHILD_POLICIES, CLOSE_STATUSES } from '../../common/swf-constraints';
import { withSwf } from '../../ops/session';
import { parseTimeArgument, parseTimeoutArgument } from '../../ops/time-input';
import { buildTimeline, describeTimelineRows } from '../../ops/timeline';
import { renderTimelineSvg } from '../../ops/timeline-svg';

const MAX_TAGS = 5;
const DEFAULT_CLOSED_WINDOW = '24h';

interface TargetFlags extends AwsFlags {
  readonly domain: string;
  readonly id: string;
  readonly runId?: string;
  readonly json?: boolean;
}

interface StartFlags extends AwsFlags {
  readonly domain: string;
  readonly type: string;
  readonly typeVersion: string;
  readonly id?: string;
  readonly input?: string;
  readonly inputFile?: string;
  readonly taskList?: string;
  readonly taskPriority?: string;
  readonly tag?: string[];
  readonly executionTimeout?: string;
  readonly taskTimeout?: string;
  readonly childPolicy?: ChildPolicy;
  readonly lambdaRole?: string;
  readonly json?: boolean;
}

interface SignalFlags extends TargetFlags {
  readonly signal: string;
  readonly input?: string;
  readonly inputFile?: string;
}

interface TerminateFlags extends TargetFlags {
  readonly reason?: string;
  readonly details?: string;
  readonly childPolicy?: ChildPolicy;
}

interface ListFlags extends AwsFlags {
  readonly domain: string;
  readonly open?: boolean;
  readonly closed?: boolean;
  readonly all?: boolean;
  readonly since?: Date;
  readonly until?: Date;
  readonly type?: string;
  readonly typeVersion?: string;
  readonly tag?: string;
  readonly id?: string;
  readonly closeStatus?: CloseStatus;
  readonly json?: boolean;
}

interface HistoryFlags extends AwsFlags {
  readonly domain: string;
  readonly id?: string;
  readonly runId?: string;
  readonly timeline?: string;
  readonly reverse?: boolean;
  readonly json?: boolean;
}

/** `cdk-swf executions start|signal|cancel|terminate|list|describe|history`. */
export function registerExecutionsCommands(program: Command): void {
  const executions = program.command('executions').description('Start, signal, cancel, terminate, list and inspect workflow executions');
  registerStart(executions);
  registerSignal(executions);
  registerCancel(executions);
  registerTerminate(executions);
  registerList(executions);
  registerDescribe(executions);
  registerHistory(executions);
  finishSwfCommands(executions);
}

function registerStart(executions: Command): void {
  swfCommand(executions, 'start', 'Start a workflow execution', '{ domain, workflowId, runId }.')
    .requiredOption('--domain <domain>', 'domain name')
    .requiredOption('--type <name>', 'workflow type name')
    .requiredOption('--type-version <version>', 'workflow type version')
    .addOption(new Option('--id <workflowId>', 'workflow id (default: <type>-<UTC time>-<random>)'))
    .addOption(new Option('--input <text>', 'input passed to the workflow as is (usually JSON)').conflicts('inputFile'))
    .addOption(new Option('--input-file <file>', 'read the input from a file (- for standard input)'))
    .addOption(new Option('--task-list <name>', "decision task list (default: the type's)"))
    .addOption(new Option('--task-priority <n>', "task priority (default: the type's)").argParser(integerText))
    .addOption(new Option('--tag <tag>', `execution tag, repeatable (at most ${MAX_TAGS})`).argParser(collectTags))
    .addOption(new Option('--execution-timeout <seconds>', "execution start-to-close timeout (default: the type's)").argParser(parseTimeoutArgument))
    .addOption(new Option('--task-timeout <seconds>', "decision task start-to-close timeout, or NONE (default: the type's)").argParser(parseTimeoutArgument))
    .addOption(enumOption('--child-policy <policy>', "what happens to children on terminate (default: the type's)", CHILD_POLICIES))
    .addOption(new Option('--lambda-role <arn>', 'IAM role SWF assumes to invoke Lambda tasks'))
    .action(async (flags: StartFlags) => {
      const input = readPayload(flags);
      const workflowId = flags.id ?? generatedWorkflowId(flags.type);
      const type = { kind: 'workflow' as const, name: flags.type, version: flags.typeVersion };
      const { runId } = await withSwf(flags, { domain: flags.domain, type, execution: { workflowId } }, (swf) =>
        swf.send(
          new StartWorkflowExecutionCommand({
            domain: flags.domain,
            workflowId,
            workflowType: { name: flags.type, version: flags.typeVersion },
            input,
            taskList: flags.taskList !== undefined ? { name: flags.taskList } : undefined,
            taskPriority: flags.taskPriority,
            tagList: flags.tag,
            executionStartToCloseTimeout: flags.executionTimeout,
            taskStartToCloseTimeout: flags.taskTimeout,
            childPolicy: flags.childPolicy,
            lambdaRole: flags.lambdaRole,
          }),
        ),
      );
      if (flags.json) return printJson({ domain: flags.domain, workflowId, runId });
      writeLine(`Started ${flags.type}@${flags.typeVersion} in domain '${flags.domain}'`);
      printDetails([
        ['workflowId', workflowId],
        ['runId', runId],
      ]);
    });
}

function registerSignal(executions: Command): void {
  targetCommand(executions, 'signal', 'Send a signal to an open execution', '{ domain, workflowId, runId, signalName }.')
    .requiredOption('--signal <name>', 'signal name')
    .addOption(new Option('--input <text>', 'signal input, passed as is').conflicts('inputFile'))
    .addOption(new Option('--input-file <file>', 'read the signal input from a file (- for standard input)'))
    .action(async (flags: SignalFlags) => {
      const input = readPayload(flags, 'signal input');
      await withSwf(flags, targetContext(flags), (swf) =>
        swf.send(new SignalWorkflowExecutionCommand({ domain: flags.domain, workflowId: flags.id, runId: flags.runId, signalName: flags.signal, input })),
      );
      if (flags.json) return printJson({ domain: flags.domain, workflowId: flags.id, runId: flags.runId, signalName: flags.signal });
      writeLine(`Signal '${flags.signal}' sent to ${describeTarget(flags)}.`);
    });
}

function registerCancel(executions: Command): void {
  targetCommand(
    executions,
    'cancel',
    'Ask an open execution to cancel (its decider decides what to do)',
    '{ domain, workflowId, runId }.',
  ).action(async (flags: TargetFlags) => {
    await withSwf(flags, targetContext(flags), (swf) =>
      swf.send(new RequestCancelWorkflowExecutionCommand({ domain: flags.domain, workflowId: flags.id, runId: flags.runId })),
    );
    if (flags.json) return printJson({ domain: flags.domain, workflowId: flags.id, runId: flags.runId });
    writeLine(`Cancellation requested for ${describeTarget(flags)}.`);
  });
}

function registerTerminate(executions: Command): void {
  targetCommand(executions, 'terminate', 'Close an open execution immediately', '{ domain, workflowId, runId }.')
    .addOption(new Option('--reason <text>', 'why (recorded in the history, at most 256 characters)'))
    .addOption(new Option('--details <text>', 'more details (recorded in the history)'))
    .addOption(enumOption('--child-policy <policy>', "what happens to child executions (default: the execution's)", CHILD_POLICIES))
    .action(async (flags: TerminateFlags) => {
      await withSwf(flags, targetContext(flags), (swf) =>
        swf.send(
          new TerminateWorkflowExecutionCommand({
            domain: flags.domain,
            workflowId: flags.id,
            runId: flags.runId,
            reason: flags.reason,
            details: flags.details,
            childPolicy: flags.childPolicy,
          }),
        ),
      );
      if (flags.json) return printJson({ domain: flags.domain, workflowId: flags.id, runId: flags.runId });
      writeLine(`Terminated ${describeTarget(flags)}.`);
    });
}

function registerList(executions: Command): void {
  swfCommand(
    executions,
    'list',
    'List executions (all pages, newest first): open ones by default, every run of a workflow id with --id',
    'an array of { workflowId, runId, workflowType: { name, version }, status (OPEN or the close status), ' +
      'executionStatus, closeStatus, startTimestamp, closeTimestamp, tagList, cancelRequested, parent }.\n\n' +
      'Time window: open executions are matched on start time (every open one by default), closed executions on ' +
      `close time (the last ${DEFAULT_CLOSED_WINDOW} by default, or every one SWF still keeps when --id is given).`,
  )
    .requiredOption('--domain <domain>', 'domain name')
    .addOption(new Option('--open', 'open executions (the default without --id)').conflicts(['closed', 'all', 'closeStatus']))
    .addOption(new Option('--closed', 'closed executions').conflicts('all'))
    .addOption(new Option('--all', 'open and closed executions (the default with --id)'))
    .addOption(new Option('--since <time>', 'from this time: ISO 8601, epoch seconds, or an age like 30m, 6h, 7d').argParser((v) => parseTimeArgument(v)))
    .addOption(new Option('--until <time>', 'up to this time (same forms as --since)').argParser((v) => parseTimeArgument(v)))
    .addOption(new Option('--type <name>', 'only this workflow type'))
    .addOption(new Option('--type-version <version>', 'with --type: only this version'))
    .addOption(new Option('--tag <tag>', 'only executions with this tag'))
    .addOption(new Option('--id <workflowId>', 'only this workflow id'))
    .addOption(enumOption('--close-status <status>', 'only closed executions that ended this way (implies --closed)', CLOSE_STATUSES))
    .action(async (flags: ListFlags, command: Command) => {
      if (flags.typeVersion !== undefined && flags.type === undefined) command.error('error: --type-version needs --type');
      const states = listedStates(flags);
      const wide = new Date(Date.now() - VISIBILITY_WINDOW_MS);
      const closedSince = flags.since ?? (flags.id !== undefined ? wide : parseTimeArgument(DEFAULT_CLOSED_WINDOW));
      const infos = await withSwf(flags, { domain: flags.domain }, async (swf) => {
        const all: WorkflowExecutionInfo[] = [];
        for (const state of states) {
          all.push(
            ...(await listExecutions(swf, {
              domain: flags.domain,
              state,
              since: state === 'open' ? (flags.since ?? wide) : closedSince,
              until: flags.until,
              workflowId: flags.id,
              type: flags.type !== undefined ? { name: flags.type, version: flags.typeVersion } : undefined,
              tag: flags.tag,
              closeStatus: flags.closeStatus,
            })),
          );
        }
        return all.sort((a, b) => (b.startTimestamp?.getTime() ?? 0) - (a.startTimestamp?.getTime() ?? 0));
      });
      if (flags.json) return printJson(infos.map(executionSummary));
      printTable(
        ['workflow id', 'run id', 'type', 'status', 'started', 'closed', 'duration', 'tags'],
        infos.map((i) => [
          i.execution?.workflowId,
          i.execution?.runId,
          `${i.workflowType?.name}@${i.workflowType?.version}`,
          (i.closeStatus ?? i.executionStatus) + (i.cancelRequested && !i.closeStatus ? ' (cancel requested)' : ''),
          localTime(i.startTimestamp),
          localTime(i.closeTimestamp),
          i.startTimestamp ? formatDuration((i.closeTimestamp ?? new Date()).getTime() - i.startTimestamp.getTime()) : '',
          (i.tagList ?? []).join(', '),
        ]),
        emptyListMessage(flags.domain, states, closedSince),
      );
    });
}

/** Which lists `executions list` reads: open by default, closed on request, both with --all or a lone --id. */
function listedStates(flags: ListFlags): Array<'open' | 'closed'> {
  if (flags.all) return ['open', 'closed'];
  if (flags.closed || flags.closeStatus) return ['closed'];
  if (flags.open) return ['open'];
  return flags.id !== undefined ? ['open', 'closed'] : ['open'];
}

function emptyListMessage(domain: string, states: Array<'open' | 'closed'>, closedSince: Date): string {
  if (states.length === 2) return `No executions in domain '${domain}' (open, or closed since ${localTime(closedSince)}).`;
  return states[0] === 'open'
    ? `No open executions in domain '${domain}'.`
    : `No executions closed in domain '${domain}' since ${localTime(closedSince)}.`;
}

function registerDescribe(executions: Command): void {
  targetCommand(
    executions,
    'describe',
    'Show an execution: status, configuration, open tasks and timers (the latest run unless --run-id)',
    '{ executionInfo, executionConfiguration, openCounts, latestActivityTaskTimestamp, latestExecutionContext } ' +
      'as returned by DescribeWorkflowExecution.',
    LATEST_RUN,
  ).action(async (flags: TargetFlags) => {
    const described = await withSwf(flags, { domain: flags.domain, execution: { workflowId: flags.id, runId: flags.runId } }, async (swf) => {
      const runId = flags.runId ?? (await findLatestRun(swf, flags.domain, flags.id)).execution?.runId;
      return swf.send(new DescribeWorkflowExecutionCommand({ domain: flags.domain, execution: { workflowId: flags.id, runId } }));
    });
    if (flags.json) return printJson(described);
    printExecutionDetails(described);
  });
}

function registerHistory(executions: Command): void {
  swfCommand(
    executions,
    'history',
    'Show the event history of an execution (all pages; the latest run unless --run-id), or draw it with --timeline',
    '{ domain, workflowId, runId, events: [...] } with events as returned by GetWorkflowExecutionHistory.\n\n' +
      'With --timeline FILE.svg the picture is written to FILE and the table is not printed: one row per activity, ' +
      'timer, child workflow and Lambda task, grey while waiting for a worker, then coloured by outcome.',
  )
    .argument('[workflowId]', 'workflow id (or --id)')
    .requiredOption('--domain <domain>', 'domain name')
    .addOption(new Option('--id <workflowId>', 'workflow id, as for the other executions commands'))
    .addOption(new Option('--run-id <runId>', `a specific run (default: ${LATEST_RUN})`))
    .addOption(new Option('--timeline <file>', 'write an SVG timeline of the execution to this file'))
    .addOption(new Option('--reverse', 'newest events first'))
    .action(async (positionalId: string | undefined, flags: HistoryFlags, command: Command) => {
      if (positionalId !== undefined && flags.id !== undefined && positionalId !== flags.id) {
        command.error(`error: two different workflow ids given: '${positionalId}' and --id '${flags.id}'`);
      }
      const workflowId = positionalId ?? flags.id;
      if (workflowId === undefined) return command.error("error: missing workflow id: cdk-swf executions history <workflowId> --domain <domain>");
      if (flags.timeline) checkOutputFile(flags.timeline, '--timeline', 'timeline.svg');
      const { runId, events } = await withSwf(flags, { domain: flags.domain, execution: { workflowId, runId: flags.runId } }, async (swf) => {
        const run = flags.runId ?? (await findLatestRun(swf, flags.domain, workflowId)).execution?.runId ?? '';
        const all = await collectPages(
          paginateGetWorkflowExecutionHistory(
            { client: swf },
            { domain: flags.domain, execution: { workflowId, runId: run }, maximumPageSize: MAX_PAGE_SIZE },
          ),
          (page) => page.events,
        );
        return { runId: run, events: all };
      });
      if (flags.timeline) writeTimeline(flags.timeline, events, { workflowId, runId }, flags.json ? process.stderr : process.stdout);
      const ordered = flags.reverse ? [...events].reverse() : events;
      if (flags.json) return printJson({ domain: flags.domain, workflowId, runId, events: ordered });
      if (flags.timeline) return;
      writeLine(`History of ${workflowId} (run ${runId}): ${events.length} events`);
      const summaries = new Map(summarizeEvents(events, 110).map((summary, i) => [events[i], summary]));
      printTable(
        ['id', 'time', 'event', 'details'],
        ordered.map((e) => [e.eventId, localTime(e.eventTimestamp), e.eventType, summaries.get(e)]),
        'No events.',
        110,
      );
    });
}

function writeTimeline(
  file: string,
  events: HistoryEvent[],
  execution: { workflowId: string; runId: string },
  report: NodeJS.WritableStream,
): void {
  const timeline = buildTimeline(events, execution);
  try {
    writeFileSync(file, renderTimelineSvg(timeline));
  } catch (err) {
    // `--timeline /dev/stdout | head -c 10`: the reader closed the pipe, as with the table: end quietly.
    if (isClosedPipeError(err)) return;
    throw new CliError(`cannot write the timeline to '${file}': ${(err as Error).message}`);
  }
  report.write(
    `Timeline of ${workflowLabel(execution)} written to ${file}: ${describeTimelineRows(timeline.rows)}, ` +
      `${formatDuration(timeline.endedAt - timeline.startedAt)}\n`,
  );
}

function printExecutionDetails(d: DescribeWorkflowExecutionCommandOutput): void {
  const info = d.executionInfo;
  const config = d.executionConfiguration;
  const counts = d.openCounts;
  const started = info?.startTimestamp;
  const status = info?.closeStatus ?? info?.executionStatus;
  printDetails([
    ['Workflow ID', info?.execution?.workflowId],
    ['Run ID', info?.execution?.runId],
    ['Type', info?.workflowType ? `${info.workflowType.name}@${info.workflowType.version}` : undefined],
    ['Status', `${status}${info?.cancelRequested && !info.closeStatus ? ' (cancel requested)' : ''}`],
    ['Started', localTime(started)],
    ['Closed', localTime(info?.closeTimestamp)],
    ['Duration', started ? formatDuration((info?.closeTimestamp ?? new Date()).getTime() - started.getTime()) : undefined],
    ['Parent', info?.parent ? `${info.parent.workflowId} (run ${info.parent.runId})` : undefined],
    ['Tags', (info?.tagList ?? []).join(', ')],
    ['Task list', config?.taskList?.name],
    ['Task priority', config?.taskPriority],
    ['Execution timeout', seconds(config?.executionStartToCloseTimeout)],
    ['Decision task timeout', seconds(config?.taskStartToCloseTimeout)],
    ['Child policy', config?.childPolicy],
    ['Lambda role', config?.lambdaRole],
    ['Open activity tasks', counts?.openActivityTasks],
    ['Open decision tasks', counts?.openDecisionTasks],
    ['Open timers', counts?.openTimers],
    ['Open child executions', counts?.openChildWorkflowExecutions],
    ['Open Lambda functions', counts?.openLambdaFunctions],
    ['Latest activity task', localTime(d.latestActivityTaskTimestamp)],
    ['Latest execution context', d.latestExecutionContext],
  ]);
}



/** A leaf command aimed at one execution: `--domain`, `--id`, `--run-id`. */
const OPEN_RUN = 'the open run of that workflow id';
const LATEST_RUN = 'the open run, else the latest closed one';

function targetCommand(parent: Command, name: string, description: string, jsonShape: string, defaultRun = OPEN_RUN): Command {
  return swfCommand(parent, name, description, jsonShape)
    .requiredOption('--domain <domain>', 'domain name')
    .requiredOption('--id <workflowId>', 'workflow id')
    .addOption(new Option('--run-id <runId>', `a specific run (default: ${defaultRun})`));
}

function targetContext(flags: TargetFlags) {
  return { domain: flags.domain, execution: { workflowId: flags.id, runId: flags.runId }, executionMustBeOpen: true };
}

function describeTarget(flags: TargetFlags): string {
  return `${workflowLabel({ workflowId: flags.id, runId: flags.runId })} in domain '${flags.domain}'`;
}

function workflowLabel(execution: { workflowId: string; runId?: string }): string {
  return `'${execution.workflowId}'${execution.runId ? ` (run ${execution.runId})` : ''}`;
}

/** `order-2026-11-22T235443Z-3f9a1c`: readable, sortable by start, unique enough for a human-started run. */
export function generatedWorkflowId(typeName: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const base = typeName.trim().replace(/\s+/g, '-').slice(0, 200);
  return `${base}-${stamp}-${randomBytes(3).toString('hex')}`;
}

function collectTags(value: string, previous: string[] = []): string[] {
  if (previous.length >= MAX_TAGS) throw new InvalidArgumentError(`SWF allows at most ${MAX_TAGS} tags per execution.`);
  if (value.length > 256) throw new InvalidArgumentError('A tag is at most 256 characters.');
  return [...previous, value];
}

function integerText(value: string): string {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError('Use a whole number.');
  return value.trim();
}
