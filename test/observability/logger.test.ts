import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import type { CommandJobPayload, ReviewJobPayload } from '../../src/intake/job-payloads.js';
import type { Job } from '../../src/queue/job.js';
import { createLogger, jobLogger } from '../../src/observability/logger.js';

const API_KEY = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789';
const WEBHOOK_SECRET = 'webhook-secret-for-tests';
const PRIVATE_KEY = generateKeyPairSync('ec', {
  namedCurve: 'prime256v1',
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
}).privateKey;

/** A logger writing into an array, as the App's would write to stdout; `entries()` parses each line. */
function capture(secrets: string[] = [API_KEY, WEBHOOK_SECRET, PRIVATE_KEY]) {
  const lines: string[] = [];
  const log = createLogger({ level: 'info', secrets, destination: { write: (line) => lines.push(line) } });
  return {
    log,
    lines,
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, any>),
  };
}

function job(type: string, payload: unknown): Job {
  return {
    id: '42',
    deliveryId: 'd3c4f1a0-1234-11ef-8a8a-0242ac120002',
    type,
    key: 'Codertocat/Hello-World#2',
    payload,
    state: 'running',
    attempts: 1,
    runAt: 0,
    createdAt: 0,
    updatedAt: 0,
  };
}

const review: ReviewJobPayload = {
  owner: 'Codertocat',
  repo: 'Hello-World',
  pull_number: 2,
  sender: { login: 'Codertocat', type: 'User' },
  trigger: 'opened',
};

describe('the App log', () => {
  test('writes one JSON object per line, with the level by name', () => {
    const { log, entries } = capture();
    log.info({ port: 3000 }, 'Pullwise is listening');
    expect(entries()).toEqual([
      expect.objectContaining({ level: 'info', port: 3000, msg: 'Pullwise is listening' }),
    ]);
  });

  test('censors values under secret-bearing keys, however deep', () => {
    const { log, lines, entries } = capture([]);
    log.info(
      {
        headers: { authorization: 'token abc', 'x-api-key': 'key-1' },
        options: { apiKey: 'key-2', auth: { privateKey: 'key-3', token: 'key-4' } },
        secret: 'key-5',
        env: { SOME_VAR: 'key-6' },
        kept: 'visible',
      },
      'calling out',
    );
    expect(entries()[0]).toMatchObject({
      headers: { authorization: '[redacted]', 'x-api-key': '[redacted]' },
      options: { apiKey: '[redacted]', auth: { privateKey: '[redacted]', token: '[redacted]' } },
      secret: '[redacted]',
      env: '[redacted]',
      kept: 'visible',
    });
    for (const value of ['abc', 'key-1', 'key-2', 'key-3', 'key-4', 'key-5', 'key-6'])
      expect(lines[0]).not.toContain(value);
  });

  test("masks the process's secrets inside messages, errors and stacks", () => {
    const { log, lines, entries } = capture();
    const error = Object.assign(new Error(`Anthropic said: invalid x-api-key ${API_KEY}`), {
      request: {
        url: `https://hooks.invalid/?secret=${WEBHOOK_SECRET}`,
        headers: { authorization: 'bearer x' },
      },
    });
    log.error({ err: error, detail: `key file: ${PRIVATE_KEY}` }, `job failed with ${API_KEY}`);
    const line = lines[0]!;
    expect(line).not.toContain(API_KEY);
    expect(line).not.toContain(WEBHOOK_SECRET);
    expect(line).not.toContain(PRIVATE_KEY.split('\n')[1]!); // a line of the key's body
    const [entry] = entries();
    expect(entry!.msg).toBe('job failed with [redacted]');
    expect(entry!.err.message).toBe('Anthropic said: invalid x-api-key [redacted]');
    expect(entry!.err.stack).toContain('Anthropic said: invalid x-api-key [redacted]');
    expect(entry!.err.request).toEqual({
      url: 'https://hooks.invalid/?secret=[redacted]',
      headers: { authorization: '[redacted]' },
    });
    expect(entry!.detail).toBe('key file: [redacted]');
  });

  test('masks credentials it was not told about by their shape (an installation token in a clone URL)', () => {
    const { log, entries } = capture([]);
    const token = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a';
    log.warn({ cmd: `git fetch https://x-access-token:${token}@github.com/o/r.git` }, 'fetch failed');
    // The same detector as the secrets check: first and last four characters, enough to tell which to rotate.
    expect(entries()[0]!.cmd).toBe('git fetch https://x-access-token:ghs_…8B4a@github.com/o/r.git');
  });
});

describe("a job's logger", () => {
  test('names the delivery, the job, the repository and the pull request on every line', () => {
    const { log, entries } = capture();
    jobLogger(log, job('review', review)).info({ files: 1 }, 'reviewing');
    expect(entries()[0]).toMatchObject({
      deliveryId: 'd3c4f1a0-1234-11ef-8a8a-0242ac120002',
      jobId: '42',
      jobType: 'review',
      repo: 'Codertocat/Hello-World',
      number: 2,
      files: 1,
      msg: 'reviewing',
    });
  });

  test('takes the issue number of a command job, and keeps redacting', () => {
    const { log, lines, entries } = capture();
    const command: CommandJobPayload = {
      owner: 'Codertocat',
      repo: 'Hello-World',
      issue_number: 7,
      isPullRequest: false,
      commenter: { login: 'Codertocat', type: 'User' },
      commentBody: '@pullwise help',
      replyTo: { kind: 'issue', issue_number: 7 },
    };
    jobLogger(log, job('command', command)).info({ token: 'ghs_x' }, `using ${WEBHOOK_SECRET}`);
    expect(entries()[0]).toMatchObject({ repo: 'Codertocat/Hello-World', number: 7, token: '[redacted]' });
    expect(lines[0]).not.toContain(WEBHOOK_SECRET);
  });
});
