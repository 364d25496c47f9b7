import * as z from 'zod';
import { SECRET_RULE_IDS } from '../checks/secrets/rule-ids.js';
import { SEVERITIES } from '../findings/finding.js';
import {
  choice,
  flag,
  glob,
  list,
  mapOf,
  nonEmptyText,
  describeValue,
  nonNegativeNumber,
  positiveNumber,
  section,
  regexText,
  text,
  wholeNumber,
} from './fields.js';
import { closestKey } from './closest-key.js';

// The schema of `.github/pullwise.yml`. Keys stay snake_case, as users write them, in the parsed object too.
// Sections use `prefault({})` rather than `default({})`: zod v4 returns a default as is, while a prefault is
// parsed, so an absent section gets every one of its own defaults.

const pathInstruction = section({
  path: glob().describe('Glob of the files these instructions apply to, e.g. "src/api/**".'),
  instructions: nonEmptyText().describe('Guidance for the reviewer on files matching `path`.'),
});

const review = section({
  instructions: text()
    .default('')
    .describe('Extra review guidance for this repository, appended to the system prompt.'),
  path_instructions: list(pathInstruction, '{ path, instructions } entries')
    .default([])
    .describe('Guidance for files matching a glob, added when such files are reviewed.'),
  ignore: list(glob(), 'glob patterns')
    .default([])
    .describe(
      'Globs of files never reviewed (listed as skipped: ignored). A glob without a slash matches a name at any depth.',
    ),
  generated: list(glob(), 'glob patterns')
    .default([])
    .describe('Extra globs of generated code, skipped like the built-in list (skipped: generated).'),
  max_comments: wholeNumber(1, 100)
    .default(25)
    .describe('Most inline comments per review; the rest are summarised in the review body.'),
  min_severity: choice(SEVERITIES)
    .default('nit')
    .describe('Findings less severe than this are not posted (critical > major > minor > nit).'),
  fail_on: choice(['none', ...SEVERITIES])
    .default('none')
    .describe('Fail the check when a finding is at least this severe; the CLI --fail-on flag overrides it.'),
  context_lines: wholeNumber(0, 200)
    .default(10)
    .describe('Extra lines of surrounding code sent to the model around each diff hunk.'),
  tools: flag()
    .default(false)
    .describe(
      'Let the reviewer read the checkout (view files, search code, list files) before it reports (App and Action).',
    ),
  max_tool_turns: wholeNumber(1, 50)
    .default(8)
    .describe(
      'Most model turns spent reading the checkout before the review is reported, when `tools` is on.',
    ),
  verify_command: text()
    .default('')
    .describe(
      'A command run in the sandbox with each suggestion applied (e.g. "npm test"); passing suggestions are marked verified, failing ones are posted without the suggestion block.',
    ),
  on_push: choice(['all', 'severe', 'off'])
    .default('severe')
    .describe(
      'After the first review of a pull request, what a push gets: severe = new inline comments at major and above only (the rest listed in the review body), all = every finding inline, off = no review (`@pullwise review` still runs one).',
    ),
  resolve_addressed: flag()
    .default(true)
    .describe(
      "Resolve Pullwise's review threads whose finding a push addressed (each gets a short reply saying how); false: reply only.",
    ),
});

const fix = section({
  label: nonEmptyText()
    .default('pullwise')
    .describe('Adding this label to an issue asks Pullwise for a draft pull request that fixes it.'),
  test_command: text()
    .default('')
    .describe(
      'The command that runs the repository\'s tests in the sandbox after a fix (e.g. "npm ci && npm test"); empty: no tests are run and the PR says so.',
    ),
  test_timeout_seconds: wholeNumber(10, 3600).default(600).describe('Time limit of the test command.'),
  command_timeout_seconds: wholeNumber(1, 3600)
    .default(120)
    .describe('Time limit of each command the agent runs.'),
  memory_mb: wholeNumber(64, 65_536)
    .default(2048)
    .describe('Memory limit of each sandboxed command, in MiB.'),
  push_on_failure: flag()
    .default(false)
    .describe('Push the work branch (without opening a PR) when the tests fail, so a human can continue it.'),
  instructions: text().default('').describe('Extra guidance for the fixing agent in this repository.'),
  max_turns: wholeNumber(1, 200).default(40).describe('Most model turns of one fix.'),
  max_usd: positiveNumber().default(5).describe('Most spend of one fix, in US dollars.'),
  max_total_tokens: wholeNumber(1000)
    .default(4_000_000)
    .describe('Most tokens of one fix, including prompt-cache reads.'),
});

