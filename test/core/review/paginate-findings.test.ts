import { describe, expect, test } from '@jest/globals';
import {
  paginateFindings,
  renderFindingItems,
  type FindingItem,
} from '../../../src/core/review/paginate-findings.js';

const item = (i: number, heading = '#### A', size = 100): FindingItem => ({
  heading,
  text: `- item ${i} ${'x'.repeat(size)}`,
});

describe('laying findings out over a body and follow-up pages', () => {
  test('findings that fit stay in the body, and no page is made', () => {
    const items = [item(1), item(2, '#### B')];
    expect(paginateFindings(items, { bodyRoom: 1_000, pageRoom: 1_000, pointerRoom: () => 50 })).toEqual({
      inBody: items,
      pages: [],
    });
  });

  test('the first findings fill the body less the pointer; the rest fill pages in order, none lost', () => {
    const items = Array.from({ length: 100 }, (_, i) => item(i, i % 3 ? '#### A' : '#### B'));
    const layout = paginateFindings(items, {
      bodyRoom: 2_000,
      pageRoom: 3_000,
      pointerRoom: (pages) => 100 + 40 * pages,
    });
    expect([...layout.inBody, ...layout.pages.flat()]).toEqual(items);
    const pointer = 100 + 40 * layout.pages.length;
    expect(renderFindingItems(layout.inBody).length + pointer).toBeLessThanOrEqual(2_000);
    for (const page of layout.pages) expect(renderFindingItems(page).length).toBeLessThanOrEqual(3_000);
    expect(layout.pages.length).toBeGreaterThan(1);
  });

  test('a pointer that grows with the pages is given room for as many pages as there end up', () => {
    const items = Array.from({ length: 60 }, (_, i) => item(i));
    const layout = paginateFindings(items, {
      bodyRoom: 3_000,
      pageRoom: 1_000,
      pointerRoom: (pages) => 200 * pages,
    });
    expect(renderFindingItems(layout.inBody).length + 200 * layout.pages.length).toBeLessThanOrEqual(3_000);
    expect([...layout.inBody, ...layout.pages.flat()]).toEqual(items);
  });

  test('one finding longer than a page is the only thing cut, to fit a page of its own', () => {
    const items = [item(1), item(2, '#### A', 5_000), item(3)];
    const layout = paginateFindings(items, { bodyRoom: 300, pageRoom: 1_000, pointerRoom: () => 50 });
    expect(layout.inBody).toEqual([items[0]]);
    expect(layout.pages).toHaveLength(2);
    expect(layout.pages[0]![0]!.text).toMatch(/^- item 2 x+\n\n…\(cut to fit/);
    expect(renderFindingItems(layout.pages[0]!).length).toBeLessThanOrEqual(1_000);
    expect(layout.pages[1]).toEqual([items[2]]);
  });

  test('items are rendered under their headings in the order given', () => {
    const text = renderFindingItems(
      [item(1, '#### B', 0), item(2, '#### A', 0), item(3, '#### B', 0)],
      ['#### A', '#### B'],
    );
    expect(text).toBe('#### A\n- item 2 \n\n#### B\n- item 1 \n- item 3 ');
  });
});
