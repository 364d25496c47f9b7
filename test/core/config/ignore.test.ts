import { describe, expect, test } from '@jest/globals';
import { matchesAny } from '../../../src/core/config/ignore.js';

describe('matchesAny', () => {
  test.each([
    // A glob without a slash matches a name at any depth, like .gitignore.
    ['*.snap', 'a/b/c.snap', true],
    ['*.snap', 'c.snap', true],
    ['*.snap', 'a/b/c.snap.ts', false],
    ['package-lock.json', 'web/package-lock.json', true],
    // ... including a folder name, which covers everything inside it.
    ['vendor', 'lib/vendor/x/y.js', true],
    ['vendor', 'lib/vendors/y.js', false],
    // A glob with a slash is matched from the repository root, against the path or a folder above it.
    ['docs/**', 'docs/guide/intro.md', true],
    ['docs/**', 'site/docs/intro.md', false],
    ['src/gen', 'src/gen/api.ts', true],
    ['src/gen', 'src/general.ts', false],
    ['**/*.pb.go', 'api/v1/user.pb.go', true],
    ['**/*.pb.go', 'api/v1/user.go', false],
    // A leading slash anchors a slash-less glob to the root.
    ['/build', 'build/out.js', true],
    ['/build', 'tools/build/out.js', false],
    // A trailing slash matches folders only.
    ['dist/', 'pkg/dist/index.js', true],
    ['dist/', 'scripts/dist', false],
    // Dot files and dot folders match like any other.
    ['*.env', 'config/.env', true],
    ['*.env', 'config/.envrc', false],
    ['.env*', 'config/.env.local', true],
    ['*', '.github/workflows/ci.yml', true],
    ['.github/**', '.github/workflows/ci.yml', true],
    ['src/**/*.ts', 'src/.hidden/a.ts', true],
  ])('%s against %s is %s', (glob, path, expected) => {
    expect(matchesAny([glob], path)).toBe(expected);
  });

  test('matches when any one glob matches, and never with no globs', () => {
    expect(matchesAny(['docs/**', '*.snap'], 'x/y.snap')).toBe(true);
    expect(matchesAny(['docs/**', '*.snap'], 'src/y.ts')).toBe(false);
    expect(matchesAny([], 'src/y.ts')).toBe(false);
  });
});
