import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { startClaudeStandIn, type ClaudeReply, type ClaudeStandIn } from './claude-fake.js';

// The two clouds' credentials as their SDKs find them: static AWS keys in the environment (what
// aws-actions/configure-aws-credentials leaves), and a Google `external_account` file (what
// google-github-actions/auth writes for workload identity federation), whose STS endpoint a test serves.

export const AWS_KEYS = {
  AWS_ACCESS_KEY_ID: 'AKIAPULLWISETEST0001',
  AWS_SECRET_ACCESS_KEY: 'pullwiseTestSecretAccessKey/000000000000',
  AWS_SESSION_TOKEN: 'pullwiseTestSessionToken000000000000000000000000',
};

/** Bedrock's InvokeModel path for a model id: one segment, encoded as the SDK does (`:` kept, `/` escaped). */
export const bedrockInvokePath = (modelId: string) =>
  `/model/${modelId.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@]+/g, encodeURIComponent)}/invoke`;

export interface SentRequest {
  method: string;
  /** The path as sent, query excluded. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Whether `request` carries a valid SigV4 signature of `AWS_KEYS` for service bedrock in `region`: the
 * canonical request is rebuilt from what arrived and signed again with the secret key.
 */
export async function hasBedrockSignature(
  request: SentRequest,
  region: string,
  host: string,
): Promise<boolean> {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const authorization = header('authorization') ?? '';
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (!match) return false;
  const [, keyId, , signedRegion, service, signedHeaders, signature] = match;
  if (keyId !== AWS_KEYS.AWS_ACCESS_KEY_ID || signedRegion !== region || service !== 'bedrock') return false;
  const headers: Record<string, string> = {};
  for (const name of signedHeaders!.split(';')) headers[name] = name === 'host' ? host : (header(name) ?? '');
  const amzDate = header('x-amz-date')!;
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const signer = new SignatureV4({
    service: 'bedrock',
    region,
    sha256: Sha256,
    credentials: {
      accessKeyId: AWS_KEYS.AWS_ACCESS_KEY_ID,
      secretAccessKey: AWS_KEYS.AWS_SECRET_ACCESS_KEY,
      sessionToken: AWS_KEYS.AWS_SESSION_TOKEN,
    },
  });
  const resigned = await signer.sign(
    new HttpRequest({
      method: request.method,
      protocol: 'https:',
      hostname: host,
      path: request.path, // as the SDK signed it: the URL's (encoded) path
      headers,
      body: request.body,
    }),
    { signingDate },
  );
  return String(resigned.headers.authorization).endsWith(`Signature=${signature}`);
}

/** Whether the stand-in's Messages call `call` was signed as hasBedrockSignature checks, for a stand-in at `url`. */
export function isSignedCall(
  call: ClaudeStandIn['calls'][number],
  region: string,
  url: string,
): Promise<boolean> {
  const request = { method: 'POST', path: call.path, headers: call.headers, body: JSON.stringify(call.body) };
  return hasBedrockSignature(request, region, new URL(url).host);
}

export const GOOGLE_ACCESS_TOKEN = 'ya29.pullwise-test-federated-token';

/** What Google's STS answers a token exchange with. */
export const GOOGLE_STS_REPLY = {
  status: 200,
  body: {
    access_token: GOOGLE_ACCESS_TOKEN,
    issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    token_type: 'Bearer',
    expires_in: 3600,
  },
};

/**
 * An `external_account` credentials file under `dir` exchanging a GitHub OIDC token (a file) at `tokenUrl`,
 * as google-github-actions/auth writes it; point GOOGLE_APPLICATION_CREDENTIALS at the returned path.
 */
export function writeGoogleExternalAccount(dir: string, tokenUrl: string): string {
  const oidc = path.join(dir, 'github-oidc-token');
  writeFileSync(oidc, 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9jdG8vcmVwbyJ9.c2lnbmF0dXJl');
  const file = path.join(dir, 'gha-creds.json');
  writeFileSync(
    file,
    JSON.stringify({
      type: 'external_account',
      audience:
        '//iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/github/providers/github',
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: tokenUrl,
      credential_source: { file: oidc },
    }),
  );
  return file;
}

/**
 * What AWS STS answers AssumeRoleWithWebIdentity with (the OIDC role of EKS, or of a workflow): AWS_KEYS as
 * the role's session, so that the calls they sign pass hasBedrockSignature.
 */
export const STS_WEB_IDENTITY_REPLY = {
  status: 200,
  headers: { 'content-type': 'text/xml' },
  body: `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <Credentials>
      <AccessKeyId>${AWS_KEYS.AWS_ACCESS_KEY_ID}</AccessKeyId>
      <SecretAccessKey>${AWS_KEYS.AWS_SECRET_ACCESS_KEY}</SecretAccessKey>
      <SessionToken>${AWS_KEYS.AWS_SESSION_TOKEN}</SessionToken>
      <Expiration>2099-01-01T00:00:00Z</Expiration>
    </Credentials>
    <SubjectFromWebIdentityToken>repo:Codertocat/Hello-World:pull_request</SubjectFromWebIdentityToken>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/pullwise-review/ci</Arn>
      <AssumedRoleId>AROAPULLWISETEST:ci</AssumedRoleId>
    </AssumedRoleUser>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000001</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`,
};

/**
 * Bedrock's runtime on loopback (point ANTHROPIC_BEDROCK_BASE_URL at `url`): each InvokeModel a Messages call.
 * It also answers as STS at `/` (AWS_ENDPOINT_URL_STS), for the web identity chain.
 */
export function startBedrockStandIn(replies: ClaudeReply[]): Promise<ClaudeStandIn> {
  return startClaudeStandIn(replies, {
    messages: /^\/model\/[^/]+\/invoke$/,
    routes: { '/': STS_WEB_IDENTITY_REPLY },
  });
}

/**
 * Vertex AI on loopback (point ANTHROPIC_VERTEX_BASE_URL at `${url}/v1`) with Google's STS at `${url}/v1/token`
 * (write the credentials with writeGoogleExternalAccount); token counting answers `inputTokens`.
 */
export function startVertexStandIn(
  replies: ClaudeReply[],
  { project, region, inputTokens = 1_000 }: { project: string; region: string; inputTokens?: number },
): Promise<ClaudeStandIn> {
  const models = `/v1/projects/${project}/locations/${region}/publishers/anthropic/models`;
  return startClaudeStandIn(replies, {
    messages: new RegExp(`^${models.replace(/[/.]/g, '\\$&')}/[^/:]+:rawPredict$`),
    routes: {
      '/v1/token': GOOGLE_STS_REPLY,
      [`${models}/count-tokens:rawPredict`]: { status: 200, body: { input_tokens: inputTokens } },
    },
  });
}

export interface GoogleSts {
  /** The token endpoint, for writeGoogleExternalAccount. */
  tokenUrl: string;
  /** The form bodies of the exchanges it answered. */
  exchanges: URLSearchParams[];
  /** From now on, answer every exchange with this (a refusal). */
  answer(reply: { status: number; body: unknown }): void;
  close(): Promise<void>;
}

/**
 * Google's STS on loopback. Not under nock: google-auth-library sends through node-fetch on node:http, which
 * Jest shares between the test files of a worker, and nock's interception of it belongs to the first file.
 */
export async function startGoogleSts(): Promise<GoogleSts> {
  let reply: { status: number; body: unknown } = GOOGLE_STS_REPLY;
  const exchanges: URLSearchParams[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      exchanges.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    tokenUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/token`,
    exchanges,
    answer: (next) => {
      reply = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
