import { fitBody } from './compose-summary.js';

/** A finding rendered as one Markdown list item, listed under its heading. */
export interface FindingItem {
  heading: string;
  text: string;
}

/** Findings laid out over a body and the pages after it, in their order: nothing is left out. */
export interface FindingPages {
  inBody: FindingItem[];
  pages: FindingItem[][];
}

/**
 * Lays out findings over a body of `bodyRoom` characters and as many pages of `pageRoom` as the rest needs.
 * The body keeps the first ones (the most severe, in the caller's order) and, once some do not fit, room for
 * the line that says where the rest is: `pointerRoom(pages)` characters for that many pages. An item longer
 * than a whole page is the one thing cut, to fit it.
 */
export function paginateFindings(
  items: FindingItem[],
  options: { bodyRoom: number; pageRoom: number; pointerRoom: (pages: number) => number },
): FindingPages {
  if (fitting(items, options.bodyRoom) === items.length) return { inBody: items, pages: [] };
  // More pages need a longer pointer, which leaves less room in the body: grow the guess until it holds.
  for (let reserved = 1; ;) {
    const inBody = fitting(items, options.bodyRoom - options.pointerRoom(reserved));
    const pages = paginate(items.slice(inBody), options.pageRoom);
    if (pages.length <= reserved) return { inBody: items.slice(0, inBody), pages };
    reserved = pages.length;
  }
}

/** The items under their headings, the sections in `order` (headings not in it follow, as they come). */
export function renderFindingItems(items: FindingItem[], order: readonly string[] = []): string {
  const sections = new Map<string, string[]>(order.map((heading) => [heading, []]));
  for (const item of items) sections.set(item.heading, [...(sections.get(item.heading) ?? []), item.text]);
  return [...sections]
    .filter(([, texts]) => texts.length > 0)
    .map(([heading, texts]) => `${heading}\n${texts.join('\n')}`)
    .join('\n\n');
}

/** How many of the first items fit in `room` rendered (an upper bound: each heading and line break counted). */
function fitting(items: FindingItem[], room: number): number {
  const headings = new Set<string>();
  let used = 0;
  for (const [index, item] of items.entries()) {
    used += item.text.length + 1 + (headings.has(item.heading) ? 0 : item.heading.length + 3);
    if (used > room) return index;
    headings.add(item.heading);
  }
  return items.length;
}

function paginate(items: FindingItem[], room: number): FindingItem[][] {
  const pages: FindingItem[][] = [];
  let rest = items;
  while (rest.length > 0) {
    let count = fitting(rest, room);
    if (count === 0) {
      const [first, ...others] = rest as [FindingItem, ...FindingItem[]];
      rest = [{ ...first, text: fitBody(first.text, room - first.heading.length - 4) }, ...others];
      count = 1;
    }
    pages.push(rest.slice(0, count));
    rest = rest.slice(count);
  }
  return pages;
}
