import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkspacePaths } from '../../../src/core/tools/workspace-paths.js';
import { makeRepo, type TestRepo } from '../../helpers/git-repo.js';

describe('WorkspacePaths', () => {
  let repo: TestRepo;
  let outside: string;
  let paths: WorkspacePaths;

  beforeEach(() => {
    repo = makeRepo();
    repo.write('src/a.ts', 'export const a = 1;\n');
    outside = mkdtempSync(path.join(tmpdir(), 'pullwise-outside-'));
    paths = new WorkspacePaths(repo.dir);
  });
  afterEach(() => {
    repo.cleanup();
    rmSync(outside, { recursive: true, force: true });
  });

  test('a relative path resolves to the real file inside the root', () => {
    expect(paths.resolve('src/a.ts', 'read')).toEqual({
      absolute: path.join(realpathSync(repo.dir), 'src/a.ts'),
      relative: 'src/a.ts',
    });
  });

  test('an absolute path inside the root is accepted, with the root as given or as it really is', () => {
    expect(paths.resolve(path.join(repo.dir, 'src/a.ts'), 'write').relative).toBe('src/a.ts');
    expect(paths.resolve(path.join(realpathSync(repo.dir), 'src/a.ts'), 'write').relative).toBe('src/a.ts');
  });

  test('the root itself is the empty relative path', () => {
    expect(paths.resolve('.', 'read').relative).toBe('');
  });

  test('paths that do not exist yet resolve too, for create', () => {
    expect(paths.resolve('new/dir/file.ts', 'write').relative).toBe('new/dir/file.ts');
  });

  test('a name that merely starts with two dots is inside', () => {
    expect(paths.resolve('..hidden', 'write').relative).toBe('..hidden');
  });

  test.each([['../x'], ['src/../../x'], ['/etc/passwd']])(
    '%s is refused as outside the repository',
    (given) => {
      expect(() => paths.resolve(given, 'read')).toThrow(`path ${given} is outside the repository`);
    },
  );

  test('a symbolic link to a file outside is refused, for reading and for writing', () => {
    writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    symlinkSync(path.join(outside, 'secret.txt'), path.join(repo.dir, 'secret.txt'));
    expect(() => paths.resolve('secret.txt', 'read')).toThrow(
      'path secret.txt leads outside the repository through a symbolic link',
    );
    expect(() => paths.resolve('secret.txt', 'write')).toThrow(/leads outside/);
  });

  test('a symbolic link to a directory outside (/etc) is refused for anything under it', () => {
    symlinkSync('/etc', path.join(repo.dir, 'etc'));
    expect(() => paths.resolve('etc/passwd', 'read')).toThrow(/leads outside/);
    expect(() => paths.resolve('etc/new-file', 'write')).toThrow(/leads outside/);
    expect(() => paths.resolve('etc', 'read')).toThrow(/leads outside/);
  });

  test('a dangling symbolic link whose target is outside is refused, so create cannot write through it', () => {
    symlinkSync(path.join(outside, 'not-yet'), path.join(repo.dir, 'dangling'));
    expect(() => paths.resolve('dangling', 'write')).toThrow(/leads outside/);
  });

  test('a dangling link through another link is followed to its real target', () => {
    symlinkSync(outside, path.join(repo.dir, 'out'));
    symlinkSync('out/later.txt', path.join(repo.dir, 'chained'));
    expect(() => paths.resolve('chained', 'write')).toThrow(/leads outside/);
  });

  test('links that stay inside the root resolve to their real target', () => {
    symlinkSync('src', path.join(repo.dir, 'source'));
    symlinkSync('src/planned.ts', path.join(repo.dir, 'planned'));
    expect(paths.resolve('source/a.ts', 'write').relative).toBe('src/a.ts');
    expect(paths.resolve('planned', 'write').relative).toBe('src/planned.ts');
  });

  test('a loop of links is refused rather than followed forever', () => {
    symlinkSync('loop-b', path.join(repo.dir, 'loop-a'));
    symlinkSync('loop-a', path.join(repo.dir, 'loop-b'));
    expect(() => paths.resolve('loop-a', 'write')).toThrow(/too many levels of symbolic links/);
  });

  test('.git may be read but not written, however it is spelled', () => {
    mkdirSync(path.join(repo.dir, 'docs'));
    symlinkSync('../.git/config', path.join(repo.dir, 'docs/config-link'));
    expect(paths.resolve('.git/config', 'read').relative).toBe('.git/config');
    expect(() => paths.resolve('.git/config', 'write')).toThrow('path .git/config is inside .git/');
    expect(() => paths.resolve('src/../.git/hooks/pre-commit', 'write')).toThrow(/inside \.git\//);
    expect(() => paths.resolve('docs/config-link', 'write')).toThrow(/inside \.git\//);
  });

  test('an empty path is refused with a hint', () => {
    expect(() => paths.resolve('  ', 'read')).toThrow(/path is empty/);
  });
});
