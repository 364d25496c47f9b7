// The webhook bodies the intake benchmark sends: GitHub's own `pull_request` `opened` examples
// (@octokit/webhooks-examples), each copied with its own pull request number so that jobs get different keys.
// A signature depends on the body only, so every body is signed once here; each request then only needs a
// fresh `x-github-delivery` (see load.js).

import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const WEBHOOK_SECRET = 'bench-intake-webhook-secret';

export const sign = (body, secret = WEBHOOK_SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/**
 * @param {number} count how many distinct pull requests (numbers 1..count)
 * @returns {{ bodies: Array<{ body: Buffer, signature: string }>, examples: number, bytes: number }}
 */
export function signedPullRequestOpened(count) {
  /** @type {Array<{ name: string, examples: Array<Record<string, any>> }>} */
  const index = require('@octokit/webhooks-examples');
  const examples = index
    .find((entry) => entry.name === 'pull_request')
    .examples.filter((example) => example.action === 'opened');
  if (examples.length === 0) throw new Error('@octokit/webhooks-examples has no pull_request.opened example');

  const bodies = [];
  for (let i = 0; i < count; i++) {
    const payload = structuredClone(examples[i % examples.length]);
    const number = i + 1;
    payload.number = number;
    payload.pull_request.number = number;
    const body = Buffer.from(JSON.stringify(payload));
    bodies.push({ body, signature: sign(body) });
  }
  const bytes = Math.round(bodies.reduce((sum, b) => sum + b.body.length, 0) / bodies.length);
  return { bodies, examples: examples.length, bytes };
}
