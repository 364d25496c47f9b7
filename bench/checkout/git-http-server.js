// A loopback git server over smart HTTP, standing in for GitHub's git endpoint in tests and in the checkout
// benchmark: real `git http-backend` (spawned per request as a CGI program) over bare repositories under
// one folder, behind the same Basic auth GitHub Apps use (user `x-access-token`, password the installation
// token). Every request is recorded with its byte counts, so callers can check that the token was sent and
// measure what a fetch cost. Plain JS so that the benchmark can run it without a build; the tests import it
// through test/helpers/git-http-server.ts.

import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import os from 'node:os';

const TOKEN_USER = 'x-access-token';

// What GitHub allows and a stock `git http-backend` does not: partial clone (filters), fetching any commit
// by id (PR heads are fetched by ref, but a job may ask for a sha) and pushing over HTTP.
const SERVER_CONFIG = {
  'uploadpack.allowFilter': 'true',
  'uploadpack.allowAnySHA1InWant': 'true',
  'http.receivepack': 'true',
};

/** The server's own git, shielded from the user's and the system's configuration. */
function backendEnv(extra) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^GIT_/i.test(key) && value !== undefined) env[key] = value;
  }
  const config = Object.entries(SERVER_CONFIG);
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: os.devNull,
    GIT_CONFIG_COUNT: String(config.length),
    ...Object.fromEntries(
      config.flatMap(([key, value], i) => [
        [`GIT_CONFIG_KEY_${i}`, key],
        [`GIT_CONFIG_VALUE_${i}`, value],
      ]),
    ),
    ...extra,
  };
}

/** The token in `Authorization: Basic base64(x-access-token:TOKEN)`, or undefined when there is none. */
function tokenOf(header) {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0 || decoded.slice(0, colon) !== TOKEN_USER) return undefined;
  return decoded.slice(colon + 1);
}

/** `service=git-upload-pack` in info/refs, or the last path segment of a POST (git-upload-pack, git-receive-pack). */
function serviceOf(pathname, query) {
  const fromQuery = new URLSearchParams(query).get('service');
  if (fromQuery) return fromQuery;
  const last = pathname.split('/').pop() ?? '';
  return last.startsWith('git-') ? last : undefined;
}

/** Splits a CGI answer into its header block and the start of the body; undefined while incomplete. */
function splitCgiHeaders(buffer) {
  for (const separator of ['\r\n\r\n', '\n\n']) {
    const at = buffer.indexOf(separator);
    if (at >= 0) {
      const headers = [];
      let status = 200;
      for (const line of buffer.subarray(0, at).toString('latin1').split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers.push([name, value]);
      }
      return { status, headers, rest: buffer.subarray(at + separator.length) };
    }
  }
  return undefined;
}

/**
 * Starts the server on 127.0.0.1 and a free port. `root` holds the bare repositories (`owner/repo.git`);
 * `token` is the only accepted password (a function may change it between requests: `setToken`).
 * Requests are recorded in `requests`: method, path, service, status, whether they were authorized, the
 * token they sent, and the bytes of the request and response bodies.
 */
export async function startGitHttpServer({ root, token }) {
  let expectedToken = token;
  const requests = [];
  const children = new Set();

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const sentToken = tokenOf(req.headers.authorization);
    const record = {
      method: req.method ?? 'GET',
      path: url.pathname,
      service: serviceOf(url.pathname, url.search.slice(1)),
      status: 0,
      authorized: sentToken !== undefined && sentToken === expectedToken,
      token: sentToken,
      requestBytes: 0,
      responseBytes: 0,
    };
    requests.push(record);
    req.on('data', (chunk) => (record.requestBytes += chunk.length));

    if (!record.authorized) {
      record.status = 401;
      req.resume();
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"', 'Content-Type': 'text/plain' });
      res.end('authentication required\n');
      return;
    }

    const child = spawn('git', ['http-backend'], {
      env: backendEnv({
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: record.method,
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        ...(req.headers['content-length'] ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
        REMOTE_USER: TOKEN_USER,
        REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
        // git sends the protocol version and body encoding as headers; http-backend reads them as CGI vars.
        HTTP_GIT_PROTOCOL: req.headers['git-protocol'] ?? '',
        HTTP_CONTENT_ENCODING: req.headers['content-encoding'] ?? '',
      }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.add(child);
    child.once('close', () => children.delete(child));
    req.pipe(child.stdin);
    child.stdin.on('error', () => {}); // the backend may exit before reading a body it rejects
    const stderr = [];
    child.stderr.on('data', (chunk) => stderr.push(chunk));

    let head = Buffer.alloc(0);
    let started = false;
    child.stdout.on('data', (chunk) => {
      if (started) {
        record.responseBytes += chunk.length;
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const parsed = splitCgiHeaders(head);
      if (!parsed) return;
      started = true;
      record.status = parsed.status;
      res.writeHead(parsed.status, parsed.headers);
      record.responseBytes += parsed.rest.length;
      if (parsed.rest.length) res.write(parsed.rest);
    });
    child.once('close', (code) => {
      if (!started) {
        record.status = 500;
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`git http-backend exited with ${code}: ${Buffer.concat(stderr).toString('utf8')}`);
        return;
      }
      res.end();
    });
    res.on('close', () => {
      if (child.exitCode === null) child.kill();
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    root,
    requests,
    /** The clone URL of `name` (e.g. `owner/repo`), as a GitHub payload gives it. */
    cloneUrl: (name) => `${baseUrl}/${name}.git`,
    setToken(next) {
      expectedToken = next;
    },
    /** Bytes the server sent in answers to fetches (upload-pack), from `since` on (an index in `requests`). */
    fetchedBytes(since = 0) {
      return requests
        .slice(since)
        .filter((r) => r.service === 'git-upload-pack')
        .reduce((sum, r) => sum + r.responseBytes, 0);
    },
    async close() {
      for (const child of children) child.kill();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
