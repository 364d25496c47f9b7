import { seededRandom } from '../../bench/secrets/expand.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The credentials a careless change adds, each in its provider's documented format (made at run time from a
 * seed, never real), with the lines that add them: the end-to-end tests' case for "a finding on each line,
 * and none of these strings anywhere Pullwise writes or sends".
 */
export function leakedSecrets(seed = 42) {
  const r = seededRandom(seed);
  const secrets = {
    awsKeyId: `AKIA${r.chars(UPPER, 16)}`,
    awsSecret: r.chars(`${BASE62}/+`, 40),
    stripeKey: `sk_live_${r.chars(BASE62, 24)}`,
    slackWebhook: `https://hooks.slack.com/services/T${r.chars(UPPER, 8)}/B${r.chars(UPPER, 10)}/${r.chars(BASE62, 24)}`,
    postgresPassword: r.chars(BASE62, 20),
    apiKey: r.chars(BASE62, 32),
  };
  const configLines = [
    `export const awsAccessKeyId = "${secrets.awsKeyId}";`,
    `export const AWS_SECRET_ACCESS_KEY = "${secrets.awsSecret}";`,
    `export const stripe = new Stripe("${secrets.stripeKey}");`,
    `export const alerts = "${secrets.slackWebhook}";`,
    `export const databaseUrl = "postgres://app:${secrets.postgresPassword}@db.internal:5432/app";`,
  ];
  const envLines = ['NODE_ENV=production', `API_KEY=${secrets.apiKey}`];
  // What must appear nowhere: each credential, and the Slack webhook's secret part on its own.
  const forbidden = [...Object.values(secrets), secrets.slackWebhook.split('/').at(-1)!];
  return { secrets, configLines, envLines, forbidden };
}

/** Where the findings must be when `configLines` are `src/config.ts` and `envLines` are `.env`. */
export const LEAKED_SECRET_LINES = [
  '.env:2',
  'src/config.ts:1',
  'src/config.ts:2',
  'src/config.ts:3',
  'src/config.ts:4',
  'src/config.ts:5',
];

/** The forbidden strings found in `text`. */
export function leaksIn(text: string, forbidden: readonly string[]): string[] {
  return forbidden.filter((secret) => text.includes(secret));
}
