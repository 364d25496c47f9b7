// One server under test, in its own process (forked by run.js) so that it never shares an event loop with the
// load generator. argv[2] says which:
//   ours — Pullwise's real `startServer` from lib/ with `runWorker: false`: the signature is verified,
//          intake decides the job, the SQLite queue stores it (WAL, fdatasync'd) before the answer;
//   bare — a Probot app whose handler does nothing, served the same way (createNodeMiddleware on node:http).
// Protocol over IPC: the parent sends { type: 'start', privateKey, secret, dataDir, logLevel }, we answer
// { type: 'ready', url }; { type: 'count' } → { type: 'count', stored, handled }; { type: 'stop' } →
// { type: 'stopped' } and the process exits.

import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createNodeMiddleware, Probot } from 'probot';

export const WEBHOOKS_PATH = '/api/github/webhooks';
const LIB_APP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'lib/app');
const DIST_SERVER = path.join(LIB_APP, 'server.js');
const DIST_APP_ENV = path.join(LIB_APP, 'app-env.js');

const kind = process.argv[2];

async function startOurs({ privateKey, secret, dataDir, logLevel }) {
  const { startServer } = await import(pathToFileURL(DIST_SERVER).href);
  const { readAppEnv } = await import(pathToFileURL(DIST_APP_ENV).href);
  // The App's own defaults, as `pullwise serve` reads them, with only what the benchmark needs set.
  const appEnv = readAppEnv({
    APP_ID: '1',
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: secret,
    PULLWISE_DATA_DIR: dataDir,
    PULLWISE_CONCURRENCY: '1',
    PULLWISE_MAX_ATTEMPTS: '1',
    LOG_LEVEL: logLevel,
  });
  const server = await startServer({ ...appEnv, port: 0, host: '127.0.0.1' }, {}, { runWorker: false });
  return {
    url: `${server.url}${WEBHOOKS_PATH}`,
    async counts() {
      const byState = await server.queue.counts();
      return { stored: Object.values(byState).reduce((sum, n) => sum + n, 0), handled: null };
    },
    stop: () => server.stop(1_000),
  };
}

async function startBare({ privateKey, secret, logLevel }) {
  const probot = new Probot({ appId: '1', privateKey, secret, logLevel });
  let handled = 0;
  const middleware = await createNodeMiddleware(
    (app) => {
      app.onAny(async () => {
        handled++;
      });
    },
    { probot, webhooksPath: WEBHOOKS_PATH },
  );
  // The same request routing as src/app/server.ts, so the two differ only in what the handler does.
  const http = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    void middleware(req, res, () => res.writeHead(404).end('not found\n'));
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${http.address().port}${WEBHOOKS_PATH}`,
    counts: async () => ({ stored: null, handled }),
    stop: async () => {
      const closed = new Promise((resolve) => http.close(resolve));
      http.closeIdleConnections();
      await closed;
    },
  };
}

let server;
process.on('message', async (message) => {
  try {
    if (message.type === 'start') {
      server = kind === 'ours' ? await startOurs(message) : await startBare(message);
      process.send({ type: 'ready', url: server.url });
    } else if (message.type === 'count') {
      process.send({ type: 'count', ...(await server.counts()) });
    } else if (message.type === 'stop') {
      await server?.stop();
      process.send({ type: 'stopped' }, () => process.exit(0)); // exit: --cpu-prof writes its profile here
    }
  } catch (error) {
    process.send({ type: 'error', message: error instanceof Error ? error.stack : String(error) });
  }
});

if (kind !== 'ours' && kind !== 'bare') {
  console.error(`bench intake server: expected "ours" or "bare", got ${kind}`);
  process.exit(2);
}
