import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DecideFunction } from '../../lib/worker/decider';
import { clientFor, startLocalSwf } from '../support/swf-local';
import { closingEvent, registerTypes, startExecution, unique, waitForClose, Workers } from './support';

type Local = Awaited<ReturnType<typeof startLocalSwf>>;

/**
 * Records `markers` markers and runs one activity; when the activity is done, completes with what the decider saw.
 * If the decider saw only the first history page, the counts would be wrong (or it would record the markers again).
 */
const markerFlood: DecideFunction = (h, d) => {
  const wanted = Number(h.input);
  if (h.markers.length === 0) {
    return [
      ...Array.from({ length: wanted }, (_, i) => d.recordMarker(`m${i}`, String(i))),
      d.scheduleActivity({ activityId: 'noop', name: 'Noop', version: '1' }),
    ];
  }
  if (h.activity('noop')?.status !== 'completed') return [];
  const ids = h.events.map((e) => e.eventId);
  return [
    d.complete({
      markersSeen: h.markers.length,
      lastMarker: h.marker(`m${wanted - 1}`)?.details,
      eventsSeen: h.events.length,
      contiguous: ids.every((id, i) => id === i + 1),
      newEvents: h.newEvents.map((e) => e.eventType),
    }),
  ];
};

describe('decision task history paging', () => {
  let local: Local;
  const workers = new Workers();
  const domain = unique('paging');

  beforeAll(async () => {
    local = await startLocalSwf({ longPollTimeoutMs: 1_000 });
    await registerTypes(local.swf, domain, { taskList: 'flood', activityTaskList: 'noop', workflow: 'Flood', activities: [{ name: 'Noop' }] });
  });
  afterEach(() => workers.stopAll());
  afterAll(() => local?.stop());

  async function flood(markers: number, historyPageSize?: number) {
    // Counts the follow-up PollForDecisionTask calls (the ones carrying a nextPageToken) the decider makes.
    const deciderClient = clientFor(local.server.endpoint);
    let pageRequests = 0;
    deciderClient.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { nextPageToken?: string };
        if (context.commandName === 'PollForDecisionTaskCommand' && input.nextPageToken) pageRequests++;
        return next(args);
      },
      { step: 'initialize' },
    );
    workers.decider({ swf: deciderClient, domain, taskList: 'flood', workflows: [{ name: 'Flood', decide: markerFlood }], historyPageSize });
    workers.activity({ swf: local.swf, domain, taskList: 'noop', activities: { Noop: () => 'ok' } });
    const execution = await startExecution(local.swf, domain, 'Flood', String(markers));
    const { closeStatus, events } = await waitForClose(local.swf, domain, execution);
    expect(closeStatus).toBe('COMPLETED');
    return { seen: JSON.parse(closingEvent(events).workflowExecutionCompletedEventAttributes!.result!), events, pageRequests };
  }

  it('reads every page with a small maximumPageSize (13 pages of 20 events)', async () => {
    const { seen, events, pageRequests } = await flood(250, 20);
    // The second decision task had ~257 events: 12 pages after the first; the first task had 3 events (one page).
    expect(pageRequests).toBe(Math.ceil((events.length - 2) / 20) - 1);
    // Everything up to the last DecisionTaskStarted: the history minus DecisionTaskCompleted and the closing event.
    expect(seen).toMatchObject({ markersSeen: 250, lastMarker: '249', contiguous: true, eventsSeen: events.length - 2 });
    // New since the previous decision task started: its completion, the 251 decisions' events, and what followed.
    expect(seen.newEvents).toHaveLength(1 + 251 + 4);
    expect(seen.newEvents[0]).toBe('DecisionTaskCompleted');
    expect(seen.newEvents.slice(-4)).toEqual(['ActivityTaskStarted', 'ActivityTaskCompleted', 'DecisionTaskScheduled', 'DecisionTaskStarted']);
  });

  it('reads a history longer than one default page (~1,100 events)', async () => {
    const { seen, events, pageRequests } = await flood(1_100);
    expect(pageRequests).toBe(1);
    expect(events.length).toBeGreaterThan(1_100);
    expect(seen).toMatchObject({ markersSeen: 1_100, lastMarker: '1099', contiguous: true, eventsSeen: events.length - 2 });
  });
});
