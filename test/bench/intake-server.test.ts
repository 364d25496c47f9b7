import { fork, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect, test } from '@jest/globals';

// The intake benchmark's server as `npm run bench -- intake` drives it (forked, over IPC, on the built lib/):
// started, one signed webhook stored, stopped. It once fell behind a change of startServer's options and no
// test noticed; this is not a measurement, only that the benchmark still runs.

const SERVER = path.resolve('bench/intake/server.js');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function serve(kind: 'ours' | 'bare') {
  const child = fork(SERVER, [kind], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ask = (message: Record<string, unknown>) =>
    new Promise<Record<string, any>>((resolve, reject) => {
      child.once('message', (reply) => resolve(reply as Record<string, any>));
      child.once('exit', (code) => reject(new Error(`the ${kind} server exited (${code}): ${stderr}`)));
      child.send(message);
    });
  return { ask, child };
}

test.each(['ours', 'bare'] as const)(
  'the %s server starts, takes a signed webhook and stops',
  async (kind) => {
    const payloads = (await import(pathToFileURL(path.resolve('bench/intake/payloads.js')).href)) as {
      WEBHOOK_SECRET: string;
      signedPullRequestOpened(count: number): { bodies: Array<{ body: Buffer; signature: string }> };
    };
    const dataDir = mkdtempSync(path.join(tmpdir(), 'pullwise-bench-intake-'));
    dirs.push(dataDir);
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const server = serve(kind);
    const ready = await server.ask({
      type: 'start',
      privateKey,
      secret: payloads.WEBHOOK_SECRET,
      dataDir,
      logLevel: 'silent',
    });
    expect(ready).toMatchObject({
      type: 'ready',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//),
    });

    const { body, signature } = payloads.signedPullRequestOpened(1).bodies[0]!;
    const response = await fetch(ready.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': signature,
      },
      body,
    });
    expect(response.status).toBeLessThan(300);
    const counts = await server.ask({ type: 'count' });
    if (kind === 'ours') expect(counts.stored).toBe(1);
    else expect(counts.handled).toBe(1);
    expect(await server.ask({ type: 'stop' })).toEqual({ type: 'stopped' });
  },
);
