import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

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
