import {
  DeleteActivityTypeCommand,
  DeprecateActivityTypeCommand,
  DeprecateDomainCommand,
  DeprecateWorkflowTypeCommand,
  GetWorkflowExecutionHistoryCommand,
  ListActivityTypesCommand,
  ListClosedWorkflowExecutionsCommand,
  ListDomainsCommand,
  ListOpenWorkflowExecutionsCommand,
  ListWorkflowTypesCommand,
  RegisterActivityTypeCommand,
  RegisterDomainCommand,
  RegisterWorkflowTypeCommand,
  SignalWorkflowExecutionCommand,
  StartWorkflowExecutionCommand,
  SWFClient,
  TerminateWorkflowExecutionCommand,
  UndeprecateActivityTypeCommand,
  UndeprecateDomainCommand,
  UndeprecateWorkflowTypeCommand,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { useLocalSwf } from '../support/swf-local';

/**
 * Every List operation (and history paging) paged while the listed items change between pages, in a seeded random
 * order: no item is given twice, every item that matched throughout is given, and pages follow the sort order.
 */

/** A small seeded generator (mulberry32), so a failing seed can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Key = Array<string | number>;
interface Item {
  id: string;
  key: Key;
}
interface Page {
  items: Item[];
  next?: string;
}

/** A listing under test: one page of it, and one random change to what it lists. */
interface Listing {
  page(size: number, reverseOrder: boolean, token?: string): Promise<Page>;
  change(rand: () => number): Promise<void>;
  /** Forward order of keys (the order with reverseOrder false). */
  compare(a: Key, b: Key): number;
}

const byString = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const ascending = (a: Key, b: Key) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return byString(a[i], b[i]);
  return 0;
};
/** Executions: newest first, then run id. */
const newestFirst = (a: Key, b: Key) => (b[0] as number) - (a[0] as number) || byString(a[1], b[1]);

const pick = <T,>(rand: () => number, list: T[]): T | undefined => list[Math.floor(rand() * list.length)];

async function everything(listing: Listing): Promise<Set<string>> {
  const all = await listing.page(1000, false);
  expect(all.next).toBeUndefined();
  return new Set(all.items.map((item) => item.id));
}

/** Pages through `listing` with changes between pages; checks the three promises. */
async function pageWhileChanging(listing: Listing, seed: number, reverseOrder: boolean): Promise<void> {
  const rand = random(seed);
  let stable = await everything(listing);
  const given: Item[] = [];
  let token: string | undefined;
  do {
    const page = await listing.page(1 + Math.floor(rand() * 4), reverseOrder, token);
    given.push(...page.items);
    token = page.next;
    for (let n = Math.floor(rand() * 3); n > 0; n--) await listing.change(rand);
    const now = await everything(listing);
    stable = new Set([...stable].filter((id) => now.has(id)));
  } while (token);

  const ids = given.map((item) => item.id);
  expect(new Set(ids).size, `seed ${seed}: an item was given twice`).toBe(ids.length);
  for (const id of stable) expect(ids, `seed ${seed}: ${id} matched throughout but was skipped`).toContain(id);
  const direction = reverseOrder ? -1 : 1;
  for (let i = 1; i < given.length; i++) {
    expect(direction * listing.compare(given[i - 1].key, given[i].key), `seed ${seed}: out of order at ${i}`).toBeLessThan(0);
  }
}

