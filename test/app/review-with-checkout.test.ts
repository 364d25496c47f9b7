import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { startTestApp, type TestApp } from '../helpers/app-harness.js';
import { mockClaude, submitReviewReply } from '../helpers/claude-fake.js';
import { createServedRepo, startGitHttpServer, type GitHttpServer } from '../helpers/git-http-server.js';
import { mockGitHub, payload, type GitHubMock } from '../helpers/github-mock.js';
import {
  FILE_AFTER,
  FILE_BEFORE,
  mockReviewScenario,
  reviewsPosted,
} from '../helpers/pull-request-scenario.js';

const TOKEN = 'ghs_installation_token_for_tests';
// Fails while src/values.ts divides by zero: the suggestion below makes it pass.
const VERIFY = `node -e "process.exit(require('fs').readFileSync('src/values.ts','utf8').includes('/ 0') ? 1 : 0)"`;

let app: TestApp | undefined;
let gh: GitHubMock;
let git: GitHttpServer;
let gitRoot: string;
beforeEach(async () => {
  gh = mockGitHub();
  gitRoot = mkdtempSync(path.join(tmpdir(), 'pullwise-review-git-'));
  git = await startGitHttpServer({ root: gitRoot, token: TOKEN });
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await git.close();
  rmSync(gitRoot, { recursive: true, force: true });
  gh.assertAllValid();
});

describe('reviews that read the checkout', () => {
  test('with review.tools the model reads the PR head before it reports; verify_command marks a suggestion verified', async () => {
    const served = createServedRepo(git, 'Codertocat/Hello-World');
    served.write({ 'src/values.ts': FILE_BEFORE, 'src/use.ts': 'import { v6 } from "./values";\n' });
    served.publish(served.commit('base'), 'main');
    served.write({ 'src/values.ts': FILE_AFTER });
    const head = served.commit('divide');
    served.publish(head, 'refs/pull/2/head');
    mockReviewScenario(gh, {
      headSha: head,
      cloneUrl: served.cloneUrl,
      config: `review:\n  tools: true\n  verify_command: ${JSON.stringify(VERIFY)}\n`,
    });
    const claude = mockClaude()
      .expectMessage(200, {
        ...submitReviewReply({}, 'tu_view'),
        content: [{ type: 'tool_use', id: 'tu_view', name: 'search_code', input: { query: 'v6' } }],
      })
      .expectReview({
        summary: 'v6 is used by src/use.ts and is now Infinity.',
        comments: [
          {
            path: 'src/values.ts',
            line: 6,
            severity: 'critical',
            body: 'Division by zero.',
            suggestion: 'const v6 = 6;',
          },
        ],
      });
    app = await startTestApp();
    const event = payload('pull_request', 'opened');
    event.pull_request.head.sha = head;

    expect(await app.send('pull_request', event)).toBe(200);
    await app.server.worker.idle();

    const toolResult = claude.requests[1]!.messages.at(-1).content[0];
    expect(toolResult).toMatchObject({ type: 'tool_result', tool_use_id: 'tu_view' });
    expect(JSON.stringify(toolResult.content)).toContain('src/use.ts');
    const [review] = reviewsPosted(gh.requests);
    const comment = (review!.body as { comments: Array<{ body: string }> }).comments[0]!.body;
    expect(comment).toContain('```suggestion\nconst v6 = 6;\n```');
    expect(comment).toContain(`✅ Verified: \`${VERIFY}\` passes with this suggestion applied.`);
    expect(git.requests.every((r) => r.token === TOKEN)).toBe(true);
    expect(readdirSync(path.join(app.dataDir, 'work'))).toEqual([]);
  });
});
