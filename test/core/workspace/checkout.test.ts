import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import path from 'node:path';
import { inspect, promisify } from 'node:util';
import { PullwiseError } from '../../../src/core/errors.js';
import { checkoutWorkspace, type Workspace } from '../../../src/core/workspace/checkout.js';
import { basicCredentials } from '../../../src/core/workspace/git-credentials.js';
import { commitAll, pushBranch } from '../../../src/core/workspace/push.js';
import { RepoCache } from '../../../src/core/workspace/repo-cache.js';
import {
  createServedRepo,
  daysAgo,
  startGitHttpServer,
  type GitHttpServer,
  type ServedRepo,
} from '../../helpers/git-http-server.js';

const TOKEN = 'ghs_Checkout0Token1Under2Test3abcdef';
const BOT = { name: 'pullwise[bot]', email: '1+pullwise[bot]@users.noreply.github.com' };

/** Git on the test side, asynchronous: the server answers on this process's event loop. */
async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: devNull, GIT_TERMINAL_PROMPT: '0' },
  });
  return stdout;
}

/** Objects in a repository's packs and loose, as `git count-objects -v` reports them. */
async function objectCount(gitDir: string): Promise<number> {
  const stats = Object.fromEntries(
    (await git(gitDir, 'count-objects', '-v')).split('\n').map((line) => line.split(': ')),
  );
  return Number(stats['count']) + Number(stats['in-pack']);
}

/** Every file under `dir` (following no links) whose bytes contain one of `needles`. */
function filesContaining(dir: string, needles: string[]): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    const stat = statSync(at, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(at)) walk(path.join(at, entry));
    } else if (stat.isFile()) {
      const bytes = readFileSync(at);
      if (needles.some((needle) => bytes.includes(needle))) found.push(at);
    }
  };
  walk(dir);
  return found;
}

