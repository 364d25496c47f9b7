import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import nock from 'nock';
import { configSchema, type PullwiseConfig } from '../../../src/core/config/schema.js';
import { parseConfig } from '../../../src/core/config/load-config.js';
import { PullwiseError } from '../../../src/core/errors.js';
import { modelForConfig } from '../../../src/core/model/model-for-config.js';
import { platformModelId } from '../../../src/core/model/platform-model-id.js';
import { platformFromEnv, type Platform } from '../../../src/core/model/platform.js';
import { knownSecrets } from '../../../src/jobs/job-deps.js';
import { textReply } from '../../helpers/claude-fake.js';
import {
  AWS_KEYS,
  bedrockInvokePath,
  GOOGLE_ACCESS_TOKEN,
  startGoogleSts,
  type GoogleSts,
  hasBedrockSignature,
  writeGoogleExternalAccount,
  type SentRequest,
} from '../../helpers/cloud-credentials.js';
import { failure } from '../../helpers/pullwise-failure.js';

// Bedrock and Vertex through their official SDKs, behind the one model client, at HTTP under nock: what each
// platform receives (signature, token, URL, body, model id), and what a user reads when a setting is wrong.

const request = { max_tokens: 100, messages: [{ role: 'user' as const, content: 'review this' }] };
const config = (yaml = '') => {
  const { config, problems } = parseConfig(yaml);
  expect(problems).toEqual([]);
  return config;
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pullwise-platforms-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});

const BEDROCK_HOST = 'bedrock-runtime.eu-west-1.amazonaws.com';
const bedrockEnv = { PULLWISE_PROVIDER: 'bedrock', AWS_REGION: 'eu-west-1', ...AWS_KEYS };

/** Bedrock's InvokeModel for `modelId` answering `replies` in turn; what it received is kept. */
function mockBedrock(modelId: string, replies: Array<[number, unknown, Record<string, string>?]>) {
  const sent: SentRequest[] = [];
  const scope = nock(`https://${BEDROCK_HOST}`);
  for (const [status, body, headers] of replies) {
    scope.post(bedrockInvokePath(modelId)).reply(function (uri, received) {
      sent.push({
        method: 'POST',
        path: uri,
        headers: this.req.headers,
        body: typeof received === 'string' ? received : JSON.stringify(received),
      });
      return [status, body as nock.Body, { 'content-type': 'application/json', ...headers }];
    });
  }
  return sent;
}

