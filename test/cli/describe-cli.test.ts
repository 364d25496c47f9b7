import { afterEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { runCli } from '../../src/cli/main.js';
import { mockClaude, toolUseReply } from '../helpers/claude-fake.js';
import { makeRepo, numberedLines, type TestRepo } from '../helpers/git-repo.js';

// `pullwise describe` on a real git repository, with Claude's API under nock.

let repo: TestRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
  expect(nock.pendingMocks()).toEqual([]);
});

/** A base commit (with the repository's config) and a change to two files on top. */
function commitChange(config: string, headConfig = config): TestRepo {
  const r = makeRepo();
  r.write('.github/pullwise.yml', config);
  r.write('src/client.ts', numberedLines(20));
  r.write('src/retry.ts', numberedLines(20));
  r.commit('base');
  r.write('.github/pullwise.yml', headConfig);
  r.write('src/client.ts', numberedLines(20).replace('line 4\n', 'line four\n'));
  r.write('src/retry.ts', numberedLines(20).replace('line 9\n', 'line nine\n'));
  r.write('yarn.lock', 'lock\n');
  r.commit('Retry flaky calls');
  return r;
}

async function describeCli(dir: string, format: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['describe', '--base', 'HEAD~1', '--format', format], {
    cwd: dir,
    env,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

const KEY = { ANTHROPIC_API_KEY: 'sk-ant-test-key' };

const walkthroughInput = {
  summary: 'Adds retries to the client.',
  files: [
    { path: 'src/client.ts', note: 'calls go through retry' },
    { path: 'src/retry.ts', note: 'adds the retry helper' },
    { path: '.github/pullwise.yml', note: 'adds a label' },
  ],
  risks: ['Retries may hide an outage.'],
  labels: ['api-change', 'from-the-head'],
};

describe('pullwise describe', () => {
  test('--format json prints the walkthrough; the config (and its label set) comes from the base side', async () => {
    repo = commitChange(
      'describe:\n  labels:\n    - name: api-change\n      when: a public API changes\n',
      'describe:\n  labels:\n    - name: from-the-head\n      when: always\n',
    );
    const claude = mockClaude().expectMessage(
      200,
      toolUseReply('toolu_1', 'submit_walkthrough', walkthroughInput),
    );

    const { code, stdout, stderr } = await describeCli(repo.dir, 'json', KEY);

    expect(code).toBe(0);
    const request = claude.requests[0]!;
    expect(request.tool_choice).toEqual({ type: 'tool', name: 'submit_walkthrough' });
    expect(JSON.stringify(request.system)).toContain('- api-change: a public API changes');
    expect(JSON.stringify(request.system)).not.toContain('from-the-head');
    expect(JSON.parse(stdout)).toEqual({
      summary: 'Adds retries to the client.',
      rows: [
        { paths: ['.github/pullwise.yml'], note: 'adds a label' },
        { paths: ['src/client.ts'], note: 'calls go through retry' },
        { paths: ['src/retry.ts'], note: 'adds the retry helper' },
      ],
      skipped: [{ path: 'yarn.lock', reason: 'lockfile' }],
      risks: ['Retries may hide an outage.'],
      labels: ['api-change'],
      model: 'described',
      notes: ['Labels not in describe.labels were not added: "from-the-head".'],
      usage: expect.objectContaining({ calls: 1, inputTokens: 2000 }),
    });
    expect(stderr).toContain('pullwise: describing HEAD~1...HEAD');
  });

  test('--format markdown prints the table GitHub shows', async () => {
    repo = commitChange('');
    const input = { ...walkthroughInput, files: walkthroughInput.files.slice(0, 2), labels: [] };
    mockClaude().expectMessage(200, toolUseReply('toolu_1', 'submit_walkthrough', input));
    const { code, stdout } = await describeCli(repo.dir, 'markdown', KEY);
    expect(code).toBe(0);
    expect(stdout).toContain('### Walkthrough\n\nAdds retries to the client.');
    expect(stdout).toContain('| `src/client.ts` | calls go through retry |');
    expect(stdout).toContain('- `yarn.lock`: lockfile');
  });

  test('without an API key it says the model was skipped and still lists every file; exit 0', async () => {
    repo = commitChange('');
    const { code, stdout, stderr } = await describeCli(repo.dir, 'text', {});
    expect(code).toBe(0);
    expect(stderr).toContain('ANTHROPIC_API_KEY is not set: the model is skipped');
    expect(stdout).toContain('  src/client.ts — modified (+1 −1)');
    expect(stdout).toContain('  src/retry.ts — modified (+1 −1)');
    expect(stdout).toContain('  yarn.lock (lockfile)');
    expect(stdout).toContain('Model skipped: ANTHROPIC_API_KEY is not set');
    expect(stdout).toContain('0 model calls');
  });
});
