import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, test } from '@jest/globals';
import type { DiffFile } from '../../../src/core/diff/types.js';
import { formatBytes, largeFilesCheck } from '../../../src/core/checks/large-files.js';
import { diffFilesFromGit } from './diff-fixture.js';

const OPTIONS = { largeFileBytes: 4096 };
const bigText = 'x'.repeat(99) + '\n'; // 100 bytes a line

describe('large-files check', () => {
  let files: DiffFile[];
  const file = (path: string) => files.find((f) => f.path === path)!;

  beforeAll(() => {
    files = diffFilesFromGit(
      { 'grown.txt': 'small\n' },
      {
        'grown.txt': bigText.repeat(60),
        'dist/bundle.js': bigText.repeat(50), // 5000 bytes
        'assets/logo.bin': Buffer.concat([Buffer.from([0]), randomBytes(9999)]), // 10000 bytes
        'small.txt': bigText.repeat(3),
      },
    );
  });

  test('an added text file over the limit is one major finding on line 1 with its size', async () => {
    const findings = await largeFilesCheck.run([file('dist/bundle.js')], OPTIONS);

    expect(findings).toEqual([
      expect.objectContaining({
        path: 'dist/bundle.js',
        line: 1,
        severity: 'major',
        source: 'check:large-files',
      }),
    ]);
    expect(findings[0]!.body).toContain('4.9 KB');
    expect(findings[0]!.body).toMatch(/Git LFS/);
  });

  test('an added binary file (no hunks) is still reported, on line 1', async () => {
    expect(file('assets/logo.bin')).toMatchObject({ binary: true, hunks: [] });
    const findings = await largeFilesCheck.run([file('assets/logo.bin')], OPTIONS);

    expect(findings.map((f) => [f.path, f.line])).toEqual([['assets/logo.bin', 1]]);
    expect(findings[0]!.body).toContain('9.8 KB');
  });

  test('without a blob size the size is estimated from the added lines', async () => {
    const { newSize: _dropped, ...withoutSize } = file('dist/bundle.js');
    const findings = await largeFilesCheck.run([withoutSize], OPTIONS);

    expect(findings.map((f) => f.body)).toEqual([expect.stringContaining('about 4.9 KB')]);
  });

  test('a small added file and a modified file that grew are not reported', async () => {
    expect(file('grown.txt').status).toBe('modified');
    expect(await largeFilesCheck.run([file('small.txt'), file('grown.txt')], OPTIONS)).toEqual([]);
  });
});

describe('formatBytes', () => {
  test.each([
    [0, '0 bytes'],
    [1023, '1023 bytes'],
    [1536, '1.5 KB'],
    [13_002_342, '12.4 MB'],
    [5 * 1024 ** 3, '5.0 GB'],
  ])('%d bytes is "%s"', (bytes, label) => {
    expect(formatBytes(bytes)).toBe(label);
  });
});
