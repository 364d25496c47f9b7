import { describe, expect, test } from '@jest/globals';
import { parseConfig } from '../../../src/core/config/load-config.js';
import { instructionsForPaths } from '../../../src/core/config/path-instructions.js';

const { config, problems } = parseConfig(`
review:
  path_instructions:
    - path: "src/api/**"
      instructions: Check input validation.
    - path: "*.sql"
      instructions: Look for missing indexes.
    - path: "src/**/*.ts"
      instructions: Prefer narrow types.
`);

describe('instructionsForPaths', () => {
  test('the config used here is valid', () => {
    expect(problems).toEqual([]);
  });

  test.each([
    ['src/api/users.ts', 'Check input validation.\n\nPrefer narrow types.'],
    ['db/migrations/001.sql', 'Look for missing indexes.'],
    ['src/.internal/flags.ts', 'Prefer narrow types.'],
  ])('%s gets the instructions of every matching entry, in file order', (path, instructions) => {
    expect(instructionsForPaths(config, [path])).toEqual([{ path, instructions }]);
  });

  test('leaves out paths no entry matches and keeps the order of the paths given', () => {
    expect(instructionsForPaths(config, ['README.md', 'b.sql', 'a.sql']).map((entry) => entry.path)).toEqual([
      'b.sql',
      'a.sql',
    ]);
  });

  test('gives nothing when the config has no path instructions', () => {
    expect(instructionsForPaths(parseConfig(null).config, ['src/api/users.ts'])).toEqual([]);
  });
});
