import { afterEach, expect, test } from '@jest/globals';
import nock from 'nock';
import { runCli } from '../../src/cli/main.js';
import { mockClaude } from '../helpers/claude-fake.js';
import { makeRepo, type TestRepo } from '../helpers/git-repo.js';
import { LEAKED_SECRET_LINES, leakedSecrets, leaksIn } from '../helpers/leaked-secrets.js';
import { seededRandom } from '../../bench/secrets/expand.js';

const repos: TestRepo[] = [];
afterEach(() => {
  repos.splice(0).forEach((r) => r.cleanup());
  expect(nock.pendingMocks()).toEqual([]);
});

async function cli(args: string[], cwd: string, env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd,
    env,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

test('pullwise review reports each added credential and sends none to the model, not even unchanged ones', async () => {
  const { secrets, configLines, envLines, forbidden } = leakedSecrets(7);
  // A credential already in the file, on an unchanged line next to the change: not a finding of this
  // change, but shown to the model as surrounding code — so it must be masked there too.
  const oldToken = `ghp_${seededRandom(3).chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 36)}`;
  const repo = makeRepo();
  repos.push(repo);
  repo.write(
    'src/legacy.ts',
    `export const a = 1;\nexport const legacyToken = "${oldToken}";\nexport const b = 2;\n`,
  );
  repo.commit('base');
  repo.write(
    'src/legacy.ts',
    `export const a = 1;\nexport const legacyToken = "${oldToken}";\nexport const b = 3;\n`,
  );
  repo.write('src/config.ts', `${configLines.join('\n')}\n`);
  repo.write('.env', `${envLines.join('\n')}\n`);
  repo.commit('the change');
  const claude = mockClaude().expectReview({
    summary: `Found ${secrets.postgresPassword} in the URL.`,
    comments: [{ path: 'src/legacy.ts', line: 3, severity: 'minor', body: `Is b=3 right? (${oldToken})` }],
  });

  const { code, stdout, stderr } = await cli(['review', '--base', 'HEAD~1', '--format', 'json'], repo.dir, {
    ANTHROPIC_API_KEY: 'sk-ant-test-key',
  });
  expect(code).toBe(0);
  const output = JSON.parse(stdout) as { comments: Array<{ path: string; line: number; source: string }> };
  const found = output.comments.filter((c) => c.source === 'check:secrets').map((c) => `${c.path}:${c.line}`);
  expect(found.sort()).toEqual([...LEAKED_SECRET_LINES].sort());
  const everywhere = [...forbidden, oldToken];
  expect(leaksIn(JSON.stringify(claude.requests), everywhere)).toEqual([]);
  expect(JSON.stringify(claude.requests)).toContain(`ghp_…${oldToken.slice(-4)}`);
  expect(leaksIn(stdout + stderr, everywhere)).toEqual([]);
});
