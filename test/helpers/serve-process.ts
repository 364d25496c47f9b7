import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { appPrivateKey, sign, WEBHOOK_SECRET } from './app-harness.js';

// `pullwise serve` as a real child process (the installed command on the built lib/), on a free loopback
// port, pointed at loopback stand-ins for GitHub (GHE_HOST) and Claude. For tests that kill, restart and
// run several processes at once.

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** Posts a signed webhook; resolves with the HTTP status. */
  send(name: string, payload: unknown, deliveryId?: string): Promise<number>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  /** Its stderr so far. */
  logs(): string;
  /** Its stdout so far: the JSON log, a line per entry (at LOG_LEVEL). */
  stdout(): string;
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The env a test server needs besides its own settings. */
export function serveEnv(options: {
  githubUrl: string;
  claudeUrl: string;
  dataDir: string;
}): Record<string, string> {
  return {
    APP_ID: '1',
    PRIVATE_KEY: appPrivateKey(),
    WEBHOOK_SECRET,
    HOST: '127.0.0.1',
    GHE_HOST: options.githubUrl.replace('http://', ''),
    GHE_PROTOCOL: 'http',
    ANTHROPIC_API_KEY: 'sk-ant-test-key',
    ANTHROPIC_BASE_URL: options.claudeUrl,
    PULLWISE_DATA_DIR: options.dataDir,
    LOG_LEVEL: 'warn',
  };
}

export async function startServeProcess(
  env: Record<string, string>,
  args: string[] = [],
): Promise<ServeProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [path.resolve('bin/pullwise.js'), 'serve', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`pullwise serve exited with ${child.exitCode}:\n${stderr}${stdout}`);
    const ok = await fetch(`${url}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() - started > 20_000)
      throw new Error(`pullwise serve did not become healthy:\n${stderr}${stdout}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    child,
    logs: () => stderr,
    stdout: () => stdout,
    async send(name, body, deliveryId = randomUUID()) {
      const text = JSON.stringify(body);
      const response = await fetch(`${url}/api/github/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': name,
          'x-github-delivery': deliveryId,
          'x-hub-signature-256': sign(text),
        },
        body: text,
      });
      await response.text();
      return response.status;
    },
    async kill(signal = 'SIGTERM') {
      // A process killed by a signal has exitCode null and signalCode set: both mean it is gone.
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill(signal);
      return exited;
    },
  };
}
