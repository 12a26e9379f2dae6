import {
  DeprecateWorkflowTypeCommand,
  ListDomainsCommand,
  ListWorkflowTypesCommand,
  paginateListDomains,
  RegisterDomainCommand,
  SWFClient,
} from '@aws-sdk/client-swf';
import { describe, expect, it } from 'vitest';
import { useLocalSwf } from '../support/swf-local';
import { rawBulk } from './wire';

async function allDomainNames(swf: SWFClient, pageSize: number, reverseOrder = false): Promise<string[]> {
  const names: string[] = [];
  let nextPageToken: string | undefined;
  do {
    const page = await swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED', maximumPageSize: pageSize, reverseOrder, nextPageToken }));
    expect(page.domainInfos!.length).toBeLessThanOrEqual(pageSize);
    names.push(...page.domainInfos!.map((d) => d.name!));
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return names;
}

describe('swf-local paging and filters', () => {
  // Registered in a shuffled order so that sorting is observable.
  const domainNames = Array.from({ length: 23 }, (_, i) => `dom-${String((i * 7) % 23).padStart(2, '0')}`);
  const sorted = [...domainNames].sort();

  const local = useLocalSwf({}, async ({ server, swf }) => {
    for (const name of domainNames) {
      await swf.send(new RegisterDomainCommand({ name, workflowExecutionRetentionPeriodInDays: '1' }));
    }
    // Versions chosen so that string order differs from numeric order; two names interleaved.
    await rawBulk(server.endpoint, 'RegisterWorkflowType', 30, (i) => ({
      domain: 'dom-00',
      name: (29 - i) % 2 ? 'beta' : 'alpha',
      version: String(29 - i),
    }));
    for (const version of ['28', '26']) {
      await swf.send(new DeprecateWorkflowTypeCommand({ domain: 'dom-00', workflowType: { name: 'alpha', version } }));
    }
  });

  it('lists domains sorted by name and pages through them without gaps or repeats', async () => {
    expect(await allDomainNames(local.swf, 5)).toEqual(sorted);
    expect(await allDomainNames(local.swf, 1000)).toEqual(sorted);
  });

  it('reverses the order with reverseOrder, across pages too', async () => {
    expect(await allDomainNames(local.swf, 4, true)).toEqual([...sorted].reverse());
  });

  it('treats maximumPageSize 0 or absent as 1000 and omits the token on the last page', async () => {
    const page = await local.swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED', maximumPageSize: 0 }));
    expect(page.domainInfos).toHaveLength(23);
    expect(page.nextPageToken).toBeUndefined();
  });

  it("works with the SDK's paginator", async () => {
    const names: string[] = [];
    for await (const page of paginateListDomains({ client: local.swf, pageSize: 6 }, { registrationStatus: 'REGISTERED' })) {
      names.push(...page.domainInfos!.map((d) => d.name!));
    }
    expect(names).toEqual(sorted);
  });

  it('lists types by name then version, filtered by status and name, paged', async () => {
    const seen: string[] = [];
    let nextPageToken: string | undefined;
    do {
      const page = await local.swf.send(
        new ListWorkflowTypesCommand({ domain: 'dom-00', registrationStatus: 'REGISTERED', maximumPageSize: 7, nextPageToken }),
      );
      seen.push(...page.typeInfos!.map((t) => `${t.workflowType!.name}@${t.workflowType!.version}`));
      nextPageToken = page.nextPageToken;
    } while (nextPageToken);
    const expected = [
      ...['0', '10', '12', '14', '16', '18', '2', '20', '22', '24', '4', '6', '8'].map((v) => `alpha@${v}`),
      ...['1', '11', '13', '15', '17', '19', '21', '23', '25', '27', '29', '3', '5', '7', '9'].map((v) => `beta@${v}`),
    ];
    expect(seen).toEqual(expected);

    const deprecated = await local.swf.send(new ListWorkflowTypesCommand({ domain: 'dom-00', registrationStatus: 'DEPRECATED' }));
    expect(deprecated.typeInfos!.map((t) => t.workflowType!.version)).toEqual(['26', '28']);

    const betaOnly = await local.swf.send(
      new ListWorkflowTypesCommand({ domain: 'dom-00', registrationStatus: 'REGISTERED', name: 'beta', reverseOrder: true, maximumPageSize: 3 }),
    );
    expect(betaOnly.typeInfos!.map((t) => t.workflowType!.version)).toEqual(['9', '7', '5']);
    expect(betaOnly.nextPageToken).toEqual(expect.any(String));

    const none = await local.swf.send(new ListWorkflowTypesCommand({ domain: 'dom-01', registrationStatus: 'REGISTERED' }));
    expect(none.typeInfos).toEqual([]);
  });

  it('refuses a token used with other arguments, or one it never issued', async () => {
    const first = await local.swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED', maximumPageSize: 2 }));
    await expect(
      local.swf.send(new ListDomainsCommand({ registrationStatus: 'DEPRECATED', maximumPageSize: 2, nextPageToken: first.nextPageToken })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      local.swf.send(new ListDomainsCommand({ registrationStatus: 'REGISTERED', nextPageToken: 'not-a-token' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('keeps paging consistent when a listed item disappears between pages', async () => {
    const first = await local.swf.send(
      new ListWorkflowTypesCommand({ domain: 'dom-00', registrationStatus: 'REGISTERED', name: 'alpha', maximumPageSize: 3 }),
    );
    expect(first.typeInfos!.map((t) => t.workflowType!.version)).toEqual(['0', '10', '12']);
    // The last item of the page is deprecated before the next page is read: the next page still starts after it.
    await local.swf.send(new DeprecateWorkflowTypeCommand({ domain: 'dom-00', workflowType: { name: 'alpha', version: '12' } }));
    const second = await local.swf.send(
      new ListWorkflowTypesCommand({
        domain: 'dom-00',
        registrationStatus: 'REGISTERED',
        name: 'alpha',
        maximumPageSize: 3,
        nextPageToken: first.nextPageToken,
      }),
    );
    expect(second.typeInfos!.map((t) => t.workflowType!.version)).toEqual(['14', '16', '18']);
  });
});
