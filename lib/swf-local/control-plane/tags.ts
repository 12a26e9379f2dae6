import { domainNameFromArn } from '../../common/swf-resources';
import type { OperationTable } from '../context';
import type { SwfLocalEnv } from '../env';
import { unknownResource, validationError } from '../errors';
import { DOMAINS, DomainRecord } from '../records';
import { requiredString } from '../validate';
import { MAX_TAGS, resourceTags, tagKeys, tooManyTags } from './rules';

/** Tagging: only domains have ARNs, so only domains have tags. */
export function tagOperations(env: SwfLocalEnv): OperationTable {
  const { store } = env;

  function domainByArn(input: Record<string, unknown>): DomainRecord {
    const arn = requiredString(input, 'resourceArn', 1600);
    const name = domainNameFromArn(arn);
    const domain = name === undefined ? undefined : store.get<DomainRecord>(DOMAINS, name);
    if (!domain || domain.arn !== arn) throw unknownResource(`Unknown resource: ${arn}`);
    return domain;
  }

  return {
    TagResource(input) {
      const domain = domainByArn(input);
      const added = resourceTags(input);
      if (added === undefined) throw validationError("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
      const merged = new Map(domain.tags.map((tag) => [tag.key, tag]));
      for (const tag of added) merged.set(tag.key, tag);
      if (merged.size > MAX_TAGS) throw tooManyTags(merged.size);
      domain.tags = [...merged.values()];
      store.touch(DOMAINS, domain.name);
      return undefined;
    },

    UntagResource(input) {
      const domain = domainByArn(input);
      const keys = new Set(tagKeys(input));
      domain.tags = domain.tags.filter((tag) => !keys.has(tag.key));
      store.touch(DOMAINS, domain.name);
      return undefined;
    },

    ListTagsForResource(input) {
      return { tags: domainByArn(input).tags };
    },
  };
}