const secretsSettings = section({
  enabled: flag().default(true).describe('Flag credentials and keys added by the change.'),
  allow: list(regexText(), 'regular expressions')
    .default([])
    .describe(
      'Regular expressions of values that are not secrets (test fixtures, public keys): a credential, or a line, matching one is not reported.',
    ),
  allow_paths: list(glob(), 'glob patterns')
    .default([])
    .describe('Globs of files whose credentials are not reported, e.g. "test/fixtures/**".'),
  rules: mapOf(flag(), 'rule ids to true or false')
    .default({})
    .superRefine((rules, ctx) => {
      for (const id of Object.keys(rules)) {
        if (SECRET_RULE_IDS.includes(id)) continue;
        const closest = closestKey(id, SECRET_RULE_IDS);
        ctx.addIssue({
          code: 'custom',
          path: [id],
          message: `unknown secret rule "${id}"${closest ? ` (did you mean "${closest}"?)` : ''}`,
        });
      }
    })
    .describe(
      'Rules switched on or off by id (e.g. `jwt: false`); every rule is on unless switched off here.',
    ),
});

/** `secrets: false` is short for `secrets: { enabled: false }`. */
const secrets = z
  .union([flag(), secretsSettings], {
    error: (issue) => `expected true or false, or a mapping of settings, got ${describeValue(issue.input)}`,
  })
  .transform((value) => (typeof value === 'boolean' ? secretsSettings.parse({ enabled: value }) : value));

const checks = section({
  secrets: secrets
    .prefault(true)
    .describe(
      'Flag credentials and keys added by the change: true, false, or { enabled, allow, allow_paths, rules }.',
    ),
  conflict_markers: flag().default(true).describe('Flag leftover merge conflict markers.'),
  debug_leftovers: flag().default(true).describe('Flag debugging leftovers such as debugger statements.'),
  bidi_controls: flag()
    .default(true)
    .describe('Flag invisible bidirectional control characters (Trojan Source).'),
  large_files: flag().default(true).describe('Flag added files larger than `large_file_bytes`.'),
  large_file_bytes: wholeNumber(1)
    .default(1_048_576)
    .describe('Size in bytes above which an added file is flagged by the `large_files` check.'),
});

const budget = section({
  max_calls: wholeNumber(1, 200).default(10).describe('Most model calls per review.'),
  max_input_tokens_per_call: wholeNumber(1000, 900_000)
    .default(40_000)
    .describe('Most input tokens sent in one model call; larger diffs are split into chunks.'),
  max_output_tokens: wholeNumber(256, 128_000).default(8192).describe('Most output tokens per model call.'),
  max_total_tokens: wholeNumber(1000)
    .default(600_000)
    .describe('Most input plus output tokens over the whole job.'),
  max_usd: positiveNumber().default(2).describe('Most spend per job, in US dollars.'),
  timeout_seconds: wholeNumber(1, 3600).default(300).describe('Time limit of one model call, in seconds.'),
  max_retries: wholeNumber(0, 10)
    .default(4)
    .describe('Retries of a model call after a 429, 529, 5xx or connection error.'),
});

