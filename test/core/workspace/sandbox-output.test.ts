import { describe, expect, test } from '@jest/globals';
import { OutputCap } from '../../../src/core/workspace/sandbox-output.js';

function capped(maxBytes: number, ...chunks: string[]): OutputCap {
  const cap = new OutputCap(maxBytes);
  for (const chunk of chunks) cap.push(Buffer.from(chunk));
  return cap;
}

describe('OutputCap', () => {
  test('output within the budget is kept whole, however it was chunked', () => {
    const cap = capped(10, 'ab', 'cdef', 'ghij');

    expect(cap.text()).toBe('abcdefghij');
    expect(cap.truncated).toBe(false);
  });

  test('beyond the budget the first and last halves are kept around a count of the bytes dropped', () => {
    const cap = capped(8, 'HEAD', '-middle-of-the-output-', 'TAIL');

    expect(cap.truncated).toBe(true);
    expect(cap.text()).toBe('HEAD\n… 22 bytes omitted …\nTAIL');
  });

  test('the tail is the last bytes even when they arrive across many small chunks', () => {
    const cap = capped(6, 'abc', ...'0123456789'.split(''), 'xyz');

    expect(cap.text()).toBe('abc\n… 10 bytes omitted …\nxyz');
  });

  test('a cut never splits a character: its bytes count as omitted', () => {
    // "é" is 2 bytes and "€" 3: the head budget (3) ends inside "é", the tail budget (3) starts inside "€".
    const cap = capped(6, 'aaé', 'middle', '€b');

    expect(cap.text()).toBe('aa\n… 11 bytes omitted …\nb');
  });

  test('a gigabyte going through does not grow memory beyond the budget', () => {
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    const cap = new OutputCap(64 * 1024);
    const before = process.memoryUsage().arrayBuffers;

    for (let i = 0; i < 1024; i++) cap.push(chunk);

    expect(cap.totalBytes).toBe(1024 ** 3);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 1024 * 1024);
    expect(cap.text()).toMatch(/^x{32768}\n… 1073676288 bytes omitted …\nx{32768}$/);
  });
});