function domains(swf: SWFClient): Listing {
  let n = 0;
  return {
    compare: ascending,
    async page(maximumPageSize, reverseOrder, nextPageToken) {
      const out = await swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED', maximumPageSize, reverseOrder, nextPageToken }));
      return { items: out.domainInfos!.map((d) => ({ id: d.name!, key: [d.name!] })), next: out.nextPageToken };
    },
    async change(rand) {
      const registered = (await swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED' }))).domainInfos!.map((d) => d.name!);
      const deprecated = (await swf.send(new ListDomainsCommand({ registrationStatus: 'DEPRECATED' }))).domainInfos!.map((d) => d.name!);
      const roll = rand();
      const victim = pick(rand, roll < 0.66 ? registered : deprecated);
      if (roll < 0.33 || !victim) {
        await swf.send(new RegisterDomainCommand({ name: `dom-${Math.floor(rand() * 1e6)}-${n++}`, workflowExecutionRetentionPeriodInDays: '1' }));
      } else if (roll < 0.66) await swf.send(new DeprecateDomainCommand({ name: victim }));
      else await swf.send(new UndeprecateDomainCommand({ name: victim }));
    },
  };
}

function types(swf: SWFClient, domain: string, kind: 'activity' | 'workflow', status: 'REGISTERED' | 'DEPRECATED'): Listing {
  let n = 0;
  const list = async (registrationStatus: 'REGISTERED' | 'DEPRECATED', maximumPageSize?: number, reverseOrder?: boolean, nextPageToken?: string) => {
    const args = { domain, registrationStatus, maximumPageSize, reverseOrder, nextPageToken };
    const out =
      kind === 'activity' ? await swf.send(new ListActivityTypesCommand(args)) : await swf.send(new ListWorkflowTypesCommand(args));
    const infos = (out.typeInfos ?? []) as Array<{ activityType?: { name?: string; version?: string }; workflowType?: { name?: string; version?: string } }>;
    const items = infos.map((info) => {
      const type = (info.activityType ?? info.workflowType)!;
      return { id: `${type.name}@${type.version}`, key: [type.name!, type.version!], type: { name: type.name!, version: type.version! } };
    });
    return { items, next: out.nextPageToken };
  };
  return {
    compare: ascending,
    page: (size, reverseOrder, token) => list(status, size, reverseOrder, token),
    async change(rand) {
      const registered = (await list('REGISTERED')).items;
      const deprecated = (await list('DEPRECATED')).items;
      const roll = rand();
      if (roll < 0.3) {
        const name = pick(rand, ['alpha', 'beta', 'gamma'])!;
        const version = `${Math.floor(rand() * 1000)}-${n++}`;
        if (kind === 'activity') await swf.send(new RegisterActivityTypeCommand({ domain, name, version }));
        else await swf.send(new RegisterWorkflowTypeCommand({ domain, name, version }));
        return;
      }
      const victim = pick(rand, roll < 0.6 ? registered : deprecated)?.type;
      if (!victim) return;
      if (roll < 0.6) {
        if (kind === 'activity') await swf.send(new DeprecateActivityTypeCommand({ domain, activityType: victim }));
        else await swf.send(new DeprecateWorkflowTypeCommand({ domain, workflowType: victim }));
      } else if (roll < 0.8 || kind === 'workflow') {
        if (kind === 'activity') await swf.send(new UndeprecateActivityTypeCommand({ domain, activityType: victim }));
        else await swf.send(new UndeprecateWorkflowTypeCommand({ domain, workflowType: victim }));
      } else await swf.send(new DeleteActivityTypeCommand({ domain, activityType: victim }));
    },
  };
}

/** Names are never reused across listings (a workflow id may still be open from an earlier one). */
let started = 0;

function executions(swf: SWFClient, domain: string, open: boolean): Listing {
  const filter = { oldestDate: new Date(0) };
  const list = async (isOpen: boolean, maximumPageSize?: number, reverseOrder?: boolean, nextPageToken?: string) => {
    const out = isOpen
      ? await swf.send(new ListOpenWorkflowExecutionsCommand({ domain, startTimeFilter: filter, maximumPageSize, reverseOrder, nextPageToken }))
      : await swf.send(new ListClosedWorkflowExecutionsCommand({ domain, closeTimeFilter: filter, maximumPageSize, reverseOrder, nextPageToken }));
    const items = out.executionInfos!.map((info) => ({
      id: info.execution!.runId!,
      workflowId: info.execution!.workflowId!,
      key: [(isOpen ? info.startTimestamp! : info.closeTimestamp!).getTime(), info.execution!.runId!],
    }));
    return { items, next: out.nextPageToken };
  };
  return {
    compare: newestFirst,
    page: (size, reverseOrder, token) => list(open, size, reverseOrder, token),
    async change(rand) {
      if (rand() < 0.5) {
        await swf.send(
          new StartWorkflowExecutionCommand({ domain, workflowId: `wf-${started++}`, workflowType: { name: 'wf', version: '1' } }),
        );
      } else {
        const victim = pick(rand, (await list(true)).items.filter((item) => !item.workflowId.startsWith('history')));
        if (victim) await swf.send(new TerminateWorkflowExecutionCommand({ domain, workflowId: victim.workflowId, runId: victim.id }));
      }
    },
  };
}

function history(swf: SWFClient, domain: string, workflowId: string): Listing {
  return {
    compare: ascending,
    async page(maximumPageSize, reverseOrder, nextPageToken) {
      const out = await swf.send(new GetWorkflowExecutionHistoryCommand({ domain, execution: { workflowId, runId: runIds.get(workflowId) }, maximumPageSize, reverseOrder, nextPageToken }));
      return { items: out.events!.map((event) => ({ id: String(event.eventId), key: [event.eventId!] })), next: out.nextPageToken };
    },
    async change() {
      await swf.send(new SignalWorkflowExecutionCommand({ domain, workflowId, signalName: 'poke' }));
    },
  };
}
const runIds = new Map<string, string>();

describe('paging while the listed items change', () => {
  const domain = 'paging-changes';
  const local = useLocalSwf({}, async ({ swf }) => {
    await swf.send(new RegisterDomainCommand({ name: domain, workflowExecutionRetentionPeriodInDays: '1' }));
    for (let i = 0; i < 12; i++) await swf.send(new RegisterDomainCommand({ name: `seed-${i}`, workflowExecutionRetentionPeriodInDays: '1' }));
    for (let i = 0; i < 15; i++) {
      await swf.send(new RegisterActivityTypeCommand({ domain, name: i % 2 ? 'alpha' : 'beta', version: String(i) }));
      await swf.send(new RegisterWorkflowTypeCommand({ domain, name: i % 2 ? 'alpha' : 'beta', version: String(i) }));
      if (i % 2) await swf.send(new DeprecateWorkflowTypeCommand({ domain, workflowType: { name: i % 2 ? 'alpha' : 'beta', version: String(i) } }));
    }
    await swf.send(
      new RegisterWorkflowTypeCommand({
        domain,
        name: 'wf',
        version: '1',
        defaultTaskList: { name: 'tl' },
        defaultExecutionStartToCloseTimeout: '3600',
        defaultTaskStartToCloseTimeout: '60',
        defaultChildPolicy: 'TERMINATE',
      }),
    );
    for (let i = 0; i < 15; i++) {
      const started = await swf.send(new StartWorkflowExecutionCommand({ domain, workflowId: `seed-${i}`, workflowType: { name: 'wf', version: '1' } }));
      runIds.set(`seed-${i}`, started.runId!);
      if (i % 3 === 0) await swf.send(new TerminateWorkflowExecutionCommand({ domain, workflowId: `seed-${i}` }));
    }
    const target = await swf.send(new StartWorkflowExecutionCommand({ domain, workflowId: 'history-target', workflowType: { name: 'wf', version: '1' } }));
    runIds.set('history-target', target.runId!);
    for (let i = 0; i < 12; i++) await swf.send(new SignalWorkflowExecutionCommand({ domain, workflowId: 'history-target', signalName: 'poke' }));
  });

  const listings: Array<[string, () => Listing]> = [
    ['ListDomains', () => domains(local.swf)],
    ['ListActivityTypes', () => types(local.swf, domain, 'activity', 'REGISTERED')],
    ['ListWorkflowTypes (deprecated)', () => types(local.swf, domain, 'workflow', 'DEPRECATED')],
    ['ListOpenWorkflowExecutions', () => executions(local.swf, domain, true)],
    ['ListClosedWorkflowExecutions', () => executions(local.swf, domain, false)],
    ['GetWorkflowExecutionHistory', () => history(local.swf, domain, 'history-target')],
  ];
  for (const [name, listing] of listings) {
    it(`${name}: never repeats or skips an item, in either order`, async () => {
      for (const seed of [1, 2, 3]) {
        await pageWhileChanging(listing(), seed * 7919, false);
        await pageWhileChanging(listing(), seed * 104729, true);
      }
    });
  }
});
