import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { submitReviewReply, type ClaudeStandIn } from '../helpers/claude-fake.js';
import {
  AWS_KEYS,
  GOOGLE_ACCESS_TOKEN,
  isSignedCall,
  startBedrockStandIn,
  startVertexStandIn,
  writeGoogleExternalAccount,
} from '../helpers/cloud-credentials.js';
import { makeRepo, numberedLines, type TestRepo } from '../helpers/git-repo.js';

// `pullwise review` as installed (bin/pullwise.js on the built lib/), reaching Claude on Bedrock and on
// Vertex through loopback stand-ins of each platform: the real SDKs sign and authenticate every call.

const bin = path.resolve('bin/pullwise.js');
const run = promisify(execFile);

let repo: TestRepo;
let home: string;
let platform: ClaudeStandIn | undefined;
beforeEach(() => {
  repo = makeRepo();
  home = mkdtempSync(path.join(tmpdir(), 'pullwise-home-'));
});
afterEach(async () => {
  await platform?.close();
  platform = undefined;
  repo.cleanup();
  rmSync(home, { recursive: true, force: true });
});

const finding = { path: 'app.js', line: 4, severity: 'major', body: 'This divides by zero.' };

/** A base commit with `config` as .github/pullwise.yml, and a change to app.js on top. */
function changeWithConfig(config: string) {
  repo.write('.github/pullwise.yml', config);
  repo.write('app.js', numberedLines(10));
  repo.commit('base');
  repo.write('app.js', numberedLines(10).replace('line 4\n', 'const x = 1 / 0;\n'));
  repo.commit('change');
}

/** The CLI with only PATH, a HOME of its own (no ~/.aws, no gcloud login) and `env`. */
async function review(env: Record<string, string>) {
  const { stdout, stderr } = await run(
    process.execPath,
    [bin, 'review', '--base', 'HEAD~1', '--format', 'json'],
    {
      cwd: repo.dir,
      env: { PATH: process.env.PATH ?? '', HOME: home, AWS_EC2_METADATA_DISABLED: 'true', ...env },
    },
  );
  return {
    output: JSON.parse(stdout) as { comments: Array<Record<string, unknown>>; summary: string },
    stderr,
  };
}

describe('pullwise review on a cloud platform', () => {
  test('Bedrock, chosen by the config: SigV4-signed calls to the inference profile, the review printed', async () => {
    changeWithConfig('provider: bedrock\nmodel: claude-sonnet-4-5\n');
    platform = await startBedrockStandIn([
      { status: 200, body: submitReviewReply({ summary: 'One risky line.', comments: [finding] }) },
    ]);

    const { output, stderr } = await review({
      AWS_REGION: 'us-east-1',
      ...AWS_KEYS,
      ANTHROPIC_BEDROCK_BASE_URL: platform.url,
    });

    expect(platform.calls).toHaveLength(1);
    const [call] = platform.calls;
    expect(call!.path).toBe('/model/us.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke');
    expect(await isSignedCall(call!, 'us-east-1', platform.url)).toBe(true);
    expect(call!.body.messages[0].content).toContain('const x = 1 / 0;');
    expect(output.comments).toEqual([
      expect.objectContaining({ path: 'app.js', line: 4, severity: 'major', source: 'model' }),
    ]);
    expect(stderr).not.toContain(AWS_KEYS.AWS_SECRET_ACCESS_KEY);
  });

  test('Vertex, chosen by PULLWISE_PROVIDER: the federated token on every call, to the model in the project', async () => {
    changeWithConfig('model: claude-sonnet-5-5\n');
    platform = await startVertexStandIn(
      [{ status: 200, body: submitReviewReply({ summary: 'One risky line.', comments: [finding] }) }],
      { project: 'pullwise-ci', region: 'europe-west1' },
    );

    const { output } = await review({
      PULLWISE_PROVIDER: 'vertex',
      CLOUD_ML_REGION: 'europe-west1',
      ANTHROPIC_VERTEX_PROJECT_ID: 'pullwise-ci',
      ANTHROPIC_VERTEX_BASE_URL: `${platform.url}/v1`,
      GOOGLE_APPLICATION_CREDENTIALS: writeGoogleExternalAccount(home, `${platform.url}/v1/token`),
    });

    expect(platform.calls.map((c) => c.path)).toEqual([
      '/v1/projects/pullwise-ci/locations/europe-west1/publishers/anthropic/models/claude-sonnet-5-5:rawPredict',
    ]);
    expect(platform.calls[0]!.headers.authorization).toBe(`Bearer ${GOOGLE_ACCESS_TOKEN}`);
    expect(output.comments).toEqual([expect.objectContaining({ path: 'app.js', line: 4, source: 'model' })]);
  });

  test('a wrong setting stops the review with one line naming it, and no call is made', async () => {
    changeWithConfig('provider: vertex\n');
    const failed = await review({}).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failed && failed.code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(
      /provider vertex needs a region: set CLOUD_ML_REGION/,
    );
  });
});
