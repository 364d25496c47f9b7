import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { readAppEnv } from '../../src/app/app-env.js';
import { startTestApp, type TestApp } from '../helpers/app-harness.js';
import { submitReviewReply } from '../helpers/claude-fake.js';
import {
  AWS_KEYS,
  bedrockInvokePath,
  GOOGLE_ACCESS_TOKEN,
  startGoogleSts,
  hasBedrockSignature,
  writeGoogleExternalAccount,
} from '../helpers/cloud-credentials.js';
import { mockGitHub, payload, type GitHubMock } from '../helpers/github-mock.js';
import { HEAD, mockReviewScenario, reviewsPosted } from '../helpers/pull-request-scenario.js';

// The App with its operator's PULLWISE_PROVIDER: every repository's reviews go to that platform, whatever a
// repository's config says. Bedrock and Vertex under nock, through their SDKs.

let app: TestApp | undefined;
let gh: GitHubMock;
let dir: string;
beforeEach(() => {
  gh = mockGitHub();
  dir = mkdtempSync(path.join(tmpdir(), 'pullwise-app-cloud-'));
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  rmSync(dir, { recursive: true, force: true });
  gh.assertAllValid();
  expect(nock.pendingMocks()).toEqual([]);
});

const finding = {
  path: 'src/values.ts',
  line: 6,
  severity: 'major',
  body: 'Division by zero makes v6 Infinity.',
};
const review = submitReviewReply({ summary: 'One risky change.', comments: [finding] });

describe('the App on a cloud platform', () => {
  test('PULLWISE_PROVIDER=bedrock: the review is made on Bedrock, signed for the region', async () => {
    mockReviewScenario(gh);
    const host = 'bedrock-runtime.ap-southeast-2.amazonaws.com';
    const sent: Array<{
      path: string;
      headers: Record<string, string | string[] | undefined>;
      body: string;
    }> = [];
    nock(`https://${host}`)
      .post(bedrockInvokePath('apac.anthropic.claude-sonnet-5-5-v1'))
      .reply(function (uri, body) {
        sent.push({ path: uri, headers: this.req.headers, body: JSON.stringify(body) });
        return [200, review, { 'content-type': 'application/json' }];
      });
    app = await startTestApp({
      env: { PULLWISE_PROVIDER: 'bedrock', AWS_REGION: 'ap-southeast-2', ...AWS_KEYS },
    });

    expect(await app.send('pull_request', payload('pull_request', 'opened'))).toBe(200);
    await app.server.worker.idle();

    expect(sent).toHaveLength(1);
    expect(await hasBedrockSignature({ method: 'POST', ...sent[0]! }, 'ap-southeast-2', host)).toBe(true);
    expect(reviewsPosted(gh.requests)[0]!.body).toMatchObject({ commit_id: HEAD, comments: [{ line: 6 }] });
    expect(await app.server.queue.counts()).toMatchObject({ done: 1, dead: 0 });
  });

  test('PULLWISE_PROVIDER=vertex: the review is made on Vertex with the workload identity token', async () => {
    mockReviewScenario(gh);
    const sts = await startGoogleSts();
    let authorization: unknown;
    nock('https://aiplatform.googleapis.com')
      .post(
        '/v1/projects/pullwise-app/locations/global/publishers/anthropic/models/claude-sonnet-5-5:rawPredict',
      )
      .reply(function () {
        authorization = this.req.headers.authorization;
        return [200, review, { 'content-type': 'application/json' }];
      });
    app = await startTestApp({
      env: {
        PULLWISE_PROVIDER: 'vertex',
        CLOUD_ML_REGION: 'global',
        GOOGLE_CLOUD_PROJECT: 'pullwise-app',
        GOOGLE_APPLICATION_CREDENTIALS: writeGoogleExternalAccount(dir, sts.tokenUrl),
      },
    });

    expect(await app.send('pull_request', payload('pull_request', 'opened'))).toBe(200);
    await app.server.worker.idle();
    await sts.close();

    expect(sts.exchanges).toHaveLength(1);
    expect(authorization).toBe(`Bearer ${GOOGLE_ACCESS_TOKEN}`);
    expect(reviewsPosted(gh.requests)).toHaveLength(1);
  });

  test('a wrong PULLWISE_PROVIDER setting stops the server at start, naming it', () => {
    const base = { APP_ID: '1', PRIVATE_KEY: 'key', WEBHOOK_SECRET: 'secret' };
    expect(() => readAppEnv({ ...base, PULLWISE_PROVIDER: 'bedrock' })).toThrow(
      /provider bedrock needs an AWS region: set AWS_REGION/,
    );
    expect(() => readAppEnv({ ...base, PULLWISE_PROVIDER: 'openai' })).toThrow(
      /PULLWISE_PROVIDER must be one of/,
    );
    expect(
      readAppEnv({ ...base, PULLWISE_PROVIDER: 'vertex', CLOUD_ML_REGION: 'us-east5' }).modelProvider,
    ).toBe('vertex');
  });
});
