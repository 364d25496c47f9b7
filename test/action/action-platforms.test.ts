import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { runActionBundle } from '../helpers/action-runner.js';
import { submitReviewReply, type ClaudeStandIn } from '../helpers/claude-fake.js';
import {
  AWS_KEYS,
  GOOGLE_ACCESS_TOKEN,
  isSignedCall,
  startBedrockStandIn,
  startVertexStandIn,
  writeGoogleExternalAccount,
} from '../helpers/cloud-credentials.js';
import { payload } from '../helpers/github-mock.js';
import { startGitHubHttpMock, type GitHubHttpMock } from '../helpers/github-http-mock.js';
import { HEAD, mockReviewScenario, reviewsPosted } from '../helpers/pull-request-scenario.js';

// The bundled Action reviewing a PR with Claude on Bedrock and on Vertex, as a workflow does after
// aws-actions/configure-aws-credentials or google-github-actions/auth: the provider, region and project
// from inputs, the credentials from the job's environment. Both platforms are loopback stand-ins.

const TOKEN = 'ghs_workflow_token_for_tests';
const finding = {
  path: 'src/values.ts',
  line: 6,
  severity: 'major',
  body: 'Division by zero makes v6 Infinity.',
};
const reviewReply = {
  status: 200,
  body: submitReviewReply({ summary: 'One risky change.', comments: [finding] }),
};

let gh: GitHubHttpMock;
let platform: ClaudeStandIn | undefined;
let dir: string;
beforeEach(async () => {
  gh = await startGitHubHttpMock();
  dir = mkdtempSync(path.join(tmpdir(), 'pullwise-action-cloud-'));
});
afterEach(async () => {
  await gh.close();
  await platform?.close();
  platform = undefined;
  rmSync(dir, { recursive: true, force: true });
  gh.assertAllValid();
});

describe('the Action on a cloud platform', () => {
  test('Bedrock: the provider and region inputs, the keys configure-aws-credentials left, every secret masked', async () => {
    mockReviewScenario(gh);
    platform = await startBedrockStandIn([reviewReply]);

    const run = await runActionBundle({
      eventName: 'pull_request',
      payload: payload('pull_request', 'opened'),
      inputs: {
        github_token: TOKEN,
        provider: 'bedrock',
        aws_region: 'eu-west-1',
        model: 'claude-sonnet-4-5',
      },
      apiUrl: gh.apiUrl,
      env: {
        ...AWS_KEYS,
        HOME: dir,
        AWS_EC2_METADATA_DISABLED: 'true',
        ANTHROPIC_BEDROCK_BASE_URL: platform.url,
      },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const [call] = platform.calls;
    expect(platform.calls).toHaveLength(1);
    expect(call!.path).toBe('/model/eu.anthropic.claude-sonnet-4-5-20250929-v1:0/invoke');
    expect(await isSignedCall(call!, 'eu-west-1', platform.url)).toBe(true);
    expect(reviewsPosted(gh.requests)).toHaveLength(1);
    expect(reviewsPosted(gh.requests)[0]!.body).toMatchObject({ commit_id: HEAD, comments: [{ line: 6 }] });
    // 10% over the global price: the eu. inference profile is a regional one.
    expect(Number(run.outputs.cost_usd)).toBeGreaterThan(0);

    const masks = run.commands.filter((c) => c.command === 'add-mask').map((c) => c.message);
    expect(masks).toEqual(
      expect.arrayContaining([TOKEN, AWS_KEYS.AWS_SECRET_ACCESS_KEY, AWS_KEYS.AWS_SESSION_TOKEN]),
    );
    expect(run.stdout.split(AWS_KEYS.AWS_SECRET_ACCESS_KEY)).toHaveLength(2); // only in its own add-mask
  });

  test('Bedrock through web identity (OIDC): the role is assumed at STS, and its session signs the calls', async () => {
    mockReviewScenario(gh);
    platform = await startBedrockStandIn([reviewReply]);
    const tokenFile = path.join(dir, 'oidc-token');
    writeFileSync(tokenFile, 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOkNvZGVydG9jYXQvSGVsbG8tV29ybGQifQ.c2ln');

    const run = await runActionBundle({
      eventName: 'pull_request',
      payload: payload('pull_request', 'opened'),
      inputs: { github_token: TOKEN, provider: 'bedrock', aws_region: 'us-east-1' },
      apiUrl: gh.apiUrl,
      env: {
        HOME: dir,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/pullwise-review',
        AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
        AWS_ENDPOINT_URL_STS: platform.url,
        ANTHROPIC_BEDROCK_BASE_URL: platform.url,
      },
    });
    // Nothing but the AWS SDK's notice that it will need Node 22 (the Action runs on node24).
    expect(
      run.stderr.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[^]*?--trace-warnings[^\n]*\n/, ''),
    ).toBe('');
    expect(run.code).toBe(0);
    const [call] = platform.calls;
    expect(await isSignedCall(call!, 'us-east-1', platform.url)).toBe(true);
    expect(call!.headers['x-amz-security-token']).toBe(AWS_KEYS.AWS_SESSION_TOKEN);
    expect(reviewsPosted(gh.requests)).toHaveLength(1);
  });

  test('Vertex: the provider, region and project inputs, the workload identity file google-github-actions/auth wrote', async () => {
    mockReviewScenario(gh);
    platform = await startVertexStandIn([reviewReply], { project: 'pullwise-ci', region: 'us-east5' });

    const run = await runActionBundle({
      eventName: 'pull_request',
      payload: payload('pull_request', 'opened'),
      inputs: {
        github_token: TOKEN,
        provider: 'vertex',
        gcp_region: 'us-east5',
        gcp_project_id: 'pullwise-ci',
        model: 'claude-sonnet-4-5',
      },
      apiUrl: gh.apiUrl,
      env: {
        HOME: dir,
        GOOGLE_APPLICATION_CREDENTIALS: writeGoogleExternalAccount(dir, `${platform.url}/v1/token`),
        ANTHROPIC_VERTEX_BASE_URL: `${platform.url}/v1`,
      },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    expect(platform.calls.map((c) => c.path)).toEqual([
      '/v1/projects/pullwise-ci/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict',
    ]);
    expect(platform.calls[0]!.headers.authorization).toBe(`Bearer ${GOOGLE_ACCESS_TOKEN}`);
    expect(reviewsPosted(gh.requests)).toHaveLength(1);
    expect(run.outputs.conclusion).toBe('success');
  });

  test('provider bedrock without a region fails the step in one line naming the input, before any model call', async () => {
    mockReviewScenario(gh);
    platform = await startBedrockStandIn([]);
    const run = await runActionBundle({
      eventName: 'pull_request',
      payload: payload('pull_request', 'opened'),
      inputs: { github_token: TOKEN, provider: 'bedrock' },
      apiUrl: gh.apiUrl,
      env: { ...AWS_KEYS, HOME: dir, ANTHROPIC_BEDROCK_BASE_URL: platform.url },
    });
    expect(run.code).toBe(1);
    const errors = run.commands.filter((c) => c.command === 'error').map((c) => c.message);
    expect(errors.join('\n')).toMatch(
      /provider bedrock needs an AWS region: set AWS_REGION \(the Action: the aws_region input\)/,
    );
    expect(platform.calls).toEqual([]);
  });
});
