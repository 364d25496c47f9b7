import { describe, expect, test } from '@jest/globals';
import { formatConfigProblems, parseConfig } from '../../../src/core/config/load-config.js';
import { defaultConfig, type PullwiseConfig } from '../../../src/core/config/schema.js';

const DEFAULTS: PullwiseConfig = {
  model: 'claude-sonnet-5-5',
  review: {
    instructions: '',
    path_instructions: [],
    ignore: [],
    generated: [],
    max_comments: 25,
    min_severity: 'nit',
    fail_on: 'none',
    context_lines: 10,
    tools: false,
    max_tool_turns: 8,
    verify_command: '',
    on_push: 'severe',
    resolve_addressed: true,
  },
  checks: {
    secrets: { enabled: true, allow: [], allow_paths: [], rules: {} },
    conflict_markers: true,
    debug_leftovers: true,
    bidi_controls: true,
    large_files: true,
    large_file_bytes: 1048576,
  },
  budget: {
    max_calls: 10,
    max_input_tokens_per_call: 40000,
    max_output_tokens: 8192,
    max_total_tokens: 600000,
    max_usd: 2,
    timeout_seconds: 300,
    max_retries: 4,
  },
  fix: {
    label: 'pullwise',
    test_command: '',
    test_timeout_seconds: 600,
    command_timeout_seconds: 120,
    memory_mb: 2048,
    push_on_failure: false,
    instructions: '',
    max_turns: 40,
    max_usd: 5,
    max_total_tokens: 4000000,
  },
  sandbox: 'bubblewrap',
  describe: { mode: 'body', diagram: false, labels: [] },
  triggers: {
    phrase: '@pullwise',
    auto_review: true,
    drafts: false,
    allow_bots: [],
    unauthorized_reply: 'Only collaborators with write access can ask Pullwise to run.',
    describe: 'off',
  },
  prices: {},
};

describe('defaultConfig', () => {
  test('holds the documented defaults', () => {
    expect(defaultConfig()).toEqual(DEFAULTS);
  });

  test('returns a fresh object each time, so a caller cannot change the defaults of the next job', () => {
    const first = defaultConfig();
    first.review.ignore.push('x');
    expect(defaultConfig().review.ignore).toEqual([]);
  });
});

describe('parseConfig on files that hold nothing', () => {
  test.each([
    ['no file', null],
    ['an empty file', ''],
    ['only whitespace', '  \n\t\n'],
    ['only comments', '# review:\n#   max_comments: 5\n'],
    ['an empty mapping', '{}'],
  ])('%s yields the defaults and no problems', (_name, text) => {
    expect(parseConfig(text)).toEqual({ config: DEFAULTS, problems: [] });
  });
});