describe('Amazon Bedrock', () => {
  test('a call is SigV4-signed for service bedrock in the region, to the inference profile, in Bedrock’s body', async () => {
    const modelId = 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0';
    const sent = mockBedrock(modelId, [[200, textReply('fine')]]);
    const model = modelForConfig(config('model: claude-sonnet-4-5\n'), bedrockEnv)!;

    const reply = await model.createMessage(request, { estimatedInputTokens: 10 });

    expect(reply.content).toEqual([{ type: 'text', text: 'fine' }]);
    expect(sent).toHaveLength(1);
    expect(await hasBedrockSignature(sent[0]!, 'eu-west-1', BEDROCK_HOST)).toBe(true);
    expect(sent[0]!.headers['x-amz-security-token']).toBe(AWS_KEYS.AWS_SESSION_TOKEN);
    const body = JSON.parse(sent[0]!.body) as Record<string, unknown>;
    expect(body).toMatchObject({ anthropic_version: expect.any(String), max_tokens: 100 });
    expect(body.messages).toEqual(request.messages);
    expect(body).not.toHaveProperty('model'); // it is in the path
  });

  test('a signature made with another secret does not pass the check (the check can fail)', async () => {
    const sent = mockBedrock('eu.anthropic.claude-sonnet-4-5-20250929-v1:0', [[200, textReply('fine')]]);
    const env = { ...bedrockEnv, AWS_SECRET_ACCESS_KEY: 'someOtherSecretAccessKey/0000000000000000' };
    await modelForConfig(config('model: claude-sonnet-4-5\n'), env)!.createMessage(request, {
      estimatedInputTokens: 10,
    });
    expect(await hasBedrockSignature(sent[0]!, 'eu-west-1', BEDROCK_HOST)).toBe(false);
  });

  test('throttling is retried, then the call succeeds', async () => {
    const modelId = 'eu.anthropic.claude-sonnet-5-5-v1';
    const sent = mockBedrock(modelId, [
      [
        429,
        { message: 'Too many requests, please wait before trying again.' },
        { 'x-amzn-errortype': 'ThrottlingException' },
      ],
      [200, textReply('after the wait')],
    ]);
    const model = modelForConfig(config('budget:\n  max_retries: 2\n'), bedrockEnv)!;
    const reply = await model.createMessage(request, { estimatedInputTokens: 10 });
    expect(reply.content).toEqual([{ type: 'text', text: 'after the wait' }]);
    expect(sent).toHaveLength(2);
  });

  test.each([
    [
      'expired credentials',
      403,
      { message: 'The security token included in the request is expired' },
      'ExpiredTokenException',
      /AWS credentials have expired.*refresh them/,
      'auth',
    ],
    [
      'a model not enabled in the region',
      403,
      { message: "You don't have access to the model with the specified model ID." },
      'AccessDeniedException',
      /may not call eu\.anthropic\.claude-sonnet-5-5-v1 in eu-west-1.*Model access.*`model_id`/,
      'model-not-enabled',
    ],
    [
      'a model id Bedrock does not know',
      400,
      { message: 'The provided model identifier is invalid.' },
      'ValidationException',
      /does not know the model eu\.anthropic\.claude-sonnet-5-5-v1 in eu-west-1.*`model_id`/,
      'not-found',
    ],
    [
      'a quota used up',
      429,
      { message: 'Too many tokens per day, please wait before trying again. ServiceQuotaExceeded' },
      'ServiceQuotaExceededException',
      /Bedrock quota .* is used up \(429 after 0 retries.*Service Quotas/,
      'quota',
    ],
  ])('%s is said in one line that says what to do', async (_what, status, body, type, message, code) => {
    mockBedrock('eu.anthropic.claude-sonnet-5-5-v1', [[status, body, { 'x-amzn-errortype': type }]]);
    const model = modelForConfig(config('budget:\n  max_retries: 0\n'), bedrockEnv)!;
    const error = await failure(model.createMessage(request, { estimatedInputTokens: 10 }));
    expect(error.message).toMatch(message);
    expect(error.code).toBe(code);
    expect(error.message).not.toContain('\n');
  });

  test('no credentials anywhere: the error names the ways to give them, and nothing is sent', async () => {
    const saved = Object.entries(process.env).filter(([name]) => name.startsWith('AWS_'));
    // Only what this test sets: no keys, no profile file, no instance metadata service.
    for (const [name] of saved) delete process.env[name];
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'no-credentials');
    process.env.AWS_CONFIG_FILE = path.join(dir, 'no-config');
    try {
      const model = modelForConfig(config('budget:\n  max_retries: 0\n'), {
        PULLWISE_PROVIDER: 'bedrock',
        AWS_REGION: 'eu-west-1',
      })!;
      const error = await failure(model.createMessage(request, { estimatedInputTokens: 10 }));
      expect(error.code).toBe('auth');
      expect(error.message).toMatch(/^no AWS credentials for Amazon Bedrock \(.+\): set AWS_ACCESS_KEY_ID/);
      expect(error.message).toContain('aws-actions/configure-aws-credentials');
    } finally {
      for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
      for (const [name, value] of saved) process.env[name] = value;
    }
  });

  test('Bedrock has no token counting in its SDK: the local estimate is used, nothing is sent', async () => {
    const model = modelForConfig(config(), bedrockEnv)!;
    expect(await model.countTokens({ messages: request.messages })).toBeNull();
  });
});

const VERTEX_ORIGIN = 'https://us-east5-aiplatform.googleapis.com';

