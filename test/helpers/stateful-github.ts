import {
  startGitHubStandIn,
  type GitHubStandIn,
  type StandInReply,
  type StandInRequest,
} from './github-stand-in.js';
import { CHANGED_FILE, FILE_AFTER, pullRequest } from './pull-request-scenario.js';
import { quietGraphQL } from './github-graphql.js';

// A loopback GitHub (every request checked against the OpenAPI description) that REMEMBERS what was posted,
// as the real one does across a server's restart or between several worker processes: reviews, comments
// and check runs per pull request. Any pull request number is Codertocat/Hello-World#n with the scenario's
// one-file change. `failWrites` makes writes answer with a status for a while (GitHub having a bad time).

export interface StatefulGitHub extends GitHubStandIn {
  reviews: Array<{ id: number; pull: number; body: string }>;
  comments: Array<{ id: number; issue: number; body: string }>;
  /** Writes (POST/PATCH) — those whose path matches `match`, if given — answer `status` while this is set. */
  failWrites?: { status: number; match?: RegExp };
  /** Requests answered with `failWrites`. */
  failedWrites: number;
  /** Writes whose path matches `match` wait for `until` before they are answered (a write in flight). */
  holdWrites?: { match: RegExp; until: Promise<void> };
  /** Writes that began waiting on `holdWrites`. */
  heldWrites: number;
}

/** `config`: the text of `.github/pullwise.yml` on every ref (none: the repository has no config). */
export async function startStatefulGitHub(options: { config?: string } = {}): Promise<StatefulGitHub> {
  const reviews: StatefulGitHub['reviews'] = [];
  const comments: StatefulGitHub['comments'] = [];
  const checkRuns: Array<{ id: number; status: string; name: string; head_sha: string }> = [];
  const text = (body: string): StandInReply => ({
    status: 200,
    body,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
  const notFound = { status: 404, body: { message: 'Not Found' } };
  const state: {
    failWrites?: { status: number; match?: RegExp };
    failedWrites: number;
    holdWrites?: { match: RegExp; until: Promise<void> };
    heldWrites: number;
  } = { failedWrites: 0, heldWrites: 0 };
  const write =
    (handler: (req: StandInRequest) => StandInReply) =>
    async (req: StandInRequest): Promise<StandInReply> => {
      const hold = state.holdWrites;
      if (hold && hold.match.test(req.path)) {
        state.heldWrites++;
        await hold.until;
      }
      const failing = state.failWrites;
      if (failing && (!failing.match || failing.match.test(req.path))) {
        state.failedWrites++;
        return { status: failing.status, body: { message: 'Server Error' } };
      }
      return handler(req);
    };
  const number = (req: StandInRequest) => Number(req.params.pull_number ?? req.params.issue_number);

  const standIn = await startGitHubStandIn({
    'GET /repos/{owner}/{repo}/pulls/{pull_number}': (req) => ({
      status: 200,
      body: pullRequest(undefined, { number: number(req) }),
    }),
    'GET /repos/{owner}/{repo}/contents/{path}': (req) => {
      const file = decodeURIComponent(req.params.path ?? '');
      if (file === 'src/values.ts') return text(FILE_AFTER);
      if (file === '.github/pullwise.yml' && options.config !== undefined) return text(options.config);
      return notFound;
    },
    'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': (req) => ({
      status: 200,
      body: reviews.filter((r) => r.pull === number(req)).map(({ id, body }) => ({ id, body })),
    }),
    'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews': write((req) => {
      const review = {
        id: 900 + reviews.length,
        pull: number(req),
        body: (req.body as { body: string }).body,
      };
      reviews.push(review);
      return { status: 200, body: { id: review.id, body: review.body } };
    }),
    'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': (req) => {
      const runs = checkRuns.filter((r) => r.head_sha === req.params.ref);
      return { status: 200, body: { total_count: runs.length, check_runs: runs } };
    },
    'POST /repos/{owner}/{repo}/check-runs': write((req) => {
      const body = req.body as { head_sha: string };
      const run = {
        id: 70 + checkRuns.length,
        status: 'in_progress',
        name: 'Pullwise',
        head_sha: body.head_sha,
      };
      checkRuns.push(run);
      return { status: 201, body: run };
    }),
    'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': write((req) => {
      const run = checkRuns.find((r) => String(r.id) === req.params.check_run_id)!;
      run.status = (req.body as { status?: string }).status ?? run.status;
      return { status: 200, body: run };
    }),
    'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': (req) => ({
      status: 200,
      body: comments.filter((c) => c.issue === number(req)).map(({ id, body }) => ({ id, body })),
    }),
    'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': write((req) => {
      const comment = {
        id: 500 + comments.length,
        issue: number(req),
        body: (req.body as { body: string }).body,
      };
      comments.push(comment);
      return { status: 201, body: { id: comment.id, body: comment.body } };
    }),
    'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': write((req) => {
      const comment = comments.find((c) => String(c.id) === req.params.comment_id)!;
      comment.body = (req.body as { body: string }).body;
      return { status: 200, body: { id: comment.id, body: comment.body } };
    }),
    'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': () => ({ status: 200, body: [CHANGED_FILE] }),
    // No review threads and no reactions: what the review job's GraphQL reads find here.
    'POST /graphql': quietGraphQL,
    // Everyone who comments is a collaborator with write access (commands are allowed).
    'GET /repos/{owner}/{repo}/collaborators/{username}/permission': (req) => ({
      status: 200,
      body: { permission: 'write', role_name: 'write', user: { login: req.params.username } },
    }),
  });
  // Accessors, not copied values (Object.assign would read the getters once): the test flips `failWrites`
  // and reads `failedWrites` while the server runs.
  return Object.defineProperties(standIn, {
    reviews: { value: reviews },
    comments: { value: comments },
    failWrites: {
      get: () => state.failWrites,
      set: (failing: { status: number; match?: RegExp } | undefined) => (state.failWrites = failing),
    },
    failedWrites: { get: () => state.failedWrites },
    holdWrites: {
      get: () => state.holdWrites,
      set: (hold: { match: RegExp; until: Promise<void> } | undefined) => (state.holdWrites = hold),
    },
    heldWrites: { get: () => state.heldWrites },
  }) as StatefulGitHub;
}