describe('parseConfig on valid files', () => {
  test('a file setting every key round-trips', () => {
    const text = `
model: claude-opus-4-1
review:
  instructions: Prefer small functions.
  path_instructions:
    - path: "src/api/**"
      instructions: Check input validation.
  ignore: ["docs/**", "*.snap"]
  generated: ["src/gen/**"]
  max_comments: 40
  min_severity: minor
  fail_on: major
  context_lines: 0
  tools: true
  max_tool_turns: 3
  verify_command: npm test
  on_push: all
  resolve_addressed: false
checks:
  secrets: false
  conflict_markers: false
  debug_leftovers: false
  bidi_controls: false
  large_files: false
  large_file_bytes: 2048
budget:
  max_calls: 3
  max_input_tokens_per_call: 100000
  max_output_tokens: 4096
  max_total_tokens: 250000
  max_usd: 0.5
  timeout_seconds: 60
  max_retries: 0
fix:
  label: autofix
  test_command: npm ci && npm test
  test_timeout_seconds: 900
  command_timeout_seconds: 60
  memory_mb: 4096
  push_on_failure: true
  instructions: Keep changes minimal.
  max_turns: 20
  max_usd: 1.5
  max_total_tokens: 900000
sandbox: none
describe:
  mode: comment
  diagram: true
  labels:
    - name: database
      when: the change alters the database schema
triggers:
  phrase: "/review-bot"
  auto_review: false
  drafts: true
  allow_bots: ["dependabot[bot]"]
  unauthorized_reply: ""
  describe: on_push
prices:
  claude-opus-4-1: { input: 15, output: 75, cache_write: 18.75, cache_read: 1.5 }
`;
    expect(parseConfig(text)).toEqual({
      problems: [],
      config: {
        model: 'claude-opus-4-1',
        review: {
          instructions: 'Prefer small functions.',
          path_instructions: [{ path: 'src/api/**', instructions: 'Check input validation.' }],
          ignore: ['docs/**', '*.snap'],
          generated: ['src/gen/**'],
          max_comments: 40,
          min_severity: 'minor',
          fail_on: 'major',
          context_lines: 0,
          tools: true,
          max_tool_turns: 3,
          verify_command: 'npm test',
          on_push: 'all',
          resolve_addressed: false,
        },
        checks: {
          secrets: { enabled: false, allow: [], allow_paths: [], rules: {} },
          conflict_markers: false,
          debug_leftovers: false,
          bidi_controls: false,
          large_files: false,
          large_file_bytes: 2048,
        },
        budget: {
          max_calls: 3,
          max_input_tokens_per_call: 100000,
          max_output_tokens: 4096,
          max_total_tokens: 250000,
          max_usd: 0.5,
          timeout_seconds: 60,
          max_retries: 0,
        },
        fix: {
          label: 'autofix',
          test_command: 'npm ci && npm test',
          test_timeout_seconds: 900,
          command_timeout_seconds: 60,
          memory_mb: 4096,
          push_on_failure: true,
          instructions: 'Keep changes minimal.',
          max_turns: 20,
          max_usd: 1.5,
          max_total_tokens: 900000,
        },
        sandbox: 'none',
        describe: {
          mode: 'comment',
          diagram: true,
          labels: [{ name: 'database', when: 'the change alters the database schema' }],
        },
        triggers: {
          phrase: '/review-bot',
          auto_review: false,
          drafts: true,
          allow_bots: ['dependabot[bot]'],
          unauthorized_reply: '',
          describe: 'on_push',
        },
        prices: { 'claude-opus-4-1': { input: 15, output: 75, cache_write: 18.75, cache_read: 1.5 } },
      },
    });
  });

  test('a partial section keeps the defaults of its other keys and of the other sections', () => {
    const { config, problems } = parseConfig('review:\n  max_comments: 5\nbudget:\n  max_usd: 0.25\n');
    expect(problems).toEqual([]);
    expect(config).toEqual({
      ...DEFAULTS,
      review: { ...DEFAULTS.review, max_comments: 5 },
      budget: { ...DEFAULTS.budget, max_usd: 0.25 },
    });
  });

  test('a key left empty (every entry commented out) counts as not set', () => {
    const { config, problems } = parseConfig(
      'model:\nreview:\n#  max_comments: 5\nchecks:\n  secrets: false\n',
    );
    expect(problems).toEqual([]);
    expect(config).toEqual({
      ...DEFAULTS,
      checks: { ...DEFAULTS.checks, secrets: { ...DEFAULTS.checks.secrets, enabled: false } },
    });
  });
});