let sts: GoogleSts;
beforeEach(async () => {
  sts = await startGoogleSts();
});
afterEach(() => sts.close());

function vertexEnv(extra: Record<string, string> = {}) {
  return {
    PULLWISE_PROVIDER: 'vertex',
    CLOUD_ML_REGION: 'us-east5',
    ANTHROPIC_VERTEX_PROJECT_ID: 'pullwise-test',
    GOOGLE_APPLICATION_CREDENTIALS: writeGoogleExternalAccount(dir, sts.tokenUrl),
    ...extra,
  };
}

const vertexPath = (modelId: string, method = 'rawPredict') =>
  `/v1/projects/pullwise-test/locations/us-east5/publishers/anthropic/models/${modelId}:${method}`;

describe('Google Vertex AI', () => {
  test('a call carries the token the workload identity exchange gave, to the model’s URL, in Vertex’s body', async () => {
    let sent: { headers: Record<string, unknown>; body: Record<string, unknown> } | undefined;
    nock(VERTEX_ORIGIN)
      .post(vertexPath('claude-sonnet-4-5@20250929'))
      .reply(function (_uri, body) {
        sent = { headers: this.req.headers, body: body as Record<string, unknown> };
        return [200, textReply('fine'), { 'content-type': 'application/json' }];
      });
    const model = modelForConfig(config('model: claude-sonnet-4-5\n'), vertexEnv())!;

    const reply = await model.createMessage(request, { estimatedInputTokens: 10 });

    expect(reply.content).toEqual([{ type: 'text', text: 'fine' }]);
    expect(sts.exchanges).toHaveLength(1);
    expect(sts.exchanges[0]!.get('subject_token')).toMatch(/^eyJ/); // the OIDC token from the credential source file
    expect(sts.exchanges[0]!.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:token-exchange');
    expect(sent!.headers.authorization).toBe(`Bearer ${GOOGLE_ACCESS_TOKEN}`);
    expect(sent!.body).toMatchObject({ anthropic_version: expect.any(String), max_tokens: 100 });
    expect(sent!.body).not.toHaveProperty('model');
  });

  test('token counting goes to Vertex’s count-tokens endpoint', async () => {
    let counted: Record<string, unknown> | undefined;
    nock(VERTEX_ORIGIN)
      .post(vertexPath('count-tokens'))
      .reply(200, (_uri, body) => {
        counted = body as Record<string, unknown>;
        return { input_tokens: 42 };
      });
    const model = modelForConfig(config('model: claude-sonnet-5-5\n'), vertexEnv())!;
    expect(await model.countTokens({ messages: request.messages })).toBe(42);
    expect(counted).toMatchObject({ model: 'claude-sonnet-5-5' });
  });

  test.each([
    [
      404,
      {
        error: {
          code: 404,
          message: 'Publisher Model `claude-sonnet-5-5` was not found.',
          status: 'NOT_FOUND',
        },
      },
      /Vertex AI has no model claude-sonnet-5-5 in us-east5 for project pullwise-test.*Model Garden.*`model_id`/,
      'not-found',
    ],
    [
      403,
      {
        error: {
          code: 403,
          message: "Permission 'aiplatform.endpoints.predict' denied",
          status: 'PERMISSION_DENIED',
        },
      },
      /may not call Claude in project pullwise-test.*roles\/aiplatform\.user/,
      'permission',
    ],
    [
      429,
      {
        error: {
          code: 429,
          message: 'Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model',
          status: 'RESOURCE_EXHAUSTED',
        },
      },
      /Vertex AI quota for claude-sonnet-5-5 in us-east5 is used up \(429 after 0 retries/,
      'quota',
    ],
  ])('a %i is said in one line that says what to do', async (status, body, message, code) => {
    nock(VERTEX_ORIGIN).post(vertexPath('claude-sonnet-5-5')).reply(status, body);
    const model = modelForConfig(config('budget:\n  max_retries: 0\n'), vertexEnv())!;
    const error = await failure(model.createMessage(request, { estimatedInputTokens: 10 }));
    expect(error.message).toMatch(message);
    expect(error.code).toBe(code);
  });

  test('credentials that cannot be read: the error says so and names the ways to give them', async () => {
    const model = modelForConfig(
      config('budget:\n  max_retries: 0\n'),
      vertexEnv({ GOOGLE_APPLICATION_CREDENTIALS: path.join(dir, 'missing.json') }),
    )!;
    const error = await failure(model.createMessage(request, { estimatedInputTokens: 10 }));
    expect(error.code).toBe('auth');
    expect(error.message).toMatch(
      /^no usable Google credentials for Vertex AI \(.+\): set GOOGLE_APPLICATION_CREDENTIALS/,
    );
  });

  test('a client made but never called, whose credentials cannot be read, does not stop the process', async () => {
    const model = modelForConfig(
      config(),
      vertexEnv({ GOOGLE_APPLICATION_CREDENTIALS: path.join(dir, 'missing.json') }),
    );
    expect(model).not.toBeNull();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    await new Promise((resolve) => setTimeout(resolve, 100));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });

  test('an STS that refuses the exchange is a credential error too', async () => {
    sts.answer({ status: 400, body: { error: 'invalid_grant', error_description: 'The token has expired' } });
    const model = modelForConfig(config('budget:\n  max_retries: 0\n'), vertexEnv())!;
    const error = await failure(model.createMessage(request, { estimatedInputTokens: 10 }));
    expect(error.code).toBe('auth');
    expect(error.message).toContain('no usable Google credentials for Vertex AI');
  });
});

describe('settings', () => {
  test.each([
    [
      { PULLWISE_PROVIDER: 'azure' },
      /^PULLWISE_PROVIDER must be one of anthropic, bedrock, vertex; got "azure"$/,
    ],
    [{ PULLWISE_PROVIDER: 'bedrock' }, /provider bedrock needs an AWS region: set AWS_REGION/],
    [{ PULLWISE_PROVIDER: 'vertex' }, /provider vertex needs a region: set CLOUD_ML_REGION/],
  ])('%j is refused, naming the setting', (env, message) => {
    expect(() => platformFromEnv(env)).toThrow(message);
    expect(() => modelForConfig(config(), env)).toThrow(PullwiseError);
  });

  test('a repository config with an unknown provider is a config problem naming `provider`', () => {
    const { problems } = parseConfig('provider: openai\n');
    expect(problems.map((p) => p.key)).toEqual(['provider']);
    expect(problems[0]!.message).toMatch(/anthropic.*bedrock.*vertex/);
  });

  test('the App keeps its own provider: a repository’s `provider` counts only where it may choose', () => {
    const chosen = config('provider: bedrock\n');
    const env = { ANTHROPIC_API_KEY: 'sk-ant-app-key-000000', AWS_REGION: 'us-east-1' };
    expect(modelForConfig(chosen, env)!.platform.provider).toBe('anthropic');
    expect(modelForConfig(chosen, env, undefined, { repoChoosesProvider: true })!.platform.provider).toBe(
      'bedrock',
    );
  });

  test('a project that is not set and not in the credentials is named when the call is made', async () => {
    const env = vertexEnv();
    delete (env as Record<string, string | undefined>).ANTHROPIC_VERTEX_PROJECT_ID;
    const model = modelForConfig(config('budget:\n  max_retries: 0\n'), env)!;
    const error = await failure(model.createMessage(request, { estimatedInputTokens: 10 }));
    expect(error.code).toBe('config');
    expect(error.message).toMatch(/needs a Google Cloud project.*ANTHROPIC_VERTEX_PROJECT_ID/);
  });

  test('every platform secret in the environment is one the process masks', () => {
    const env = { ...AWS_KEYS, AWS_BEARER_TOKEN_BEDROCK: 'ABSKQmVkcm9ja0FQSUtleS1wdWxsd2lzZQ==' };
    expect(knownSecrets(env).sort()).toEqual(
      [AWS_KEYS.AWS_SECRET_ACCESS_KEY, AWS_KEYS.AWS_SESSION_TOKEN, env.AWS_BEARER_TOKEN_BEDROCK].sort(),
    );
  });
});

describe('model ids and prices', () => {
  const bedrock = (region: string): Platform => ({ provider: 'bedrock', region, baseURL: '' });
  const vertex = (region: string): Platform => ({ provider: 'vertex', region, baseURL: '' });

  test.each([
    ['claude-sonnet-4-5', bedrock('us-east-1'), 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'],
    ['claude-haiku-4-5', bedrock('ap-northeast-1'), 'apac.anthropic.claude-haiku-4-5-20251001-v1:0'],
    ['claude-sonnet-5-5', bedrock('eu-central-1'), 'eu.anthropic.claude-sonnet-5-5-v1'],
    ['claude-sonnet-5-5', bedrock('sa-east-1'), 'global.anthropic.claude-sonnet-5-5-v1'],
    ['claude-opus-4-1-20250805', bedrock('us-west-2'), 'us.anthropic.claude-opus-4-1-20250805-v1:0'],
    [
      'global.anthropic.claude-opus-4-5-20251101-v1:0',
      bedrock('us-east-1'),
      'global.anthropic.claude-opus-4-5-20251101-v1:0',
    ],
    ['claude-sonnet-4-5', vertex('us-east5'), 'claude-sonnet-4-5@20250929'],
    ['claude-sonnet-5-5', vertex('global'), 'claude-sonnet-5-5'],
    ['claude-opus-4@20250514', vertex('europe-west1'), 'claude-opus-4@20250514'],
  ])('%s on %j is %s', (model, platform, id) => {
    expect(platformModelId(model, platform)).toBe(id);
  });

  test('`model_id` overrides the mapping and is what the platform is called with', async () => {
    const arn = 'arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/abc123';
    const sent = mockBedrock(arn, [[200, textReply('fine')]]);
    const model = modelForConfig(config(`model: claude-sonnet-5-5\nmodel_id: '${arn}'\n`), bedrockEnv)!;
    expect(model.modelId).toBe(arn);
    await model.createMessage(request, { estimatedInputTokens: 10 });
    expect(sent).toHaveLength(1);
  });

  test('regional endpoints cost 10% more; the global ones and prices keyed by the platform id do not', () => {
    const cost = (yaml: string, env: Record<string, string>) => {
      const model = modelForConfig(config(yaml), env)!;
      model.ledger.record(model.model, { input_tokens: 1_000_000, output_tokens: 0 });
      return Number(model.ledger.usage.costUsd.toFixed(6));
    };
    const anthropic = cost('model: claude-sonnet-4-5\n', { ANTHROPIC_API_KEY: 'sk-ant-test-000000' });
    expect(anthropic).toBe(3);
    expect(cost('model: claude-sonnet-4-5\n', bedrockEnv)).toBe(3.3);
    expect(
      cost(
        "model: claude-sonnet-4-5\nmodel_id: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0'\n",
        bedrockEnv,
      ),
    ).toBe(3);
    expect(cost('model: claude-sonnet-4-5\n', { ...vertexEnv(), CLOUD_ML_REGION: 'global' })).toBe(3);
    expect(cost('model: claude-sonnet-4-5\n', vertexEnv())).toBe(3.3);
    const own =
      'model: claude-sonnet-4-5\nprices:\n  eu.anthropic.claude-sonnet-4-5-20250929-v1:0: { input: 2, output: 10, cache_write: 2.5, cache_read: 0.2 }\n';
    expect(cost(own, bedrockEnv)).toBe(2);
  });
});

test('the config takes the three providers and nothing else', () => {
  expect(configSchema.parse({ provider: 'vertex' }).provider).toBe('vertex');
  const none: PullwiseConfig = configSchema.parse({});
  expect(none.provider).toBeUndefined();
  expect(configSchema.safeParse({ provider: 'azure' }).success).toBe(false);
});