const triggers = section({
  phrase: nonEmptyText()
    .default('@pullwise')
    .describe('The phrase that starts a command in a comment, e.g. "@pullwise review".'),
  auto_review: flag().default(true).describe('Review pull requests when they are opened and on every push.'),
  drafts: flag().default(false).describe('Also review draft pull requests automatically.'),
  allow_bots: list(nonEmptyText(), 'bot logins')
    .default([])
    .describe('Bot accounts (e.g. "dependabot[bot]") whose pull requests and comments may trigger Pullwise.'),
  unauthorized_reply: text()
    .default('Only collaborators with write access can ask Pullwise to run.')
    .describe('Reply to a command from someone without write access; empty for no reply.'),
  describe: choice(['on_open', 'on_push', 'off'])
    .default('off')
    .describe(
      'When the walkthrough of a pull request is written: on_open = when it is opened, on_push = on every push too, off = never automatically.',
    ),
});

const describeLabel = section({
  name: nonEmptyText().describe('The label, as it is named in the repository.'),
  when: nonEmptyText().describe(
    'When the change deserves the label, e.g. "the change touches the database schema".',
  ),
});

const describeSettings = section({
  mode: choice(['body', 'comment'])
    .default('body')
    .describe(
      "Where the walkthrough goes: body = a marked section of the pull request's body (the author's text is never touched), comment = a comment of its own.",
    ),
  diagram: flag()
    .default(false)
    .describe('Add a Mermaid sequence diagram when the change alters a flow between components.'),
  labels: list(describeLabel, '{ name, when } entries')
    .default([])
    .describe('Labels the walkthrough may add, each with when it applies; only these names are ever added.'),
});

const modelPrice = section({
  input: nonNegativeNumber().describe('USD per million input tokens.'),
  output: nonNegativeNumber().describe('USD per million output tokens.'),
  cache_write: nonNegativeNumber().describe('USD per million tokens written to the prompt cache.'),
  cache_read: nonNegativeNumber().describe('USD per million tokens read from the prompt cache.'),
});

/** Where Claude is reached: Anthropic's API, or the cloud a team already has (Amazon Bedrock, Google Vertex AI). */
export const PROVIDERS = ['anthropic', 'bedrock', 'vertex'] as const;

export const configSchema = section({
  model: nonEmptyText().default('claude-sonnet-5-5').describe('Claude model id used for reviews.'),
  provider: choice(PROVIDERS)
    .optional()
    .describe(
      'Where the Action and the CLI reach Claude: anthropic (the default), bedrock or vertex. The App uses PULLWISE_PROVIDER; a repository cannot change it.',
    ),
  model_id: nonEmptyText()
    .optional()
    .describe(
      "The platform's own id for `model` (a Bedrock model id, inference profile or ARN; a Vertex model id), when the built-in mapping is not the one wanted.",
    ),
  review: review.prefault({}).describe('What is reviewed and how findings are posted.'),
  checks: checks.prefault({}).describe('Built-in deterministic checks, run with or without a model.'),
  budget: budget.prefault({}).describe('Limits on model calls, tokens, time and cost.'),
  fix: fix.prefault({}).describe('Issue → draft pull request and `fix` commands: tests, limits, label.'),
  sandbox: choice(['bubblewrap', 'none'])
    .default('bubblewrap')
    .describe(
      'Where the agent\'s commands run: a bubblewrap sandbox, or "none" (plain processes) on throwaway CI runners only.',
    ),
  describe: describeSettings
    .prefault({})
    .describe('The walkthrough of a pull request: where it goes, the diagram, the labels it may add.'),
  triggers: triggers
    .prefault({})
    .describe('What starts Pullwise on GitHub: pushes, drafts, bots and commands.'),
  prices: mapOf(modelPrice, 'model id to { input, output, cache_write, cache_read }')
    .default({})
    .describe(
      "Prices per model id, in USD per million tokens, overriding the built-in price table. Keyed by `model`, a price is Anthropic's list price (Bedrock's and Vertex's regional endpoints add 10%); keyed by the platform's id, it is used as is.",
    ),
});

export type PullwiseConfig = z.infer<typeof configSchema>;

export function defaultConfig(): PullwiseConfig {
  return configSchema.parse({});
}
