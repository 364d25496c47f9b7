import { afterEach, describe, expect, it } from '@jest/globals';
import { devNull } from 'node:os';
import {
  basicCredentials,
  gitCommand,
  gitEnv,
  scrubSecrets,
  simpleGitDebugEnabled,
} from '../../../src/core/workspace/git-credentials.js';
import { parseCloneUrl } from '../../../src/core/workspace/repo-cache-key.js';

const TOKEN = 'ghs_Credentials0Test1Token2abcdefghij';

describe('per-command git credentials', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('puts the token in one http.extraHeader of the command environment, as GitHub Apps authenticate', () => {
    const env = gitEnv(TOKEN);

    expect(env).toMatchObject({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`,
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: devNull,
    });
    const holding = Object.entries(env).filter(([, value]) => value.includes(basicCredentials(TOKEN)));
    expect(holding.map(([name]) => name)).toEqual(['GIT_CONFIG_VALUE_0']);
    expect(gitEnv()).not.toHaveProperty('GIT_CONFIG_COUNT');
  });

  it("passes git only what it needs: no other secret, none of the caller's git variables; proxies and CAs", () => {
    process.env.ANTHROPIC_API_KEY = 'sk-ant-not-for-git';
    process.env.PRIVATE_KEY = '-----BEGIN RSA PRIVATE KEY-----';
    process.env.HTTPS_PROXY = 'http://proxy.corp:3128';
    process.env.GIT_ASKPASS = '/usr/bin/some-askpass';
    process.env.GIT_TRACE_CURL = '1';
    process.env.GIT_DIR = '/somewhere/else/.git';
    process.env.SSH_ASKPASS = '/usr/bin/ssh-askpass';
    process.env.GIT_SSL_CAINFO = '/etc/corp-ca.pem';

    const env = gitEnv(TOKEN);

    for (const name of [
      'ANTHROPIC_API_KEY',
      'PRIVATE_KEY',
      'GIT_ASKPASS',
      'GIT_TRACE_CURL',
      'GIT_DIR',
      'SSH_ASKPASS',
    ]) {
      expect(env).not.toHaveProperty(name);
    }
    expect(env).toMatchObject({ GIT_SSL_CAINFO: '/etc/corp-ca.pem', HTTPS_PROXY: 'http://proxy.corp:3128' });
    expect(env.PATH).toBe(process.env.PATH);
  });

  it('scrubs the token, its Basic credentials and any Authorization header from git output', () => {
    const output =
      `fatal: unable to access: Authorization: Basic ${basicCredentials(TOKEN)}\n` +
      `error: token ${TOKEN} rejected (${Buffer.from(TOKEN).toString('base64')})`;

    const scrubbed = scrubSecrets(output, TOKEN);

    expect(scrubbed).toBe('fatal: unable to access: Authorization: ***\nerror: token *** rejected (***)');
  });

  it.each([
    ['*', true],
    ['simple-git*', true],
    ['simple-git:*', true],
    ['probot,simple-git:task:*', true],
    ['*,-simple-git*', false],
    ['simple-git', false],
    ['probot:*', false],
    [undefined, false],
  ])('knows whether DEBUG=%s makes simple-git print command environments (%s)', (debug, enabled) => {
    expect(simpleGitDebugEnabled(debug)).toBe(enabled);
  });

  it('refuses to run a command with the token while simple-git would print its environment', () => {
    process.env.DEBUG = 'simple-git*';

    expect(() => gitCommand({ cwd: process.cwd(), token: TOKEN })).toThrow(
      expect.objectContaining({ code: 'unsafe-debug' }),
    );
    expect(() => gitCommand({ cwd: process.cwd() })).not.toThrow();
  });
});

describe('parseCloneUrl', () => {
  it('keys a mirror by host (and port), owner and repository, whatever the host', () => {
    expect(parseCloneUrl('https://ghe.example.com:8443/Acme/App.git')).toEqual({
      url: 'https://ghe.example.com:8443/Acme/App.git',
      segments: ['ghe.example.com_8443', 'Acme', 'App.git'],
      name: 'App',
    });
    expect(parseCloneUrl('https://github.com/acme/app').segments).toEqual(['github.com', 'acme', 'app.git']);
  });

  it('refuses credentials in the URL, other protocols, and paths that climb out of the cache', () => {
    expect(() => parseCloneUrl(`https://x-access-token:${TOKEN}@github.com/acme/app.git`)).toThrow(
      expect.objectContaining({ code: 'bad-clone-url', message: expect.not.stringContaining(TOKEN) }),
    );
    expect(() => parseCloneUrl('ssh://git@github.com/acme/app.git')).toThrow(
      /unsupported clone URL protocol/,
    );
    expect(() => parseCloneUrl('https://github.com/acme/..%2f..%2fapp.git')).toThrow(
      /does not name a repository/,
    );
    expect(parseCloneUrl('https://github.com/.hidden/.app.git').segments).toEqual([
      'github.com',
      '_hidden',
      '_app.git',
    ]);
  });
});
