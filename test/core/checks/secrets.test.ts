import { randomBytes } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import type { DiffFile } from '../../../src/core/diff/types.js';
import { maskSecret, secretsCheck } from '../../../src/core/checks/secrets.js';
import { secretLintProfiler } from '@secretlint/profiler';
import { diffFilesFromGit } from './diff-fixture.js';

// Fake but format-valid secrets, assembled at run time so this file does not trip secret scanners.
// (secretlint skips AWS's documented example keys such as AKIAIOSFODNN7EXAMPLE.)
const githubToken = 'ghp_' + 'A1b2'.repeat(9);
const slackToken = 'xoxb-' + '123456789012-1234567890123-' + 'AbCdEfGhIjKlMnOpQrStUvWx';
const awsSecretKey = 'Zq8vB3nR7tLw2Xy5Pk9H' + 'd4Fs6Jm1Ca0Ge/uTo3Ni';
// secretlint wants 100+ base64 chars that start like DER (0x30 0x82 … → "MII"), as a real key does.
const derKey = Buffer.concat([Buffer.from([0x30, 0x82, 0x04, 0xa4]), randomBytes(146)]);
const pemBody = derKey.toString('base64').match(/.{1,64}/g)!;
const privateKey = ['-----BEGIN RSA ' + 'PRIVATE KEY-----', ...pemBody, '-----END RSA ' + 'PRIVATE KEY-----'];

const OPTIONS = { largeFileBytes: 1_000_000 };
const numbered = (n: number) => Array.from({ length: n }, (_, i) => `export const v${i + 1} = ${i + 1};`);
const text = (lines: string[], eol = '\n') => lines.join(eol) + eol;

async function scan(files: DiffFile[]) {
  return secretsCheck.run(files, OPTIONS);
}

describe('secrets check', () => {
  const cases = [
    {
      name: 'GitHub token',
      line: `const token = "${githubToken}";`,
      secret: githubToken,
      kind: /GitHub Token/,
      mask: 'ghp_…A1b2',
    },
    {
      name: 'Slack token',
      line: `SLACK_TOKEN=${slackToken}`,
      secret: slackToken,
      kind: /slack token/i,
      mask: 'xoxb…UvWx',
    },
    {
      name: 'AWS secret access key',
      line: `aws_secret_access_key = "${awsSecretKey}"`,
      secret: awsSecretKey,
      kind: /AWS Secret Access Key/,
      mask: 'Zq8v…o3Ni',
    },
  ];

  test.each(cases)(
    'an added $name is reported on its line, masked, as critical',
    async ({ line, secret, kind, mask }) => {
      const base = numbered(10);
      const head = [...base.slice(0, 6), line, ...base.slice(6)];
      const findings = await scan(
        diffFilesFromGit({ 'src/config.ts': text(base) }, { 'src/config.ts': text(head) }),
      );

      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        path: 'src/config.ts',
        line: 7,
        side: 'RIGHT',
        severity: 'critical',
        source: 'check:secrets',
      });
      expect(findings[0]!.body).toMatch(kind);
      expect(findings[0]!.body).toContain(mask);
      expect(findings[0]!.body).toMatch(/rotate/);
      expect(findings[0]!.body).not.toContain(secret);
    },
  );

  test('an added PEM private key is reported over its whole block without any of the key material', async () => {
    const files = diffFilesFromGit(
      { 'README.md': '# app\n' },
      { 'README.md': '# app\n', 'deploy/id_rsa': text(privateKey) },
    );
    const findings = await scan(files);

    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ path: 'deploy/id_rsa', startLine: 1, line: 6, severity: 'critical' });
    expect(findings[0]!.body).toMatch(/private key/);
    for (const bodyLine of pemBody) expect(findings[0]!.body).not.toContain(bodyLine);
  });

  test('line numbers follow the new file in a later hunk of a CRLF file', async () => {
    const base = numbered(60);
    const head = [...base];
    head[2] = 'export const v3 = 333;';
    head.splice(45, 0, `const token = "${githubToken}";`);
    const files = diffFilesFromGit({ 'src/a.ts': text(base, '\r\n') }, { 'src/a.ts': text(head, '\r\n') });

    expect(files[0]!.hunks).toHaveLength(2);
    const findings = await scan(files);
    expect(findings.map((f) => f.line)).toEqual([46]);
  });

  test('a secret on a deleted line is not reported', async () => {
    const base = [...numbered(3), `const token = "${githubToken}";`, ...numbered(3)];
    const head = base.filter((l) => !l.includes(githubToken));
    const files = diffFilesFromGit({ 'src/a.ts': text(base) }, { 'src/a.ts': text(head) });

    expect(files[0]!.hunks[0]!.lines.some((l) => l.kind === 'del' && l.text.includes(githubToken))).toBe(
      true,
    );
    expect(await scan(files)).toEqual([]);
  });

  test('a secret on an unchanged context line is not reported', async () => {
    const base = [...numbered(3), `const token = "${githubToken}";`, ...numbered(3)];
    const head = base.map((l) => l.replace('v3 = 3', 'v3 = 30'));
    const files = diffFilesFromGit({ 'src/a.ts': text(base) }, { 'src/a.ts': text(head) });

    expect(files[0]!.hunks[0]!.lines.some((l) => l.kind === 'context' && l.text.includes(githubToken))).toBe(
      true,
    );
    expect(await scan(files)).toEqual([]);
  });

  test('a private key is not pieced together from an unchanged BEGIN line and added body lines', async () => {
    const base = [privateKey[0]!, privateKey.at(-1)!];
    const head = privateKey;
    const files = diffFilesFromGit({ 'key.pem': text(base) }, { 'key.pem': text(head) });

    expect(await scan(files)).toEqual([]);
  });
});

describe('secretlint in a long-lived process', () => {
  test('records no profiling marks, which would otherwise pile up with every file scanned', async () => {
    const files = diffFilesFromGit({ 'a.ts': 'x\n' }, { 'a.ts': 'x\n' + numbered(50).join('\n') + '\n' });
    for (let i = 0; i < 20; i++) await scan(files);
    await new Promise((resolve) => setTimeout(resolve, 50)); // performance observers report asynchronously
    expect(await secretLintProfiler.getEntries()).toEqual([]);
  });
});

describe('maskSecret', () => {
  test.each([
    ['ghp_' + 'A1b2'.repeat(9), 'ghp_…A1b2'],
    ['short-secret', undefined],
    ['line one of a key\nline two of a key', undefined],
  ])('masks %j as %j', (secret, masked) => {
    expect(maskSecret(secret)).toBe(masked);
  });
});
