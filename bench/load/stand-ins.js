// Loopback stand-ins for the load benchmark: a GitHub that remembers reviews and comments per pull request
// (Codertocat/Hello-World#n, one changed file each), and a Claude whose every call takes a fixed time and then
// calls submit_review. Plain node:http, no validation (the tests validate requests against the OpenAPI
// description; here only throughput and correctness of the outcome are measured).

import { createServer } from 'node:http';

const FILE_BEFORE = Array.from({ length: 12 }, (_, i) => `const v${i + 1} = ${i + 1};`).join('\n') + '\n';
const FILE_AFTER = FILE_BEFORE.replace('const v6 = 6;', 'const v6 = 6 / 0;');
const PATCH =
  '@@ -3,7 +3,7 @@\n const v3 = 3;\n const v4 = 4;\n const v5 = 5;\n-const v6 = 6;\n+const v6 = 6 / 0;\n const v7 = 7;\n const v8 = 8;\n const v9 = 9;';
export const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const BASE = '34c5c7793cb3b279e22454cb6750c80560547b3a';

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

function listen(handler) {
  const server = createServer((req, res) => {
    handler(req, res).catch((error) => {
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ message: error.message }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}`;
      resolve({
        url,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    }),
  );
}

export async function startGitHub() {
  const reviews = []; // { pull, id, body }
  const comments = []; // { issue, id, body }
  const checkRuns = [];
  const json = (res, status, body) =>
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  const raw = (res, body) => res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
  const routes = [
    [
      'POST',
      /^\/app\/installations\/\d+\/access_tokens$/,
      (req, res) =>
        json(res, 201, { token: 'ghs_bench', expires_at: new Date(Date.now() + 3600_000).toISOString() }),
    ],
    [
      'GET',
      /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/,
      (req, res, [n]) =>
        json(res, 200, {
          number: Number(n),
          state: 'open',
          draft: false,
          title: 'Update the values',
          body: 'Changes v6.',
          html_url: `https://github.com/Codertocat/Hello-World/pull/${n}`,
          head: { sha: HEAD, ref: 'feature', repo: { full_name: 'Codertocat/Hello-World' } },
          base: { sha: BASE, ref: 'main', repo: { full_name: 'Codertocat/Hello-World' } },
        }),
    ],
    [
      'GET',
      /^\/repos\/[^/]+\/[^/]+\/contents\/([^?]+)/,
      (req, res, [file]) =>
        decodeURIComponent(file) === 'src/values.ts'
          ? raw(res, FILE_AFTER)
          : json(res, 404, { message: 'Not Found' }),
    ],
    [
      'GET',
      /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews/,
      (req, res, [n]) =>
        json(
          res,
          200,
          reviews.filter((r) => r.pull === Number(n)).map(({ id, body }) => ({ id, body })),
        ),
    ],
    [
      'POST',
      /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews$/,
      async (req, res, [n]) => {
        const review = { pull: Number(n), id: 900 + reviews.length, body: (await readBody(req)).body };
        reviews.push(review);
        json(res, 200, { id: review.id, body: review.body });
      },
    ],
    [
      'GET',
      /^\/repos\/[^/]+\/[^/]+\/commits\/[^/]+\/check-runs/,
      (req, res) => json(res, 200, { total_count: 0, check_runs: [] }),
    ],
    [
      'POST',
      /^\/repos\/[^/]+\/[^/]+\/check-runs$/,
      (req, res) => {
        checkRuns.push(1);
        json(res, 201, { id: checkRuns.length });
      },
    ],
    ['PATCH', /^\/repos\/[^/]+\/[^/]+\/check-runs\/\d+$/, (req, res) => json(res, 200, { id: 1 })],
    [
      'GET',
      /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments/,
      (req, res, [n]) =>
        json(
          res,
          200,
          comments.filter((c) => c.issue === Number(n)).map(({ id, body }) => ({ id, body })),
        ),
    ],
    [
      'POST',
      /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/,
      async (req, res, [n]) => {
        const comment = { issue: Number(n), id: 500 + comments.length, body: (await readBody(req)).body };
        comments.push(comment);
        json(res, 201, { id: comment.id, body: comment.body });
      },
    ],
    [
      'PATCH',
      /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/,
      async (req, res, [id]) => {
        const comment = comments.find((c) => c.id === Number(id));
        comment.body = (await readBody(req)).body;
        json(res, 200, { id: comment.id, body: comment.body });
      },
    ],
    [
      'GET',
      /^\/repos\/[^/]+\/[^/]+\/pulls\/\d+\/files/,
      (req, res) =>
        json(res, 200, [
          {
            filename: 'src/values.ts',
            status: 'modified',
            additions: 1,
            deletions: 1,
            changes: 2,
            patch: PATCH,
            sha: 'f'.repeat(40),
          },
        ]),
    ],
  ];
  const server = await listen(async (req, res) => {
    const target = (req.url ?? '/').replace(/^\/api\/v3/, '');
    for (const [method, pattern, handle] of routes) {
      const match = req.method === method ? pattern.exec(target) : null;
      if (match) return handle(req, res, match.slice(1));
    }
    await readBody(req).catch(() => undefined);
    json(res, 404, { message: `no stand-in for ${req.method} ${target}` });
  });
  return { ...server, reviews, comments };
}

/** Claude answering every call after `latencyMs`, with one finding on src/values.ts line 6. */
export async function startClaude(latencyMs) {
  let calls = 0;
  const server = await listen(async (req, res) => {
    await readBody(req);
    calls++;
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: `msg_${calls}`,
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-5-5',
        content: [
          {
            type: 'tool_use',
            id: `toolu_${calls}`,
            name: 'submit_review',
            input: {
              summary: 'Division by zero.',
              comments: [{ path: 'src/values.ts', line: 6, severity: 'major', body: 'v6 becomes Infinity.' }],
            },
          },
        ],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: {
          input_tokens: 1200,
          output_tokens: 150,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      }),
    );
  });
  return { ...server, calls: () => calls };
}
