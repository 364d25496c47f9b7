#!/usr/bin/env node
import { runCli } from '../lib/cli/main.js';

// Ctrl-C cancels the model calls in flight (AbortSignal) instead of leaving them to run and bill.
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
  serve: async (env, role) => (await import('../lib/app/serve.js')).serveApp(env, role),
});
