import { ListActivityTypesCommand, ListWorkflowTypesCommand, RegistrationStatus, SWFClient } from '@aws-sdk/client-swf';
import { withSwfRetries } from './swf-retry';

/** A type as a List page shows it. */
export interface ListedType {
  readonly name: string;
  readonly version: string;
  readonly status: RegistrationStatus;
}

/**
 * Every type of one kind and registration status in a domain, paging through List calls of 1,000 types.
 * Throttling and 5xx are retried within `budgetMs`; SWF's errors (UnknownResourceFault for an unknown domain) are thrown.
 */
export async function listTypes(
  swf: SWFClient,
  kind: 'workflowType' | 'activityType',
  domain: string,
  registrationStatus: RegistrationStatus,
  budgetMs?: number,
): Promise<ListedType[]> {
  const found: ListedType[] = [];
  let nextPageToken: string | undefined;
  do {
    const input = { domain, registrationStatus, maximumPageSize: 1000, nextPageToken };
    const page = await withSwfRetries(async () => {
      if (kind === 'workflowType') {
        const output = await swf.send(new ListWorkflowTypesCommand(input));
        return { infos: (output.typeInfos ?? []).map((info) => ({ type: info.workflowType, status: info.status })), nextPageToken: output.nextPageToken };
      }
      const output = await swf.send(new ListActivityTypesCommand(input));
      return { infos: (output.typeInfos ?? []).map((info) => ({ type: info.activityType, status: info.status })), nextPageToken: output.nextPageToken };
    }, budgetMs);
    for (const { type, status } of page.infos) {
      if (type?.name && type.version) found.push({ name: type.name, version: type.version, status: status ?? registrationStatus });
    }
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return found;
}

/**
 * The registration status of a domain's types, read from List pages (1,000 types a call) instead of one Describe per
 * type: SWF refills DescribeActivityType at 6 calls a second, so describing hundreds of types on every plan runs
 * into throttling by the third plan. A type the deployed stack registered cannot have changed its defaults (SWF types
 * are immutable), so its status is all plan needs.
 */
export class TypeStatusListing {
  private readonly listings = new Map<string, Promise<Map<string, RegistrationStatus>>>();

  constructor(
    private readonly swf: SWFClient,
    /** How long throttling and 5xx are retried before the plan gives up. @default 60000 */
    private readonly budgetMs = 60_000,
  ) {}

  /** REGISTERED, DEPRECATED, or undefined when SWF does not have the type (or the domain). */
  async statusOf(kind: 'workflowType' | 'activityType', domain: string, name: string, version: string): Promise<RegistrationStatus | undefined> {
    const key = `${kind}|${domain}`;
    let listing = this.listings.get(key);
    if (!listing) {
      listing = this.list(kind, domain);
      this.listings.set(key, listing);
    }
    return (await listing).get(`${name}|${version}`);
  }

  private async list(kind: 'workflowType' | 'activityType', domain: string): Promise<Map<string, RegistrationStatus>> {
    const statuses = new Map<string, RegistrationStatus>();
    for (const registrationStatus of ['REGISTERED', 'DEPRECATED'] as const) {
      const types = await this.unlessUnknownDomain(() => listTypes(this.swf, kind, domain, registrationStatus, this.budgetMs));
      if (!types) return statuses;
      for (const { name, version, status } of types) statuses.set(`${name}|${version}`, status);
    }
    return statuses;
  }

  /** Undefined when SWF does not know the domain (then it has none of the types). */
  private async unlessUnknownDomain<T>(read: () => Promise<T>): Promise<T | undefined> {
    try {
      return await read();
    } catch (error) {
      if ((error as Error).name === 'UnknownResourceFault') return undefined;
      throw error;
    }
  }
}
