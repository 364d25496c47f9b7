import { randomBytes } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import type { DiffFile } from '../../../src/core/diff/types.js';
import type { SecretsSettings } from '../../../src/core/checks/types.js';
import { maskSecret, secretsCheck } from '../../../src/core/checks/secrets.js';
import { seededRandom } from '../../../bench/secrets/expand.js';
import { diffFilesFromGit } from './diff-fixture.js';

// Fake but format-valid secrets, made at run time from each format so this file does not trip secret scanners.
const random = seededRandom(7);
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const githubToken = 'ghp_' + random.chars(BASE62, 36);
const slackToken =
  'xoxb-' +
  random.chars('0123456789', 12) +
  '-' +
  random.chars('0123456789', 13) +
  '-' +
  random.chars(BASE62, 24);
const awsSecretKey = random.chars(BASE62 + '/+', 40);
// A key's body is DER (0x30 0x82 … → "MII"), as a real key is.
const derKey = Buffer.concat([Buffer.from([0x30, 0x82, 0x04, 0xa4]), randomBytes(146)]);
const pemBody = derKey.toString('base64').match(/.{1,64}/g)!;
const privateKey = ['-----BEGIN RSA ' + 'PRIVATE KEY-----', ...pemBody, '-----END RSA ' + 'PRIVATE KEY-----'];

const OPTIONS = { largeFileBytes: 1_000_000 };
const numbered = (n: number) => Array.from({ length: n }, (_, i) => `export const v${i + 1} = ${i + 1};`);
const text = (lines: string[], eol = '\n') => lines.join(eol) + eol;

async function scan(files: DiffFile[], secrets?: SecretsSettings) {
  return secretsCheck.run(files, { ...OPTIONS, secrets });
}

describe('secrets check', () => {
  const cases = [
    {
      name: 'GitHub token',
      line: `const token = "${githubToken}";`,
      secret: githubToken,
      kind: /GitHub/,
      mask: `ghp_…${githubToken.slice(-4)}`,
    },
    {
      name: 'Slack token',
      line: `SLACK_TOKEN=${slackToken}`,
      secret: slackToken,
      kind: /Slack/,
      mask: `xoxb…${slackToken.slice(-4)}`,
    },
    {
      name: 'AWS secret access key',
      line: `aws_secret_access_key = "${awsSecretKey}"`,
      secret: awsSecretKey,
      kind: /AWS/,
      mask: `${awsSecretKey.slice(0, 4)}…${awsSecretKey.slice(-4)}`,
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

describe('what the author and the config silence', () => {
  const line = `const token = "${githubToken}";`;
  const added = (extra: string[], path = 'src/a.ts') =>
    diffFilesFromGit({ [path]: text(numbered(3)) }, { [path]: text([...numbered(3), ...extra]) });

  test('a generic high-entropy assignment is major, a provider format critical', async () => {
    const generic = `const signingKey = "${random.chars(BASE62, 32)}";`;
    const findings = await scan(added([line, generic]));
    expect(findings.map((f) => [f.line, f.severity])).toEqual([
      [4, 'critical'],
      [5, 'major'],
    ]);
    expect(findings[1]!.body).toMatch(/pullwise:allow-secret/);
  });

  test.each([
    ['pullwise:allow-secret on the line', [`${line} // pullwise:allow-secret`]],
    ['secretlint-disable-line on the line', [`${line} // secretlint-disable-line`]],
    ['secretlint-disable-next-line above it', ['// secretlint-disable-next-line', line]],
    ['a secretlint-disable block around it', ['/* secretlint-disable */', line, '/* secretlint-enable */']],
  ])('%s silences it', async (_name, lines) => {
    expect(await scan(added(lines))).toEqual([]);
  });

  test('the line after a secretlint-enable is scanned again', async () => {
    const findings = await scan(added(['/* secretlint-disable */', '/* secretlint-enable */', line]));
    expect(findings.map((f) => f.line)).toEqual([6]);
  });

  test('checks.secrets.allow silences a value by regex; allow_paths a file; rules a rule by id', async () => {
    expect(await scan(added([line]), { allow: [githubToken.slice(0, 12)] })).toEqual([]);
    expect(await scan(added([line]), { allow: ['^const token'] })).toEqual([]);
    expect(await scan(added([line], 'test/fixtures/a.ts'), { allowPaths: ['test/fixtures/**'] })).toEqual([]);
    // A bare token (a YAML list item): only the provider's rule sees it, no assignment rule.
    const bare = `  - ${githubToken}`;
    const [finding] = await scan(added([bare]));
    const rule = /rule "([^"]+)"/.exec(finding!.body)?.[1];
    expect(rule).toMatch(/^github-/);
    expect(await scan(added([bare]), { rules: { [rule!]: false } })).toEqual([]);
    expect(await scan(added([line]), { allow: ['^unrelated$'], rules: { jwt: false } })).toHaveLength(1);
  });

  test('placeholders are not reported', async () => {
    const lines = [
      'const token = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";',
      'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
      'api_key = "your-api-key-here"',
      'password: ${DB_PASSWORD}',
    ];
    expect(await scan(added(lines))).toEqual([]);
  });
});

describe('maskSecret', () => {
  test.each([
    ['ghp_' + 'A1b2'.repeat(9), 'ghp_…A1b2'],
    ['-----BEGIN PRIVATE KEY-----\\nMIIEvQ…', undefined],
    ['short-secret', undefined],
    ['line one of a key\nline two of a key', undefined],
  ])('masks %j as %j', (secret, masked) => {
    expect(maskSecret(secret)).toBe(masked);
  });
});