describe('checkoutWorkspace', () => {
  let tmp: string;
  let server: GitHttpServer;
  let repo: ServedRepo;
  let cache: RepoCache;
  let workRoot: string;
  const workspaces: Workspace[] = [];
  /** The commits of the served repository, filled in by beforeAll. */
  const sha = {
    root: '',
    old: '',
    forkPoint: '',
    recent: '',
    main: '',
    feature: '',
    fork: '',
    longLived: '',
  };

  const checkout = async (options: Partial<Parameters<typeof checkoutWorkspace>[0]>) => {
    const workspace = await checkoutWorkspace({
      cache,
      cloneUrl: repo.cloneUrl,
      token: TOKEN,
      ref: { branch: 'main' },
      workRoot,
      ...options,
    });
    workspaces.push(workspace);
    return workspace;
  };

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'pullwise-checkout-'));
    server = await startGitHttpServer({ root: path.join(tmp, 'served'), token: TOKEN });
    repo = createServedRepo(server, 'acme/app');
    // A year of history: old commits far outside the 30-day window, recent ones inside it.
    repo.write({
      'README.md': 'v1\n',
      'src/app.ts': 'export const a = 1;\n',
      'docs/old.md': 'old\n',
      // Incompressible, so that fetching it or not shows in the bytes.
      'assets/data.txt': randomBytes(75_000).toString('base64'),
    });
    sha.root = repo.commit('root', daysAgo(400));
    repo.write({ 'docs/old.md': 'older\n' });
    sha.old = repo.commit('old work', daysAgo(300));
    repo.write({ 'src/app.ts': 'export const a = 2;\n' });
    sha.forkPoint = repo.commit('fork point of a long-lived branch', daysAgo(100));
    repo.write({ 'README.md': 'v2\n' });
    sha.recent = repo.commit('recent', daysAgo(10));
    repo.write({ 'src/app.ts': 'export const a = 3;\n' });
    sha.main = repo.commit('tip of main', daysAgo(2));
    repo.publish(sha.main, 'main');

    repo.branch('feature', sha.recent);
    repo.write({ 'src/feature.ts': 'export const feature = true;\n' });
    sha.feature = repo.commit('feature work', daysAgo(1));
    repo.publish(sha.feature, 'feature');

    // A fork's pull request: its head is on no branch of this repository, only under refs/pull/7/head.
    repo.branch('fork', sha.main);
    repo.write({ 'src/fork.ts': 'export const fromFork = true;\n' });
    sha.fork = repo.commit('fork work', daysAgo(1));
    repo.publish(sha.fork, 'refs/pull/7/head');

    // A pull request from a branch forked 100 days ago: the merge base is older than the window.
    repo.branch('long-lived', sha.forkPoint);
    repo.write({ 'src/long.ts': 'export const long = true;\n' });
    sha.longLived = repo.commit('long-lived work', daysAgo(3));
    repo.publish(sha.longLived, 'refs/pull/8/head');
  });

  beforeEach(() => {
    const dir = mkdtempSync(path.join(tmp, 'job-'));
    cache = new RepoCache({ root: path.join(dir, 'repos') });
    workRoot = path.join(dir, 'work');
  });

  afterEach(async () => {
    for (const workspace of workspaces.splice(0)) await workspace.remove();
  });

  afterAll(async () => {
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('checks out a branch tip in its own folder, from a partial and shallow mirror keyed by host/owner/repo', async () => {
    const workspace = await checkout({ ref: { branch: 'feature' }, baseBranch: 'main' });

    expect(workspace.headSha).toBe(sha.feature);
    expect(workspace.branch).toBe('feature');
    expect(readFileSync(path.join(workspace.dir, 'src/feature.ts'), 'utf8')).toBe(
      'export const feature = true;\n',
    );
    expect(path.dirname(workspace.dir)).toBe(workRoot);
    const { host } = new URL(repo.cloneUrl);
    expect(workspace.mirrorDir).toBe(path.join(cache.root, host.replace(':', '_'), 'acme', 'app.git'));

    // Shallow: the history stops at the 30-day window (root, 400 days old, is not there)…
    expect(await git(workspace.mirrorDir, 'rev-parse', '--is-shallow-repository')).toBe('true\n');
    const history = (await git(workspace.mirrorDir, 'rev-list', sha.feature, sha.main))
      .split('\n')
      .filter(Boolean);
    expect(history.sort()).toEqual([sha.feature, sha.main, sha.recent].sort());
    // …and partial: main's version of src/app.ts was never needed, so never fetched (--missing=print does
    // not fetch it either).
    const mainApp = (await git(workspace.mirrorDir, 'rev-parse', `${sha.main}:src/app.ts`)).trim();
    const objects = await git(workspace.mirrorDir, 'rev-list', '--objects', '--missing=print', sha.main);
    expect(objects.split('\n')).toContain(`?${mainApp}`);
    expect(server.requests.every((r) => r.authorized && r.token === TOKEN)).toBe(true);
  });

  it('checks out a pull request head from refs/pull/<n>/head, a fork commit on no branch, at its exact commit', async () => {
    const workspace = await checkout({ ref: { pullNumber: 7 }, baseBranch: 'main' });

    expect(workspace.headSha).toBe(sha.fork);
    expect(workspace.branch).toBeUndefined();
    expect((await git(workspace.dir, 'rev-parse', 'HEAD')).trim()).toBe(sha.fork);
    expect(readFileSync(path.join(workspace.dir, 'src/fork.ts'), 'utf8')).toBe(
      'export const fromFork = true;\n',
    );
    expect(workspace.baseSha).toBe(sha.main);
    expect(workspace.mergeBaseSha).toBe(sha.main);
    expect(await git(workspace.dir, 'status', '--porcelain')).toBe('');
  });

  it('checks out one commit by id', async () => {
    const workspace = await checkout({ ref: { sha: sha.recent } });

    expect(workspace.headSha).toBe(sha.recent);
    expect(readFileSync(path.join(workspace.dir, 'README.md'), 'utf8')).toBe('v2\n');
  });

  it('deepens the history until the merge base with the base branch is there, and no further', async () => {
    const workspace = await checkout({ ref: { pullNumber: 8 }, baseBranch: 'main' });

    expect(workspace.headSha).toBe(sha.longLived);
    expect(workspace.mergeBaseSha).toBe(sha.forkPoint);
    // 30 days, then 60, 120: the 100-day-old fork point is in, the 300-day-old commit still out.
    expect((await git(workspace.mirrorDir, 'merge-base', sha.main, sha.longLived)).trim()).toBe(
      sha.forkPoint,
    );
    expect(await git(workspace.mirrorDir, 'rev-parse', '--is-shallow-repository')).toBe('true\n');
    const mainHistory = (await git(workspace.mirrorDir, 'rev-list', sha.main)).split('\n').filter(Boolean);
    expect(mainHistory).toEqual([sha.main, sha.recent, sha.forkPoint]);
  });

  it('reuses the mirror for the next job on the repository and fetches only the new objects', async () => {
    repo.publish(sha.main, 'moving');
    const start = server.requests.length;
    const first = await checkout({ ref: { branch: 'moving' } });
    const firstBytes = server.fetchedBytes(start);
    const objectsAfterFirst = await objectCount(first.mirrorDir);

    repo.checkout(sha.main);
    repo.write({ 'README.md': 'v3\n' });
    const next = repo.commit('next on the branch');
    repo.publish(next, 'moving');
    const before = server.requests.length;
    const second = await checkout({ ref: { branch: 'moving' } });

    expect(second.headSha).toBe(next);
    expect(second.mirrorDir).toBe(first.mirrorDir);
    expect(second.dir).not.toBe(first.dir);
    // One commit, its root tree and the one changed file: nothing the mirror already had.
    expect((await objectCount(second.mirrorDir)) - objectsAfterFirst).toBe(3);
    // The first job fetched assets/data.txt (75 kB of random bytes); the second did not fetch it again.
    expect(firstBytes).toBeGreaterThan(75_000);
    expect(server.fetchedBytes(before)).toBeLessThan(firstBytes / 20);
  });

  it('commits the changes and pushes them to a new branch, with the token for that command only', async () => {
    const workspace = await checkout({ ref: { branch: 'main' } });
    writeFileSync(path.join(workspace.dir, 'src/app.ts'), 'export const a = 4;\n');
    writeFileSync(path.join(workspace.dir, 'NEW.md'), 'new\n');

    const commit = await commitAll(workspace, { message: 'Fix the thing\n\n#12 is fixed', author: BOT });
    const pushed = await pushBranch(workspace, {
      remoteBranch: 'pullwise/issue-12-fix',
      token: TOKEN,
      defaultBranch: 'main',
    });

    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    expect(pushed).toEqual({ sha: commit, branch: 'pullwise/issue-12-fix' });
    expect(repo.refSha('refs/heads/pullwise/issue-12-fix')).toBe(commit);
    expect(repo.bareGit('log', '-1', '--format=%an <%ae>|%cn|%B', commit!).trim()).toBe(
      `${BOT.name} <${BOT.email}>|${BOT.name}|Fix the thing\n\n#12 is fixed`,
    );
    expect(repo.bareGit('diff', '--name-only', sha.main, commit!).split('\n').filter(Boolean)).toEqual([
      'NEW.md',
      'src/app.ts',
    ]);
    expect(
      server.requests.filter((r) => r.service === 'git-receive-pack').every((r) => r.token === TOKEN),
    ).toBe(true);
  });

  it('commits only the given paths, and nothing at all when nothing changed', async () => {
    const workspace = await checkout({ ref: { branch: 'main' } });
    expect(await commitAll(workspace, { message: 'nothing', author: BOT })).toBeNull();

    writeFileSync(path.join(workspace.dir, 'src/app.ts'), 'export const a = 5;\n');
    writeFileSync(path.join(workspace.dir, 'build.log'), 'noise\n');
    rmSync(path.join(workspace.dir, 'docs/old.md'));
    const commit = await commitAll(workspace, {
      message: 'only these',
      author: BOT,
      paths: ['src/app.ts', 'docs/old.md', 'created-then-deleted.txt'],
    });

    expect(
      (await git(workspace.dir, 'show', '--name-status', '--format=', commit!)).trim().split('\n'),
    ).toEqual(['D\tdocs/old.md', 'M\tsrc/app.ts']);
    expect(await git(workspace.dir, 'status', '--porcelain')).toBe('?? build.log\n');
  });

  it('refuses to push to the default branch, and to commit workflow files', async () => {
    const workspace = await checkout({ ref: { branch: 'main' } });
    writeFileSync(path.join(workspace.dir, 'README.md'), 'changed\n');
    await commitAll(workspace, { message: 'change', author: BOT });

    const toDefault = pushBranch(workspace, {
      remoteBranch: 'refs/heads/main',
      token: TOKEN,
      defaultBranch: 'main',
    });
    await expect(toDefault).rejects.toThrow(PullwiseError);
    await expect(toDefault).rejects.toMatchObject({
      code: 'push-default-branch',
      message: expect.stringContaining('refusing to push to main: it is the default branch'),
    });
    expect(repo.refSha('refs/heads/main')).toBe(sha.main);

    const workflows = path.join(workspace.dir, '.github/workflows');
    mkdirSync(workflows, { recursive: true });
    writeFileSync(path.join(workflows, 'ci.yml'), 'on: push\n');
    await expect(commitAll(workspace, { message: 'ci', author: BOT })).rejects.toMatchObject({
      code: 'workflow-edit',
    });
  });

  it('pushes over a moved branch only when the lease says where it was', async () => {
    const workspace = await checkout({ ref: { branch: 'feature' } });
    writeFileSync(path.join(workspace.dir, 'src/feature.ts'), 'export const feature = 2;\n');
    const commit = await commitAll(workspace, { message: 'on the PR branch', author: BOT });
    repo.publish(sha.recent, 'refs/heads/pr-branch');

    const stale = pushBranch(workspace, {
      remoteBranch: 'pr-branch',
      token: TOKEN,
      defaultBranch: 'main',
      expectedRemoteSha: sha.main,
    });
    await expect(stale).rejects.toMatchObject({
      code: 'push-rejected',
      message: expect.stringMatching(
        /rejected, the remote branch has moved \(expected at [0-9a-f]{12}\).*stale info/,
      ),
    });
    expect(repo.refSha('refs/heads/pr-branch')).toBe(sha.recent);

    await pushBranch(workspace, {
      remoteBranch: 'pr-branch',
      token: TOKEN,
      defaultBranch: 'main',
      expectedRemoteSha: sha.recent,
    });
    expect(repo.refSha('refs/heads/pr-branch')).toBe(commit);
  });

  it('never writes the token anywhere under the mirror or the working copy, nor in a remote URL', async () => {
    const workspace = await checkout({ ref: { pullNumber: 7 }, baseBranch: 'main' });
    writeFileSync(path.join(workspace.dir, 'README.md'), 'token test\n');
    await commitAll(workspace, { message: 'token test', author: BOT });
    await pushBranch(workspace, { remoteBranch: 'pullwise/token-test', token: TOKEN, defaultBranch: 'main' });
    const secrets = [TOKEN, basicCredentials(TOKEN), Buffer.from(TOKEN).toString('base64')];

    expect(filesContaining(workspace.mirrorDir, secrets)).toEqual([]);
    expect(filesContaining(workspace.dir, secrets)).toEqual([]);
    expect(workspace.gitDir.startsWith(workspace.mirrorDir + path.sep)).toBe(true);
    expect(readFileSync(path.join(workspace.mirrorDir, 'config'), 'utf8')).not.toMatch(/extraheader|token/i);
    const remotes = (await git(workspace.dir, 'remote', '-v')).trim().split('\n');
    expect(remotes).toEqual([
      `origin\t${repo.cloneUrl} (fetch) [blob:none]`,
      `origin\t${repo.cloneUrl} (push)`,
    ]);
    // Lazy fetches of missing blobs after the checkout have no credentials: the token went with the command.
    const oldBlob = (await git(workspace.mirrorDir, 'rev-parse', `${sha.recent}:src/app.ts`)).trim();
    await expect(git(workspace.mirrorDir, 'cat-file', '-p', oldBlob)).rejects.toThrow();
  });

  it('fails with a clear error that holds neither the wrong token nor the right one', async () => {
    const wrong = 'ghs_Wrong0Token1That2Must3Not4Leak';
    const error = await checkout({ token: wrong }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PullwiseError);
    expect(error).toMatchObject({ code: 'git-auth' });
    expect((error as Error).message).toMatch(
      /^fetching branch main from http:\/\/127\.0\.0\.1:\d+\/acme\/app\.git: the server refused the credentials/,
    );
    const everything = `${inspect(error, { depth: 10, showHidden: true })} ${JSON.stringify(error)} ${(error as Error).stack}`;
    for (const secret of [wrong, basicCredentials(wrong), TOKEN, basicCredentials(TOKEN)]) {
      expect(everything).not.toContain(secret);
    }
    const lastRequest = server.requests[server.requests.length - 1]!;
    expect(lastRequest).toMatchObject({ status: 401, token: wrong });
  });

  it('names a missing branch in its error', async () => {
    await expect(checkout({ ref: { branch: 'no-such-branch' } })).rejects.toMatchObject({
      code: 'unknown-ref',
      message: expect.stringContaining('fetching branch no-such-branch from'),
    });
  });

  it('remove() deletes the working copy and its worktree registration, and may be called twice', async () => {
    const workspace = await checkout({ ref: { branch: 'main' } });
    writeFileSync(path.join(workspace.dir, 'untracked.txt'), 'left behind by a job\n');
    expect(await git(workspace.mirrorDir, 'worktree', 'list', '--porcelain')).toContain(workspace.dir);

    await workspace.remove();
    await workspace.remove();

    expect(existsSync(workspace.dir)).toBe(false);
    expect(readdirSync(workRoot)).toEqual([]);
    expect(await git(workspace.mirrorDir, 'worktree', 'list', '--porcelain')).not.toContain(workspace.dir);
    const registrations = path.join(workspace.mirrorDir, 'worktrees');
    expect(existsSync(registrations) ? readdirSync(registrations) : []).toEqual([]);
  });

  it('runs two checkouts of the same repository at once, both complete and the mirror sound', async () => {
    const other = new RepoCache({ root: cache.root });
    const [a, b] = await Promise.all([
      checkout({ ref: { branch: 'feature' } }),
      checkout({ cache: other, ref: { pullNumber: 7 }, baseBranch: 'main' }),
    ]);

    expect([a.headSha, b.headSha]).toEqual([sha.feature, sha.fork]);
    expect(a.mirrorDir).toBe(b.mirrorDir);
    expect(readFileSync(path.join(a.dir, 'src/feature.ts'), 'utf8')).toContain('feature');
    expect(readFileSync(path.join(b.dir, 'src/fork.ts'), 'utf8')).toContain('fromFork');
    await expect(git(a.mirrorDir, 'fsck', '--connectivity-only', '--no-progress')).resolves.toBeDefined();
  });

  it('works without a token, for a public repository over file://', async () => {
    repo.bareGit('config', 'uploadpack.allowFilter', 'true');
    const workspace = await checkout({ cloneUrl: `file://${repo.bareDir}`, token: undefined });

    expect(workspace.headSha).toBe(sha.main);
    expect(workspace.mirrorDir).toBe(
      path.join(cache.root, 'file', ...repo.bareDir.split(path.sep).filter(Boolean)),
    );
    expect(readFileSync(path.join(workspace.dir, 'README.md'), 'utf8')).toBe('v2\n');
  });

  it('widens the window for a tip older than it, and keeps the wider window', async () => {
    repo.publish(sha.old, 'stale');
    const workspace = await checkout({ ref: { branch: 'stale' } });

    expect(workspace.headSha).toBe(sha.old);
    expect(readFileSync(path.join(workspace.dir, 'docs/old.md'), 'utf8')).toBe('older\n');
    // 30 days, 60, 120, 240, 480: the first window that holds the 300-day-old tip.
    const since = Date.parse(
      (await git(workspace.mirrorDir, 'config', '--get', 'pullwise.historySince')).trim(),
    );
    expect((Date.now() - since) / 86_400_000).toBeCloseTo(480, 0);
  });

  it('stops when the job is cancelled, leaving no working copy', async () => {
    const controller = new AbortController();
    controller.abort();

    await expect(checkout({ signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(existsSync(workRoot) ? readdirSync(workRoot) : []).toEqual([]);
  });

  it('refuses a clone URL with credentials in it', async () => {
    const withToken = repo.cloneUrl.replace('http://', `http://x-access-token:${TOKEN}@`);
    const error = await checkout({ cloneUrl: withToken }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'bad-clone-url' });
    expect((error as Error).message).not.toContain(TOKEN);
    expect(existsSync(cache.root)).toBe(false);
  });
});
