import type { IncomingMessage, ServerResponse } from 'node:http';
import { verify } from '@octokit/webhooks-methods';

const MAX_BODY_BYTES = 25 * 1024 * 1024; // GitHub caps webhook payloads at 25 MB

/**
 * Reads a webhook and checks its `X-Hub-Signature-256` before anything else looks at it: a request that is
 * not signed with the webhook secret is answered 401 and never reaches Probot or the queue. (Probot would
 * reject it too, but with a 400.) The verified body is handed on as `req.body`, which Probot reads as is.
 */
export async function verifyWebhookSignature(
  req: IncomingMessage,
  res: ServerResponse,
  secret: string,
): Promise<boolean> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      res.writeHead(413, { 'content-type': 'application/json' }).end('{"error":"payload too large"}');
      return false;
    }
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks).toString('utf8');
  const signature = req.headers['x-hub-signature-256'];
  const valid = typeof signature === 'string' && (await verify(secret, body, signature).catch(() => false));
  if (!valid) {
    res
      .writeHead(401, { 'content-type': 'application/json' })
      .end('{"error":"the X-Hub-Signature-256 header does not match the payload and the webhook secret"}');
    return false;
  }
  (req as { body?: unknown }).body = body;
  return true;
}
