// The load: autocannon, keep-alive connections, one request in flight per connection. Every request carries
// one of the pre-signed bodies (round robin) and a fresh `x-github-delivery`, so each one is a new delivery
// and — for ours — a new job.
//
// Times are taken from autocannon's per-response event (high resolution, from writing the request to the
// end of the response) rather than its summary histogram, which rounds to whole milliseconds.

import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

/**
 * autocannon's own rate limit (`overallRate`) lets each connection send its share of the second back to back,
 * then wait for the next second: bursts, not a steady rate. `setupClient` runs before a connection sends
 * anything, so we pace each one instead: connection i sends at start + i·(1/rate) + k·(connections/rate).
 * Together they send one request every 1/rate seconds. A request that is due while the previous answer is
 * still awaited goes out as soon as that answer arrives (and then the connection catches up).
 */
function pacer(rate, connections) {
  const interval = (1000 * connections) / rate;
  const start = performance.now() + 50;
  let next = 0;
  return (client) => {
    let due = start + (next++ * interval) / connections;
    const send = client._doRequest;
    client._doRequest = function paced(...args) {
      const wait = due - performance.now();
      due += interval;
      if (wait <= 0) return send.apply(this, args);
      setTimeout(() => {
        if (!this.destroyed) send.apply(this, args);
      }, wait);
    };
  };
}

const percentile = (sorted, q) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

/**
 * @param {{ url: string, bodies: Array<{ body: Buffer, signature: string }>, connections: number,
 *   amount?: number, duration?: number, rate?: number, maxSeconds?: number }} options
 *   `amount`: stop after exactly that many answers (every request sent is answered, so stored jobs can be
 *   compared with 2xx answers); `duration`: stop after that many seconds (requests in flight are dropped).
 */
export async function fire({ url, bodies, connections, amount, duration, rate, maxSeconds = 60 }) {
  let turn = 0;
  const latencies = [];
  const instance = autocannon({
    url,
    connections,
    pipelining: 1,
    timeout: 30,
    ...(amount ? { amount } : { duration }),
    ...(rate ? { setupClient: pacer(rate, connections) } : {}),
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
  const started = performance.now();
  let lastAnswer = started;
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    lastAnswer = performance.now();
    if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
  });
  const guard = setTimeout(() => instance.stop(), maxSeconds * 1000);
  const result = await instance;
  clearTimeout(guard);

  const seconds = (lastAnswer - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    seconds,
    sent: result.requests.sent,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: result.statusCodeStats,
    requestsPerSecond: seconds > 0 ? result['2xx'] / seconds : 0,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    p999: percentile(latencies, 0.999),
    max: latencies.at(-1) ?? NaN,
  };
}
