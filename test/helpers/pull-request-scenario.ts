import { instructionCandidates } from '../../src/core/config/instruction-files.js';
import type { GitHubMock, RecordedRequest } from './github-mock.js';
import type { MemoryGitHub, MemoryPullRequest } from './memory-github.js';
import type { CommandJobPayload, ReviewJobPayload } from '../../src/intake/job-payloads.js';

/** What a scenario needs of a GitHub mock: nock's (`mockGitHub`) or the HTTP one (`startGitHubHttpMock`). */
export type GitHubRoutes = { on: (...args: Parameters<GitHubMock['on']>) => unknown };

export const REPO = '/repos/Codertocat/Hello-World';
export const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
export const BASE = '34c5c7793cb3b279e22454cb6750c80560547b3a';

export const FILE_BEFORE =
  Array.from({ length: 12 }, (_, i) => `const v${i + 1} = ${i + 1};`).join('\n') + '\n';
export const FILE_AFTER = FILE_BEFORE.replace('const v6 = 6;', 'const v6 = 6 / 0;');
/** The patch GitHub's "list pull request files" gives for that change. */
export const PATCH =
  '@@ -3,7 +3,7 @@\n const v3 = 3;\n const v4 = 4;\n const v5 = 5;\n-const v6 = 6;\n+const v6 = 6 / 0;\n const v7 = 7;\n const v8 = 8;\n const v9 = 9;';

/** Codertocat/Hello-World#2 as "get a pull request" returns it (the fields the jobs read). */
export function pullRequest(headSha = HEAD, overrides: Record<string, unknown> = {}) {
  return {
    number: 2,
    state: 'open',
    draft: false,
    title: 'Update the values',
    body: 'Changes v6.',
    html_url: 'https://github.com/Codertocat/Hello-World/pull/2',
    head: { sha: headSha, ref: 'feature', repo: { full_name: 'Codertocat/Hello-World' } },
    base: { sha: BASE, ref: 'main', repo: { full_name: 'Codertocat/Hello-World' } },
    ...overrides,
  };
}

/** The one changed file, as "list pull request files" and "compare commits" return it. */
export const CHANGED_FILE = {
  filename: 'src/values.ts',
  status: 'modified',
  additions: 1,
  deletions: 1,
  changes: 2,
  patch: PATCH,
};

export interface ScenarioOptions {
  number?: number;
  headSha?: string;
  config?: string;
  previousReviews?: Array<{ id: number; body: string }>;
  draft?: boolean;
  /** The base repository's clone URL in "get a pull request" (for jobs that check the PR out). */
  cloneUrl?: string;
  /** The head repository's full name in "get a pull request" (a fork's, for fork PRs). */
  headRepo?: string;
  /** The changed file's content at the head and its patch (default: FILE_AFTER and PATCH). */
  change?: { after: string; patch: string };
  /** Files the pull request adds besides src/values.ts, with their whole content. */
  addedFiles?: Record<string, string>;
  /** Replies for POST …/reviews in order (default: one 200). */
  reviewReplies?: Array<{ status: number; body?: unknown; headers?: Record<string, string> }>;
}

/**
 * Every GitHub call a review job makes for Codertocat/Hello-World#2 (the example payloads' repo), answered
 * like GitHub would. Tests read what was sent from `gh.requests`.
 */
export function mockReviewScenario(gh: GitHubRoutes, options: ScenarioOptions = {}): void {
  const number = options.number ?? 2;
  const head = options.headSha ?? HEAD;
  const pr = `${REPO}/pulls/${number}`;
  gh.on('POST', '/app/installations/1/access_tokens', {
    status: 201,
    body: {
      token: 'ghs_installation_token_for_tests',
      expires_at: new Date(Date.now() + 3600_000).toISOString(),
    },
  });
  const base = options.cloneUrl
    ? {
        base: {
          sha: BASE,
          ref: 'main',
          repo: { full_name: 'Codertocat/Hello-World', clone_url: options.cloneUrl },
        },
      }
    : {};
  const headRepo = options.headRepo
    ? { head: { sha: head, ref: 'feature', repo: { full_name: options.headRepo } } }
    : {};
  gh.on('GET', pr, {
    body: pullRequest(head, { number, draft: options.draft ?? false, ...base, ...headRepo }),
  });
  gh.on(
    'GET',
    `${REPO}/contents/.github%2Fpullwise.yml?ref=main`,
    options.config === undefined
      ? { status: 404, body: { message: 'Not Found' } }
      : { body: options.config, headers: { 'content-type': 'application/vnd.github.raw' } },
  );
  gh.on('GET', `${pr}/reviews?per_page=100`, { body: options.previousReviews ?? [] });
  gh.on('GET', `${REPO}/commits/${head}/check-runs?check_name=Pullwise`, {
    body: { total_count: 0, check_runs: [] },
  });
  gh.on('POST', `${REPO}/check-runs`, { status: 201, body: { id: 77 } });
  // Issue comments are stateful, so the tracking comment is found again and edited in place.
  const comments: Array<{ id: number; body: string }> = [];
  const writes = options.config && /max_comments: ten/.test(options.config) ? 2 : 1;
  gh.on('GET', `${REPO}/issues/${number}/comments?per_page=100`, () => ({ body: comments }), {
    times: writes + 1,
  });
  gh.on(
    'POST',
    `${REPO}/issues/${number}/comments`,
    (req) => {
      const comment = { id: 500 + comments.length, body: (req.body as { body: string }).body };
      comments.push(comment);
      return { status: 201, body: comment };
    },
    { times: writes },
  );
  gh.on('PATCH', `${REPO}/issues/comments/500`, (req) => {
    comments[0]!.body = (req.body as { body: string }).body;
    return { body: comments[0] };
  });
  const added = Object.entries(options.addedFiles ?? {});
  gh.on('GET', `${pr}/files?per_page=100`, {
    body: [
      { ...CHANGED_FILE, patch: options.change?.patch ?? PATCH, sha: 'f'.repeat(40) },
      ...added.map(([filename, content]) => addedFileEntry(filename, content)),
    ],
  });
  for (const [filename, content] of added) {
    gh.on('GET', `${REPO}/contents/${encodeURIComponent(filename)}?ref=${head}`, {
      body: content,
      headers: { 'content-type': 'application/vnd.github.raw' },
    });
  }
  gh.on('GET', `${REPO}/contents/src%2Fvalues.ts?ref=${head}`, {
    body: options.change?.after ?? FILE_AFTER,
    headers: { 'content-type': 'application/vnd.github.raw' },
  });
  gh.on('GET', `${REPO}/contents/.gitattributes?ref=${head}`, {
    status: 404,
    body: { message: 'Not Found' },
  });
  mockNoInstructionFiles(gh, ['src/values.ts', ...added.map(([filename]) => filename)]);
  for (const answer of options.reviewReplies ?? [{ status: 200 }]) {
    gh.on('POST', `${pr}/reviews`, {
      status: answer.status,
      body: answer.body ?? { id: 900 },
      headers: answer.headers ?? {},
    });
  }
  gh.on('PATCH', `${REPO}/check-runs/77`, { body: { id: 77 } });
}

