import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { CommandResult, CommandRunner, RunOptions } from '../../../src/core/workspace/command-runner.js';

/** Ids of the live processes whose command line contains `token` (read from /proc, as `ps` does). */
export function processesWith(token: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
        const state = /^State:\s*(\S)/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1];
        return cmdline.includes(token) && state !== 'Z';
      } catch {
        return false; // exited while we looked
      }
    })
    .map(Number);
}

/** A sleep duration nobody else uses, so its processes can be found by command line. */
export function uniqueSleep(): string {
  return `1000.${parseInt(randomBytes(3).toString('hex'), 16)}`;
}

/** A directory holding a file that plays the App's private key, with a content no sandbox may print. */
export function secretDir(parent: string): { dir: string; keyPath: string; secret: string } {
  const dir = mkdtempSync(join(parent, 'pullwise-secret-'));
  const secret = `-----BEGIN RSA PRIVATE KEY----- ${randomBytes(12).toString('hex')}`;
  const keyPath = join(dir, 'app.private-key.pem');
  writeFileSync(keyPath, secret, { mode: 0o600 });
  return { dir, keyPath, secret };
}

/** A TCP server on 127.0.0.1 that counts the connections it accepts. */
export async function loopbackServer(): Promise<{
  port: number;
  connections: () => number;
  close: () => void;
}> {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    socket.on('error', () => undefined); // the client may be gone before the greeting is sent
    socket.end('hello from the host\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, connections: () => connections, close: () => server.close() };
}

/** A node one-liner that connects to 127.0.0.1:port and prints CONNECTED or the error code. */
export function connectCommand(port: number): string {
  const script =
    `const s=require('net').connect(${port},'127.0.0.1');` +
    `s.on('connect',()=>{console.log('CONNECTED');process.exit(0)});` +
    `s.on('error',e=>{console.log('ERROR '+e.code);process.exit(3)})`;
  return `node -e "${script}"`;
}

export function runWith(runner: CommandRunner, defaults: Partial<RunOptions> = {}) {
  return (command: string, options: Partial<RunOptions> = {}): Promise<CommandResult> =>
    runner.run(command, { timeoutMs: 10_000, maxOutputBytes: 64 * 1024, ...defaults, ...options });
}