describe('parseConfig on files with problems', () => {
  test.each([
    {
      name: 'a word where a number belongs',
      text: 'review:\n  max_comments: ten\n',
      problems: [
        { key: 'review.max_comments', message: 'expected a whole number between 1 and 100, got "ten"' },
      ],
    },
    {
      name: 'a number above the range',
      text: 'review:\n  max_comments: 500\n',
      problems: [
        { key: 'review.max_comments', message: 'expected a whole number between 1 and 100, got 500' },
      ],
    },
    {
      name: 'a number below the range',
      text: 'budget:\n  max_retries: -1\n',
      problems: [{ key: 'budget.max_retries', message: 'expected a whole number between 0 and 10, got -1' }],
    },
    {
      name: 'a fraction where a whole number belongs',
      text: 'review:\n  context_lines: 2.5\n',
      problems: [
        { key: 'review.context_lines', message: 'expected a whole number between 0 and 200, got 2.5' },
      ],
    },
    {
      name: 'a zero budget in dollars',
      text: 'budget:\n  max_usd: 0\n',
      problems: [{ key: 'budget.max_usd', message: 'expected a number greater than 0, got 0' }],
    },
    {
      name: 'a word where true or false belongs',
      text: 'checks:\n  secrets: "yes"\n',
      problems: [
        { key: 'checks.secrets', message: 'expected true or false, or a mapping of settings, got "yes"' },
      ],
    },
    {
      name: 'an unknown secret rule, with the id it most likely meant',
      text: 'checks:\n  secrets:\n    rules:\n      jwtt: false\n',
      problems: [
        { key: 'checks.secrets.rules.jwtt', message: 'unknown secret rule "jwtt" (did you mean "jwt"?)' },
      ],
    },
    {
      name: 'an allow pattern that is not a regular expression',
      text: 'checks:\n  secrets:\n    allow: ["(test"]\n',
      problems: [
        {
          key: 'checks.secrets.allow[0]',
          message: 'expected a regular expression, got "(test": /(test/: Unterminated group',
        },
      ],
    },
    {
      name: 'an unknown key under checks.secrets',
      text: 'checks:\n  secrets:\n    allow_path: ["a/**"]\n',
      problems: [
        {
          key: 'checks.secrets.allow_path',
          message: 'unknown key "allow_path" (did you mean "allow_paths"?)',
        },
      ],
    },
    {
      name: 'an unknown severity',
      text: 'review:\n  fail_on: high\n',
      problems: [
        { key: 'review.fail_on', message: 'expected one of none, critical, major, minor, nit, got "high"' },
      ],
    },
    {
      name: 'a single glob where a list belongs',
      text: 'review:\n  ignore: "docs/**"\n',
      problems: [{ key: 'review.ignore', message: 'expected a list of glob patterns, got "docs/**"' }],
    },
    {
      name: 'a list where a section belongs',
      text: 'checks: [secrets]\n',
      problems: [{ key: 'checks', message: 'expected a mapping of settings, got a list' }],
    },
    {
      name: 'an empty glob in a list',
      text: 'review:\n  ignore: ["docs/**", ""]\n',
      problems: [
        { key: 'review.ignore[1]', message: expect.stringMatching(/^expected a glob pattern .* got ""$/) },
      ],
    },
    {
      name: 'a negated glob',
      text: 'review:\n  generated: ["!src/keep.ts"]\n',
      problems: [{ key: 'review.generated[0]', message: expect.stringContaining('not starting with "!"') }],
    },
    {
      name: 'a path instruction without a path',
      text: 'review:\n  path_instructions:\n    - path: "src/**"\n      instructions: ok\n    - instructions: Be strict.\n',
      problems: [{ key: 'review.path_instructions[1].path', message: expect.stringMatching(/got nothing$/) }],
    },
    {
      name: 'a describe label without its condition',
      text: 'describe:\n  labels:\n    - name: database\n',
      problems: [{ key: 'describe.labels[0].when', message: 'expected non-empty text, got nothing' }],
    },
    {
      name: 'an unknown describe trigger',
      text: 'triggers:\n  describe: always\n',
      problems: [
        { key: 'triggers.describe', message: 'expected one of on_open, on_push, off, got "always"' },
      ],
    },
    {
      name: 'a price with a missing field',
      text: 'prices:\n  my-model: { input: 1, output: 2, cache_write: 3 }\n',
      problems: [
        { key: 'prices.my-model.cache_read', message: 'expected a number of 0 or more, got nothing' },
      ],
    },
    {
      name: 'a model id with dots in a price key',
      text: 'prices:\n  vendor.model: { input: -1, output: 2, cache_write: 3, cache_read: 4 }\n',
      problems: [{ key: 'prices["vendor.model"].input', message: 'expected a number of 0 or more, got -1' }],
    },
  ])('$name is reported with its key path', ({ text, problems }) => {
    expect(parseConfig(text).problems).toEqual(problems);
  });

  test.each([
    ['a top-level typo', 'mdoel: claude-x\n', 'mdoel', 'unknown key "mdoel" (did you mean "model"?)'],
    [
      'a nested typo',
      'review:\n  max_coments: 5\n',
      'review.max_coments',
      'unknown key "max_coments" (did you mean "max_comments"?)',
    ],
    [
      'dashes for underscores',
      'budget:\n  max-usd: 1\n',
      'budget.max-usd',
      'unknown key "max-usd" (did you mean "max_usd"?)',
    ],
    [
      'a typo inside a price entry',
      'prices:\n  m: { input: 1, output: 2, cache_write: 3, cache_reed: 4 }\n',
      'prices.m.cache_reed',
      'unknown key "cache_reed" (did you mean "cache_read"?)',
    ],
    [
      'a key close to nothing',
      'checks:\n  linting: true\n',
      'checks.linting',
      'unknown key "linting"; the keys here are secrets, conflict_markers, debug_leftovers, bidi_controls, large_files, large_file_bytes',
    ],
  ])('%s is an unknown key, with a suggestion when one is close', (_name, text, key, message) => {
    const { problems } = parseConfig(text);
    expect(problems).toContainEqual({ key, message });
  });

  test('every problem in the file is reported, one per issue', () => {
    const { problems } = parseConfig('modle: x\nreview:\n  max_comments: 0\n  fail_on: high\n');
    expect(problems.map((problem) => problem.key).sort()).toEqual([
      'modle',
      'review.fail_on',
      'review.max_comments',
    ]);
  });

  test.each([
    ['a wrong value', 'model: claude-x\nreview:\n  max_comments: 0\n  min_severity: major\n'],
    ['an unknown key', 'model: claude-x\nbudget:\n  max_usd: 1\n  max_dollars: 3\n'],
    ['a YAML syntax error', 'model: claude-x\nreview:\n  max_comments: 5\n bad: 1\n'],
  ])('a file with %s runs on the full defaults, not on its valid parts', (_name, text) => {
    const { config, problems } = parseConfig(text);
    expect(problems).not.toEqual([]);
    expect(config).toEqual(DEFAULTS);
  });

  test('a YAML syntax error is one problem naming the line, the column and what is wrong', () => {
    const { problems } = parseConfig('review:\n  max_comments: 5\n  ignore: [docs/**\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.key).toBe('(file)');
    expect(problems[0]?.message).toMatch(
      /^\.github\/pullwise\.yml is not valid YAML: line 4, column \d+: .+/,
    );
  });

  test('a duplicated key is a YAML error on the line of the second one', () => {
    const { problems } = parseConfig('model: a\nreview: {}\nmodel: b\n', 'org/.github/pullwise.yml');
    expect(problems).toEqual([
      {
        key: '(file)',
        message: 'org/.github/pullwise.yml is not valid YAML: line 3, column 1: Map keys must be unique',
      },
    ]);
  });

  test.each([
    ['a list', '- model\n- review\n', 'got a list'],
    ['a bare word', 'model\n', 'got "model"'],
    ['a number', '42\n', 'got 42'],
  ])('a top level that is %s is a problem with the file', (_name, text, got) => {
    const { config, problems } = parseConfig(text);
    expect(config).toEqual(DEFAULTS);
    expect(problems).toEqual([
      {
        key: '(file)',
        message: `.github/pullwise.yml must be a mapping of settings such as "model: …", ${got}`,
      },
    ]);
  });
});

describe('formatConfigProblems', () => {
  test('names the file, says the defaults were used, and lists each key with its problem', () => {
    const { problems } = parseConfig('review:\n  max_comments: ten\nmdoel: x\n');
    expect(formatConfigProblems(problems, '.github/pullwise.yml')).toBe(
      [
        '`.github/pullwise.yml` has problems; Pullwise used the default configuration:',
        '- `review.max_comments`: expected a whole number between 1 and 100, got "ten"',
        '- `mdoel`: unknown key "mdoel" (did you mean "model"?)',
      ].join('\n'),
    );
  });

  test('lists a problem with the whole file without a key', () => {
    const text = formatConfigProblems(
      [{ key: '(file)', message: 'x is not valid YAML: line 1, column 2: oops' }],
      'x',
    );
    expect(text).toBe(
      '`x` has problems; Pullwise used the default configuration:\n- x is not valid YAML: line 1, column 2: oops',
    );
  });

  test('is empty when there is nothing to report', () => {
    expect(formatConfigProblems([], '.github/pullwise.yml')).toBe('');
  });
});
