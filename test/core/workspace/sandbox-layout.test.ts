import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sandboxPath } from '../../../src/core/workspace/bubblewrap-args.js';
import { hiddenEtcEntries, systemLayout } from '../../../src/core/workspace/bubblewrap-layout.js';

let etc: string;

beforeEach(() => {
  etc = mkdtempSync(join(tmpdir(), 'pullwise-etc-'));
});

afterEach(() => rmSync(etc, { recursive: true, force: true }));

describe('hiddenEtcEntries', () => {
  test('blanks files others may not read and directories others may not list, keeps the rest', async () => {
    entry('hostname', 0o644, 'box\n');
    entry('shadow', 0o640, 'root:$6$hash\n');
    entry('ssl/certs', 0o755);
    entry('ssl/certs/ca.pem', 0o644, 'cert');
    entry('ssl/certs/local.key', 0o600, 'key');
    entry('ssl/private', 0o710);
    entry('sudoers.d', 0o750);
    symlinkSync('/etc/shadow', join(etc, 'link-to-shadow'));

    const args = await hiddenEtcEntries(etc);

    const file = (path: string) => ['--ro-bind', '/dev/null', join(etc, path)];
    const dir = (path: string) => ['--tmpfs', join(etc, path), '--remount-ro', join(etc, path)];
    expect(pairs(args).sort()).toEqual(
      [file('shadow'), file('ssl/certs/local.key'), dir('ssl/private'), dir('sudoers.d')].sort(),
    );
  });
});

/** A file (with content) or directory under the fake /etc, with exactly `mode` (mkdir and open obey umask). */
function entry(path: string, mode: number, content?: string): void {
  const full = join(etc, path);
  mkdirSync(dirname(full), { recursive: true });
  if (content === undefined) mkdirSync(full);
  else writeFileSync(full, content);
  chmodSync(full, mode);
}

describe('systemLayout', () => {
  test('binds /usr and /etc read-only, never the whole root directory, and puts node on the PATH', async () => {
    const layout = await systemLayout();

    const binds = pairs(layout.systemArgs).filter((arg) => arg[0] === '--ro-bind' || arg[0] === '--bind');
    expect(binds).toContainEqual(['--ro-bind', '/usr', '/usr']);
    expect(binds).toContainEqual(['--ro-bind', '/etc', '/etc']);
    expect(binds.map((arg) => arg[1])).not.toContain('/');
    expect(layout.systemArgs).not.toContain('--bind');
    expect(sandboxPath(layout).split(':')).toContain(dirname(realpathSync(process.execPath)));
  });
});

/** bwrap arguments grouped by option: each option with the values it takes. */
function pairs(args: string[]): string[][] {
  const arity: Record<string, number> = {
    '--ro-bind': 2,
    '--bind': 2,
    '--symlink': 2,
    '--tmpfs': 1,
    '--remount-ro': 1,
  };
  const grouped: string[][] = [];
  for (let i = 0; i < args.length;) {
    const option = args[i]!;
    const count = arity[option] ?? 0;
    const next = args[i + count + 1];
    // A hidden directory is `--tmpfs P --remount-ro P`: kept together as one entry.
    if (option === '--tmpfs' && next === '--remount-ro') {
      grouped.push(args.slice(i, i + 4));
      i += 4;
    } else {
      grouped.push(args.slice(i, i + count + 1));
      i += count + 1;
    }
  }
  return grouped;
}
