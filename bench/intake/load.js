// The load: autocannon, keep-alive connections, one request in flight per connection. Every request carries
// one of the pre-signed bodies (round robin) and a fresh `x-github-delivery`, so each one is a new delivery
// and — for ours — a new job.
//
// Two things autocannon does not offer are added through its `setupClient` hook, which sees each connection
// before it sends anything (both use the connection's `_doRequest`, `reqsMade` and `responseMax`, internals
// of autocannon 9's client):
// - a drained stop: at the deadline each connection stops sending and waits for the answer it is waiting
//   for, so every request sent is answered. (autocannon's `duration` drops the requests in flight, which the
//   server may still store: jobs stored and 2xx answers could then not be compared.)
// - an even pace for the fixed rate (see pacer).
// Times are taken from autocannon's per-response event (high resolution, from writing the request to the end
// of the response) rather than its summary histogram, which rounds to whole milliseconds.

import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

/**
 * autocannon's own rate limit (`overallRate`) lets each connection send its share of the second back to back,
 * then wait for the next second: bursts, not a steady rate. Here connection i sends at
 * start + i·(1/rate) + k·(connections/rate): together, one request every 1/rate seconds. A request that is due
 * while the previous answer is still awaited goes out as soon as that answer arrives.
 */
function pace(client, { rate, connections, start, index }) {
  const interval = (1000 * connections) / rate;
  let due = start + (index * interval) / connections;
  const send = client._doRequest;
  client._doRequest = function paced(...args) {
    const wait = due - performance.now();
    due += interval;
    if (wait <= 0) return send.apply(this, args);
    setTimeout(() => {
      if (!this.destroyed) send.apply(this, args);
    }, wait);
  };
}

const percentile = (sorted, q) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

/**
 * @param {{ url: string, bodies: Array<{ body: Buffer, signature: string }>, connections: number,
 *   seconds: number, rate?: number }} options `rate`: requests per second (all connections together);
 *   without it, as fast as the answers come.
 */
export async function fire({ url, bodies, connections, seconds, rate }) {
  let turn = 0;
  const clients = [];
  const start = performance.now() + (rate ? 50 : 0); // a paced run leaves its connections time to open
  const instance = autocannon({
    url,
    connections,
    pipelining: 1,
    timeout: 30,
    amount: 1_000_000 * connections, // never reached: the deadline below ends the run
    setupClient: (client) => {
      if (rate) pace(client, { rate, connections, start, index: clients.length });
      clients.push(client);
    },
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const { body, signature } = bodies[turn++ % bodies.length];
          return {
            ...request,
            headers: {
              'content-type': 'application/json',
              'user-agent': 'GitHub-Hookshot/bench',
              'x-github-event': 'pull_request',
              'x-github-delivery': randomUUID(),
              'x-hub-signature-256': signature,
            },
            body,
          };
        },
      },
    ],
  });
  const latencies = [];
  let lastAnswer = start;
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    lastAnswer = performance.now();
    if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
  });
  const deadline = setTimeout(
    () => {
      // The next request a connection would send, it does not: autocannon closes it instead.
      for (const client of clients) client.responseMax = Math.max(1, client.reqsMade);
    },
    start - performance.now() + seconds * 1000,
  );
  const result = await instance;
  clearTimeout(deadline);

  const elapsed = (lastAnswer - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    seconds: elapsed,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    requestsPerSecond: elapsed > 0 ? result['2xx'] / elapsed : 0,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    p999: percentile(latencies, 0.999),
    max: latencies.at(-1) ?? NaN,
  };
}