/**
 * The base branch has none of the instruction files a review of `changedPaths` looks for (AGENTS.md…): each
 * read answers 404, `times` times (one review's worth by default).
 */
export function mockNoInstructionFiles(
  gh: GitHubRoutes,
  changedPaths: string[],
  { base = BASE, times = 1 }: { base?: string; times?: number } = {},
): void {
  for (const file of instructionCandidates(changedPaths)) {
    gh.on(
      'GET',
      `${REPO}/contents/${encodeURIComponent(file)}?ref=${base}`,
      { status: 404, body: { message: 'Not Found' } },
      { times },
    );
  }
}

export const reviewsPosted = (requests: RecordedRequest[]) =>
  requests.filter((r) => r.method === 'POST' && /\/pulls\/\d+\/reviews$/.test(r.path));

/** An added file as "list pull request files" returns it: every line in one hunk from line 1. */
function addedFileEntry(filename: string, content: string) {
  const lines = content.replace(/\n$/, '').split('\n');
  return {
    filename,
    status: 'added',
    additions: lines.length,
    deletions: 0,
    changes: lines.length,
    patch: `@@ -0,0 +1,${lines.length} @@\n${lines.map((line) => `+${line}`).join('\n')}`,
    sha: 'e'.repeat(40),
  };
}

/**
 * The same pull request on the in-memory GitHub (`MemoryGitHub`), for handler tests: Codertocat/Hello-World#2
 * with its one changed file, its content at the head, and `config` on the base branch.
 */
export function memoryReviewScenario(
  gh: MemoryGitHub,
  options: {
    config?: string;
    headSha?: string;
    cloneUrl?: string;
    headRepo?: string;
    /** More files on the base commit and on the head (as if the PR changed them too). */
    baseFiles?: Record<string, string>;
    headFiles?: Record<string, string>;
  } = {},
): MemoryPullRequest {
  const head = options.headSha ?? HEAD;
  gh.addRepository('Codertocat/Hello-World', {
    ...(options.cloneUrl ? { cloneUrl: options.cloneUrl } : {}),
    files: {
      main: options.config === undefined ? {} : { '.github/pullwise.yml': options.config },
      [BASE]: options.baseFiles ?? {},
      [head]: { 'src/values.ts': FILE_AFTER, ...options.headFiles },
    },
    permissions: { Codertocat: 'admin' },
  });
  const pr = pullRequest(head);
  return gh.addPullRequest('Codertocat/Hello-World', {
    number: pr.number,
    title: pr.title,
    body: pr.body,
    head: { sha: head, ref: 'feature', repoFullName: options.headRepo ?? 'Codertocat/Hello-World' },
    base: {
      sha: BASE,
      ref: 'main',
      repoFullName: 'Codertocat/Hello-World',
      cloneUrl: options.cloneUrl ?? 'https://github.com/Codertocat/Hello-World.git',
    },
    files: [{ ...CHANGED_FILE, sha: 'f'.repeat(40) }],
    diff: `diff --git a/src/values.ts b/src/values.ts\n--- a/src/values.ts\n+++ b/src/values.ts\n${PATCH}\n`,
  });
}

/** The review job's payload for the scenario's pull request (#2, opened by Codertocat), with `overrides`. */
export function reviewPayload(overrides: Partial<ReviewJobPayload> = {}): ReviewJobPayload {
  return {
    owner: 'Codertocat',
    repo: 'Hello-World',
    pull_number: 2,
    sender: { login: 'Codertocat', type: 'User' },
    trigger: 'opened',
    ...overrides,
  };
}

/** A command comment `body` by Codertocat on the scenario's pull request, answered in its conversation. */
export function commandPayload(body: string, overrides: Partial<CommandJobPayload> = {}): CommandJobPayload {
  return {
    owner: 'Codertocat',
    repo: 'Hello-World',
    issue_number: 2,
    isPullRequest: true,
    commentBody: body,
    commenter: { login: 'Codertocat', type: 'User' },
    replyTo: { kind: 'issue', issue_number: 2 },
    ...overrides,
  };
}
