/** SWF's largest page: fewer round trips for the user. */
export const MAX_PAGE_SIZE = 1000;

/**
 * Reads every page of an SDK paginator (`paginateListDomains(...)` and friends) and concatenates one list member.
 * The user never sees page tokens.
 */
export async function collectPages<Page, Item>(
  pages: AsyncIterable<Page>,
  items: (page: Page) => Item[] | undefined,
): Promise<Item[]> {
  const all: Item[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}
