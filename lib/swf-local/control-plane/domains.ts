import type { OperationTable } from '../context';
import type { SwfLocalEnv } from '../env';
import { fault } from '../errors';
import { DOMAINS, DomainRecord, domainArn } from '../records';
import { optionalString, requiredName } from '../validate';
import { alreadyExists, findDomain } from './lookup';
import { compareKeys, page, readPageRequest } from './paging';
import { requiredStatus, resourceTags, retentionDays } from './rules';
import type { TypeIndex } from './type-index';

/** SWF's quota: 100 domains per account and Region, deprecated ones included. */
export const MAX_DOMAINS = 100;

export function domainOperations(env: SwfLocalEnv, types: TypeIndex): OperationTable {
  const { store } = env;

  return {
    RegisterDomain(input) {
      const name = domainName(input);
      const retention = retentionDays(input);
      const description = optionalString(input, 'description', 1024);
      const tags = resourceTags(input) ?? [];
      if (store.has(DOMAINS, name)) throw alreadyExists(name);
      if (store.size(DOMAINS) >= MAX_DOMAINS) {
        throw fault('LimitExceededFault', `You have reached the limit of ${MAX_DOMAINS} domains (registered and deprecated)`);
      }
      const record: DomainRecord = {
        name,
        status: 'REGISTERED',
        ...(description !== undefined ? { description } : {}),
        workflowExecutionRetentionPeriodInDays: retention,
        arn: domainArn(env.region, env.accountId, name),
        tags,
      };
      store.put(DOMAINS, name, record);
      return undefined;
    },

    DescribeDomain(input) {
      const domain = findDomain(store, domainName(input));
      return {
        domainInfo: domainInfo(domain),
        configuration: { workflowExecutionRetentionPeriodInDays: domain.workflowExecutionRetentionPeriodInDays },
      };
    },

    DeprecateDomain(input) {
      const domain = findDomain(store, domainName(input));
      if (domain.status === 'DEPRECATED') throw fault('DomainDeprecatedFault', domain.name);
      domain.status = 'DEPRECATED';
      store.touch(DOMAINS, domain.name);
      // SWF: deprecating a domain deprecates every type in it.
      types.deprecateAll(domain.name, env.now());
      return undefined;
    },

    UndeprecateDomain(input) {
      const domain = findDomain(store, domainName(input));
      if (domain.status === 'REGISTERED') throw alreadyExists(domain.name);
      // Types deprecated with the domain stay deprecated: AWS documents no restore, and Undeprecate*Type exists.
      domain.status = 'REGISTERED';
      store.touch(DOMAINS, domain.name);
      return undefined;
    },

    ListDomains(input) {
      const status = requiredStatus(input);
      const request = readPageRequest(input);
      const matching = [...store.values<DomainRecord>(DOMAINS)].filter((d) => d.status === status);
      matching.sort((a, b) => compareKeys(a.name, b.name));
      const result = page(matching, (d) => d.name, request, ['ListDomains', status], env.now());
      return {
        domainInfos: result.items.map(domainInfo),
        ...(result.nextPageToken ? { nextPageToken: result.nextPageToken } : {}),
      };
    },
  };
}

function domainName(input: Record<string, unknown>): string {
  return requiredName(input, 'name', 256, 'name', true);
}

function domainInfo(domain: DomainRecord) {
  return {
    name: domain.name,
    status: domain.status,
    ...(domain.description !== undefined ? { description: domain.description } : {}),
    arn: domain.arn,
  };
}
