import type { ToolComment } from './claude-fake.js';
import { startGitHubStandIn, type GitHubStandIn, type StandInRequest } from './github-stand-in.js';
import { quietGraphQL } from './github-graphql.js';
import { pullRequest } from './pull-request-scenario.js';

// A change too big to review in one GitHub body: 30 added files and a model answer with 600 findings over
// them, each carrying its own id ("PW-F0001") so a test can count where every one of them ended up. Per
// file: 18 findings on its lines (anchored; past `review.max_comments` they are overflow) and 2 on lines the
// file does not have (unanchored: outside the diff).

export const FILE_COUNT = 30;
export const FINDING_COUNT = 600;
const LINES = 40;
const SEVERITIES = ['critical', 'major', 'minor', 'nit'] as const;

/** The added files, `src/mod01.ts`…, each of 40 plain lines (nothing a built-in check would flag). */
export function manyFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let f = 1; f <= FILE_COUNT; f++) {
    const lines = Array.from({ length: LINES }, (_, i) => `export const value${f}x${i + 1} = ${i + 1};`);
    files[`src/mod${String(f).padStart(2, '0')}.ts`] = `${lines.join('\n')}\n`;
  }
  return files;
}

/** The submit_review input: 600 findings of ~300 characters, the ids in order. */
export function manyFindingsReview(): { summary: string; comments: ToolComment[] } {
  const comments: ToolComment[] = [];
  for (let f = 1; f <= FILE_COUNT; f++) {
    const path = `src/mod${String(f).padStart(2, '0')}.ts`;
    for (let k = 0; k < 20; k++) {
      const n = comments.length + 1;
      const anchored = k < 18;
      const line = anchored ? k + 1 : 900 + k;
      comments.push({
        path,
        line,
        severity: SEVERITIES[n % SEVERITIES.length]!,
        body:
          `${findingId(n)}: the value exported on line ${line} of ${path} is never checked before it is used ` +
          'further down, which makes the module fail in ways that are hard to trace; check it where it is ' +
          'read and return early with a clear error message instead of carrying on.',
        ...(anchored && k % 6 === 0 ? { suggestion: `export const value${f}x${line} = ${line} + 0;` } : {}),
      });
    }
  }
  return { summary: 'Many small problems across the new modules.', comments };
}

export function findingId(n: number): string {
  return `PW-F${String(n).padStart(4, '0')}`;
}

/** How many times each finding id occurs in `texts`, by id. */
export function findingIdCounts(texts: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const id of text.match(/PW-F\d{4}/g) ?? []) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Every one of the 600 ids, each exactly once. */
export function eachFindingOnce(): Map<string, number> {
  return new Map(Array.from({ length: FINDING_COUNT }, (_, i) => [findingId(i + 1), 1]));
}

export interface ManyFilesGitHubState {
  reviews: Array<{ id: number; body: string; comments: Array<{ body: string }> }>;
  comments: Array<{ id: number; body: string }>;
  checkRuns: Array<{ id: number; status: string; name: string; head_sha: string }>;
  /** Statuses answered to POST …/reviews, in order, before one is accepted (500: an outage; 422: refused). */
  failReviews: number[];
}

/** GitHub for Codertocat/Hello-World#2 adding the 30 files, remembering what is posted (like the real one). */
export async function startManyFilesGitHub(state: ManyFilesGitHubState): Promise<GitHubStandIn> {
  const files = manyFiles();
  const entries = Object.entries(files).map(([filename, content]) => {
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
  });
  const body = (req: StandInRequest) => (req.body as { body: string }).body;
  return startGitHubStandIn({
    'GET /repos/{owner}/{repo}/pulls/{pull_number}': () => ({ status: 200, body: pullRequest() }),
    'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': () => ({ status: 200, body: entries }),
    'POST /graphql': quietGraphQL,
    'GET /repos/{owner}/{repo}/contents/{path}': (req) => {
      const file = files[decodeURIComponent(req.params.path ?? '')];
      return file === undefined
        ? { status: 404, body: { message: 'Not Found' } }
        : { status: 200, body: file, headers: { 'content-type': 'text/plain; charset=utf-8' } };
    },
    'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': () => ({
      status: 200,
      body: state.reviews.map(({ id, body }) => ({ id, body })),
    }),
    'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews': (req) => {
      const failure = state.failReviews.shift();
      if (failure === 500) return { status: 500, body: { message: 'Server Error' } };
      if (failure === 422) {
        return {
          status: 422,
          body: { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] },
        };
      }
      const sent = req.body as ManyFilesGitHubState['reviews'][number];
      const review = { id: 900 + state.reviews.length, body: sent.body, comments: sent.comments ?? [] };
      state.reviews.push(review);
      return { status: 200, body: { id: review.id, body: review.body } };
    },
    'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': (req) => {
      const runs = state.checkRuns.filter((r) => r.head_sha === req.params.ref);
      return { status: 200, body: { total_count: runs.length, check_runs: runs } };
    },
    'POST /repos/{owner}/{repo}/check-runs': (req) => {
      const run = {
        id: 70 + state.checkRuns.length,
        status: 'in_progress',
        name: 'Pullwise',
        head_sha: (req.body as { head_sha: string }).head_sha,
      };
      state.checkRuns.push(run);
      return { status: 201, body: run };
    },
    'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': (req) => {
      const run = state.checkRuns.find((r) => String(r.id) === req.params.check_run_id)!;
      run.status = (req.body as { status?: string }).status ?? run.status;
      return { status: 200, body: run };
    },
    'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': () => ({
      status: 200,
      body: state.comments,
    }),
    'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': (req) => {
      const comment = { id: 500 + state.comments.length, body: body(req) };
      state.comments.push(comment);
      return { status: 201, body: comment };
    },
    'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': (req) => {
      const comment = state.comments.find((c) => String(c.id) === req.params.comment_id)!;
      comment.body = body(req);
      return { status: 200, body: comment };
    },
  });
}

/** A follow-up comment of a review: it carries the hidden marker of the findings that did not fit. */
export const isFollowUp = (text: string) => text.includes('<!-- pullwise:more-findings ');
