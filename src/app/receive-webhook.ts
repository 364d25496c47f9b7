import type { IncomingMessage, ServerResponse } from 'node:http';
import { verify } from '@octokit/webhooks-methods';
import type { Probot } from 'probot';
import { StoreUnavailableError, type WebhookEvent } from '../intake/enqueue-events.js';

const MAX_BODY_BYTES = 25 * 1024 * 1024; // GitHub caps webhook payloads at 25 MB

/**
 * One webhook delivery: the `X-Hub-Signature-256` is checked first with @octokit/webhooks-methods (what
 * Probot uses; a request not signed with the webhook secret gets 401 and reaches nothing else), then
 * `handle` stores the job; only then is GitHub answered 200. A handler that fails makes it a 500, so the
 * delivery shows as failed on GitHub and can be redelivered.
 */
export async function receiveWebhook(
  handle: (event: WebhookEvent) => Promise<void>,
  log: Probot['log'],
  secret: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const answer = (status: number, message: string): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message }));
  };
  const body = await readBody(req);
  if (body === undefined) return answer(413, 'payload too large');
  const signature = req.headers['x-hub-signature-256'];
  const valid = typeof signature === 'string' && (await verify(secret, body, signature).catch(() => false));
  if (!valid)
    return answer(401, 'the X-Hub-Signature-256 header does not match the payload and the webhook secret');
  const name = req.headers['x-github-event'];
  const id = req.headers['x-github-delivery'];
  if (typeof name !== 'string' || typeof id !== 'string') {
    return answer(400, 'the X-GitHub-Event and X-GitHub-Delivery headers are required');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return answer(400, 'the payload is not JSON');
  }
  try {
    await handle({ id, name, payload });
    answer(200, 'ok');
  } catch (error) {
    if (error instanceof StoreUnavailableError) {
      // A 503 before GitHub's 10-second timeout: the delivery shows as failed and can be redelivered once the
      // store is back; a redelivery keeps its X-GitHub-Delivery id, so a job stored late is not stored twice.
      log.warn(
        { delivery: id, event: name, reason: error.message },
        'webhook refused: the job store is down',
      );
      return answer(
        503,
        `${error.message}; redeliver this delivery once it is back (deliveries are deduplicated)`,
      );
    }
    log.error({ err: error, delivery: id, event: name }, 'webhook handler failed');
    answer(500, 'the webhook could not be stored; redeliver it');
  }
}

// 'data' events rather than `for await`: the stream's async iterator costs a promise per chunk, measurable at
// thousands of webhooks a second (bench/intake).
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return; // the rest is read and dropped; the 413 has gone out
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      tooLarge = true;
      chunks.length = 0;
      resolve(undefined);
    });
    req.once('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks, size).toString('utf8')));
    req.once('error', reject);
  });
}
