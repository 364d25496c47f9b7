import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  createServedRepo,
  startGitHttpServer,
  type GitHttpServer,
  type ServedRepo,
} from './git-http-server.js';

const TOKEN = 'ghs_servertest0123456789';

/**
 * A git client as a GitHub App uses it: the token in an http.extraHeader of this command only. Never
 * execFileSync: the server runs on this process's event loop.
 */
async function clientGit(cwd: string, args: string[], token?: string): Promise<string> {
  const auth = token
    ? {
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'http.extraHeader',
        GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`,
      }
    : {};
  const { stdout } = await promisify(execFile)('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: devNull,
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 'Client',
      GIT_AUTHOR_EMAIL: 'client@example.com',
      GIT_COMMITTER_NAME: 'Client',
      GIT_COMMITTER_EMAIL: 'client@example.com',
      ...auth,
    },
  });
  return stdout;
}

describe('the loopback git HTTP server', () => {
  let tmp: string;
  let server: GitHttpServer;
  let repo: ServedRepo;
  let mainSha: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'pullwise-git-server-'));
    server = await startGitHttpServer({ root: path.join(tmp, 'served'), token: TOKEN });
    repo = createServedRepo(server, 'acme/app');
    repo.write({ 'README.md': 'hello\n', 'src/big.txt': 'x'.repeat(50_000) });
    mainSha = repo.commit('first');
    repo.publish(mainSha, 'main');
  });

  afterAll(async () => {
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('answers 401 with a Basic challenge without the token, and records the attempt', async () => {
    const before = server.requests.length;
    const anonymous = await fetch(`${repo.cloneUrl}/info/refs?service=git-upload-pack`);
    const wrong = await fetch(`${repo.cloneUrl}/info/refs?service=git-upload-pack`, {
      headers: { Authorization: `Basic ${Buffer.from('x-access-token:nope').toString('base64')}` },
    });

    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(wrong.status).toBe(401);
    expect(server.requests.slice(before).map((r) => [r.status, r.authorized, r.token])).toEqual([
      [401, false, undefined],
      [401, false, 'nope'],
    ]);
  });

  it('serves a partial clone to a client that sends the token, and logs the bytes sent', async () => {
    const before = server.requests.length;
    const into = path.join(tmp, 'partial');
    await clientGit(
      tmp,
      ['clone', '--quiet', '--filter=blob:none', '--no-checkout', repo.cloneUrl, into],
      TOKEN,
    );

    expect((await clientGit(into, ['rev-parse', 'origin/main'])).trim()).toBe(mainSha);
    // With blob:none no file content came: both blobs are promised, not present.
    const missing = (await clientGit(into, ['rev-list', '--objects', '--missing=print', 'origin/main']))
      .split('\n')
      .filter((line) => line.startsWith('?'));
    expect(missing).toHaveLength(2);
    const log = server.requests.slice(before);
    expect(log.every((r) => r.authorized && r.token === TOKEN)).toBe(true);
    expect(log.map((r) => r.service)).toContain('git-upload-pack');
    expect(server.fetchedBytes(before)).toBeGreaterThan(0);
    // The 50 kB blob was left out: far fewer bytes than the content.
    expect(server.fetchedBytes(before)).toBeLessThan(10_000);
  });

  it('accepts a push, and serves a pull request head that is on no branch', async () => {
    const into = path.join(tmp, 'full');
    await clientGit(tmp, ['clone', '--quiet', repo.cloneUrl, into], TOKEN);
    await clientGit(into, ['commit', '--quiet', '--allow-empty', '-m', 'from the client']);
    const pushed = (await clientGit(into, ['rev-parse', 'HEAD'])).trim();
    const before = server.requests.length;
    await clientGit(into, ['push', '--quiet', 'origin', 'HEAD:refs/heads/topic'], TOKEN);

    expect(repo.refSha('refs/heads/topic')).toBe(pushed);
    expect(server.requests.slice(before).map((r) => r.service)).toContain('git-receive-pack');

    repo.checkout(mainSha);
    const fork = repo.commit('fork commit');
    repo.publish(fork, 'refs/pull/3/head');
    await clientGit(into, ['fetch', '--quiet', 'origin', 'refs/pull/3/head'], TOKEN);
    expect((await clientGit(into, ['rev-parse', 'FETCH_HEAD'])).trim()).toBe(fork);
  });
});
