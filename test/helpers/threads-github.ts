import { execFile, execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { parsePatch, type StructuredPatchHunk } from 'diff';
import type { ChangedFile, Permission } from '../../src/github/github-port.js';
import { executeGitHubGraphQL } from './github-graphql.js';
import {
  startGitHubStandIn,
  type GitHubStandIn,
  type StandInReply,
  type StandInRequest,
} from './github-stand-in.js';
import { pullRequest } from './pull-request-scenario.js';

// GitHub for one pull request, Codertocat/Hello-World#1 (`feature` into `main`), over a real git repository:
// files, diffs and contents come from git; reviews, review threads, replies, reactions, issue comments and
// check runs are remembered. Every REST request is checked against GitHub's OpenAPI description and every
// GraphQL one against its schema (startGitHubStandIn). Review threads follow the head as GitHub's do: a
// thread whose lines a push changed is outdated (line null); one whose lines only moved keeps them, shifted.

const OWNER = 'Codertocat';
const NAME = 'Hello-World';
const NUMBER = 1;
const HTML = `https://github.com/${OWNER}/${NAME}`;
/** Who the App writes as. */
export const BOT = { login: 'pullwise[bot]', type: 'Bot' as const };

export interface StandInReviewComment {
  id: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
  /** The head the comment was made on (its review's `commit_id`). */
  commitId: string;
  reviewId: number | null;
  inReplyTo?: number;
  /** Who reacted 👎, once each. */
  thumbsDown: string[];
}

export interface StandInThread {
  id: string;
  path: string;
  side: 'LEFT' | 'RIGHT';
  /** Its lines on `originalCommit`, as the review posted them. */
  originalLine: number;
  originalStartLine: number | null;
  originalCommit: string;
  isResolved: boolean;
  resolvedBy: string | null;
  comments: StandInReviewComment[];
}

export interface StandInReview {
  id: number;
  body: string;
  commitId: string;
  user: { login: string; type: 'Bot' | 'User' };
}

export interface ThreadsGitHub extends GitHubStandIn {
  readonly headSha: string;
  readonly baseSha: string;
  /** The pull request's head moves to this commit (of `repoDir`). */
  push(headSha: string): void;
  readonly threads: StandInThread[];
  readonly reviews: StandInReview[];
  readonly issueComments: Array<{ id: number; body: string; user: string }>;
  readonly checkRuns: Array<{
    id: number;
    name: string;
    head_sha: string;
    status: string;
    conclusion: string | null;
  }>;
  /** A person resolves a thread in GitHub's UI. */
  resolveAsPerson(threadId: string, login: string): void;
  /** A person replies in a comment's thread; returns the reply's id. */
  replyAsPerson(commentId: number, login: string, body: string): number;
  /** A person reacts 👎 to a review comment. */
  react(commentId: number, login: string): void;
}

export interface ThreadsGitHubOptions {
  repoDir: string;
  baseSha: string;
  headSha: string;
  /** Permissions by login; anyone else has 'read'. */
  permissions?: Record<string, Permission>;
  /** The text of `.github/pullwise.yml` on every ref (none: what git has). */
  config?: string;
}

/** A file of GitHub's `diff-entry` schema: what the port reads, and the links GitHub always sends. */
type DiffEntry = ChangedFile & { blob_url: string; raw_url: string; contents_url: string };

const run = promisify(execFile);
const notFound: StandInReply = { status: 404, body: { message: 'Not Found' } };
const json = (body: unknown, status = 200): StandInReply => ({ status, body });
const text = (body: string): StandInReply => ({
  status: 200,
  body,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
});
// GitHub's answer when an inline comment's line is not on the diff of its commit.
const unresolvable: StandInReply = {
  status: 422,
  body: { message: 'Unprocessable Entity', errors: ['Line could not be resolved'], status: '422' },
};
const STATUS: Record<string, string> = {
  A: 'added',
  M: 'modified',
  D: 'removed',
  R: 'renamed',
  C: 'copied',
  T: 'changed',
};

export async function startThreadsGitHub(options: ThreadsGitHubOptions): Promise<ThreadsGitHub> {
  const git = async (...args: string[]) =>
    (
      await run('git', ['-c', 'core.quotepath=false', '--no-pager', ...args], {
        cwd: options.repoDir,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
      })
    ).stdout;
  const isCommit = (rev: string) =>
    git('rev-parse', '--verify', '--quiet', `${rev}^{commit}`).then(
      () => true,
      () => false,
    );
  const state = { head: options.headSha, nextId: 1 };
  const threads: StandInThread[] = [];
  const reviews: StandInReview[] = [];
  const issueComments: ThreadsGitHub['issueComments'] = [];
  const checkRuns: ThreadsGitHub['checkRuns'] = [];
  const id = () => state.nextId++;
  // A ref as the PR's branches name them, else a commit git knows.
  const commitOf = (ref = 'main') =>
    ref === 'feature' ? state.head : ref === 'main' ? options.baseSha : ref;

  /** `base...head` file by file, as "list pull request files" and "compare commits" give it. */
  async function changedFiles(base: string, head: string): Promise<DiffEntry[]> {
    const raw = (await git('diff', '--raw', '-z', '-M', '--no-abbrev', `${base}...${head}`)).split('\0');
    const files: DiffEntry[] = [];
    for (let i = 0; i + 1 < raw.length;) {
      const [, , oldSha, newSha, code = ''] = raw[i++]!.split(' ');
      const renamed = /^[RC]/.test(code);
      const previous = renamed ? raw[i++]! : undefined;
      const filename = raw[i++]!;
      const diff = await git(
        'diff',
        '--no-color',
        '--no-ext-diff',
        '-M',
        `${base}...${head}`,
        '--',
        ...(previous ? [previous] : []),
        filename,
      );
      const at = diff.indexOf('\n@@');
      const patch = at < 0 ? undefined : diff.slice(at + 1).replace(/\n$/, '');
      const lines = patch?.split('\n') ?? [];
      const additions = lines.filter((l) => l.startsWith('+')).length;
      const deletions = lines.filter((l) => l.startsWith('-')).length;
      const sha = /^0+$/.test(newSha ?? '') ? oldSha : newSha;
      files.push({
        sha: sha ?? null,
        filename,
        status: STATUS[code[0] ?? ''] ?? 'modified',
        additions,
        deletions,
        changes: additions + deletions,
        blob_url: `${HTML}/blob/${head}/${filename}`,
        raw_url: `${HTML}/raw/${head}/${filename}`,
        contents_url: `https://api.github.com/repos/${OWNER}/${NAME}/contents/${filename}?ref=${head}`,
        ...(patch === undefined ? {} : { patch }),
        ...(previous === undefined ? {} : { previous_filename: previous }),
      });
    }
    return files;
  }

  /** Whether GitHub can place a comment on these lines of the diff of base...commit (all in one hunk). */
  async function onDiff(commit: string, path: string, side: 'LEFT' | 'RIGHT', start: number, end: number) {
    const file = (await changedFiles(options.baseSha, commit)).find((f) => f.filename === path);
    const hunks = file?.patch ? (parsePatch(file.patch)[0]?.hunks ?? []) : [];
    return hunks.some((h) => {
      const [first, count] = side === 'RIGHT' ? [h.newStart, h.newLines] : [h.oldStart, h.oldLines];
      return count > 0 && first <= start && end < first + count;
    });
  }

  /** A thread's lines on the current head: mapped from its original commit, null when any of them changed. */
  async function atHead(thread: StandInThread) {
    const start = thread.originalStartLine ?? thread.originalLine;
    // LEFT lines are on the base, which a push does not move.
    if (thread.side === 'LEFT')
      return { isOutdated: false, line: thread.originalLine, startLine: thread.originalStartLine };
    const diff = await git(
      'diff',
      '--no-color',
      '--no-ext-diff',
      '-U0',
      thread.originalCommit,
      state.head,
      '--',
      thread.path,
    );
    const hunks: StructuredPatchHunk[] = parsePatch(diff)[0]?.hunks ?? [];
    // jsdiff moves a zero-length side's start to the line after: an insertion sits before old line `oldStart`.
    const changed = (l: number) =>
      hunks.some((h) => h.oldLines > 0 && h.oldStart <= l && l < h.oldStart + h.oldLines);
    const shift = (l: number) =>
      hunks
        .filter((h) => (h.oldLines === 0 ? h.oldStart <= l : h.oldStart + h.oldLines <= l))
        .reduce((sum, h) => sum + h.newLines - h.oldLines, 0);
    for (let l = start; l <= thread.originalLine; l++)
      if (changed(l)) return { isOutdated: true, line: null, startLine: null };
    const startLine = thread.originalStartLine === null ? null : thread.originalStartLine + shift(start);
    return { isOutdated: false, line: thread.originalLine + shift(thread.originalLine), startLine };
  }

  const findComment = (commentId: number) => {
    for (const thread of threads) {
      const comment = thread.comments.find((c) => c.id === commentId);
      if (comment) return { thread, comment };
    }
    return undefined;
  };
  const addReply = (thread: StandInThread, to: number, user: StandInReviewComment['user'], body: string) => {
    const reply = {
      id: id(),
      body,
      user,
      commitId: state.head,
      reviewId: null,
      inReplyTo: to,
      thumbsDown: [],
    };
    thread.comments.push(reply);
    return reply;
  };

  async function restComment(thread: StandInThread, c: StandInReviewComment) {
    const position = await atHead(thread);
    return {
      id: c.id,
      node_id: `PRRC_${c.id}`,
      pull_request_review_id: c.reviewId,
      path: thread.path,
      commit_id: state.head,
      original_commit_id: c.commitId,
      user: c.user,
      body: c.body,
      html_url: `${HTML}/pull/${NUMBER}#discussion_r${c.id}`,
      ...(c.inReplyTo === undefined ? {} : { in_reply_to_id: c.inReplyTo }),
      line: position.line,
      original_line: thread.originalLine,
      start_line: position.startLine,
      original_start_line: thread.originalStartLine,
      side: thread.side,
    };
  }

  // GraphQL: objects whose fields are values or functions of the field's arguments (graphql-js's default
  // resolver), built from the state on each request.
  const connection = <T>(items: T[], args: { first?: number; last?: number; after?: string }) => {
    const from = args.after ? Number(Buffer.from(args.after, 'base64').toString().split(':')[1]) + 1 : 0;
    let page = items.slice(from);
    if (args.first !== undefined) page = page.slice(0, args.first);
    if (args.last !== undefined) page = page.slice(-args.last);
    const start = items.indexOf(page[0] as T);
    const cursor = (i: number) => Buffer.from(`cursor:${i}`).toString('base64');
    return {
      nodes: page,
      totalCount: items.length,
      pageInfo: {
        hasNextPage: start + page.length < items.length,
        hasPreviousPage: start > 0,
        startCursor: page.length ? cursor(start) : null,
        endCursor: page.length ? cursor(start + page.length - 1) : null,
      },
    };
  };
  const commentNode = (thread: StandInThread, c: StandInReviewComment) => ({
    fullDatabaseId: String(c.id),
    body: c.body,
    path: thread.path,
    url: `${HTML}/pull/${NUMBER}#discussion_r${c.id}`,
    author: { __typename: c.user.type, login: c.user.login },
    originalCommit: { oid: c.commitId },
    reactions: (args: { content?: string; first?: number; last?: number }) =>
      connection(
        args.content === undefined || args.content === 'THUMBS_DOWN'
          ? c.thumbsDown.map((login) => ({ content: 'THUMBS_DOWN', user: { login } }))
          : [],
        args,
      ),
  });
  const threadNode = (thread: StandInThread) => ({
    id: thread.id,
    isResolved: thread.isResolved,
    path: thread.path,
    diffSide: thread.side,
    originalLine: thread.originalLine,
    originalStartLine: thread.originalStartLine,
    isOutdated: async () => (await atHead(thread)).isOutdated,
    line: async () => (await atHead(thread)).line,
    startLine: async () => (await atHead(thread)).startLine,
    comments: (args: { first?: number; last?: number; after?: string }) =>
      connection(
        thread.comments.map((c) => commentNode(thread, c)),
        args,
      ),
  });
  const pullRequestNode = () => ({
    number: NUMBER,
    reviewThreads: (args: { first?: number; last?: number; after?: string }) =>
      connection(threads.map(threadNode), args),
  });
  const graphqlRoot = {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      if (owner !== OWNER || name !== NAME)
        throw new Error(`Could not resolve to a Repository with the name '${owner}/${name}'.`);
      return {
        pullRequest: ({ number }: { number: number }) => {
          if (number !== NUMBER)
            throw new Error(`Could not resolve to a PullRequest with the number of ${number}.`);
          return pullRequestNode();
        },
        pullRequests: (args: { first?: number; last?: number; after?: string }) =>
          connection([pullRequestNode()], args),
      };
    },
    resolveReviewThread: ({ input }: { input: { threadId: string } }) => {
      const thread = threads.find((t) => t.id === input.threadId);
      if (!thread) throw new Error(`Could not resolve to a node with the global id of '${input.threadId}'`);
      Object.assign(thread, { isResolved: true, resolvedBy: BOT.login });
      return { thread: threadNode(thread) };
    },
  };

  // Routes for anything but Codertocat/Hello-World (and, where there is one, pull request #1) answer 404.
  const ours =
    (handler: (req: StandInRequest) => StandInReply | Promise<StandInReply>) =>
    (req: StandInRequest): StandInReply | Promise<StandInReply> => {
      const { owner, repo, pull_number: pull, issue_number: issue } = req.params;
      if (owner !== OWNER || repo !== NAME) return notFound;
      if ((pull ?? issue ?? String(NUMBER)) !== String(NUMBER)) return notFound;
      return handler(req);
    };
  const body = <T>(req: StandInRequest) => req.body as T;

  const standIn = await startGitHubStandIn({
    'GET /repos/{owner}/{repo}/pulls/{pull_number}': ours(async (req) => {
      if (String(req.headers.accept).includes('diff'))
        return {
          ...text(
            await git('diff', '--no-color', '--no-ext-diff', '-M', `${options.baseSha}...${state.head}`),
          ),
          headers: { 'content-type': 'application/vnd.github.diff; charset=utf-8' },
        };
      const repository = { full_name: `${OWNER}/${NAME}`, clone_url: pathToFileURL(options.repoDir).href };
      return json(
        pullRequest(state.head, {
          number: NUMBER,
          html_url: `${HTML}/pull/${NUMBER}`,
          head: { sha: state.head, ref: 'feature', repo: repository },
          base: { sha: options.baseSha, ref: 'main', repo: repository },
        }),
      );
    }),
    'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': ours(async () =>
      json(await changedFiles(options.baseSha, state.head)),
    ),
    'GET /repos/{owner}/{repo}/compare/{basehead}': ours(async (req) => {
      const [base = '', head = ''] = (req.params.basehead ?? '').split('...');
      if (!(await isCommit(base)) || !(await isCommit(head))) return notFound;
      const count = async (range: string) => Number(await git('rev-list', '--count', range));
      const [ahead, behind] = [await count(`${base}..${head}`), await count(`${head}..${base}`)];
      const status = ahead && behind ? 'diverged' : ahead ? 'ahead' : behind ? 'behind' : 'identical';
      const mergeBase = (await git('merge-base', base, head)).trim();
      return json({
        status,
        ahead_by: ahead,
        behind_by: behind,
        total_commits: ahead,
        base_commit: { sha: (await git('rev-parse', `${base}^{commit}`)).trim() },
        merge_base_commit: { sha: mergeBase },
        commits: [],
        files: await changedFiles(base, head),
      });
    }),
    'GET /repos/{owner}/{repo}/contents/{path}': ours(async (req) => {
      const path = req.params.path ?? '';
      if (path === '.github/pullwise.yml' && options.config !== undefined) return text(options.config);
      try {
        return text(await git('show', `${commitOf(req.query.ref)}:${path}`));
      } catch {
        return notFound;
      }
    }),
    'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': ours(() =>
      json(
        reviews.map((r) => ({
          id: r.id,
          body: r.body,
          commit_id: r.commitId,
          user: r.user,
          state: 'COMMENTED',
        })),
      ),
    ),
    'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews': ours(async (req) => {
      const posted = body<{
        commit_id?: string;
        body?: string;
        comments?: Array<{
          path: string;
          line?: number;
          side?: 'LEFT' | 'RIGHT';
          start_line?: number;
          body: string;
        }>;
      }>(req);
      const commitId = posted.commit_id ?? state.head;
      if (!(await isCommit(commitId)))
        return json({ message: 'Unprocessable Entity', errors: ['Commit not found'] }, 422);
      for (const c of posted.comments ?? []) {
        const line = c.line ?? 0;
        if (!(await onDiff(commitId, c.path, c.side ?? 'RIGHT', c.start_line ?? line, line)))
          return unresolvable;
      }
      // All or nothing, as GitHub: the review and its threads exist only when every comment resolved.
      const review = { id: id(), body: posted.body ?? '', commitId, user: BOT };
      reviews.push(review);
      for (const c of posted.comments ?? []) {
        const comment = { id: id(), body: c.body, user: BOT, commitId, reviewId: review.id, thumbsDown: [] };
        threads.push({
          id: `PRRT_${threads.length + 1}`,
          path: c.path,
          side: c.side ?? 'RIGHT',
          originalLine: c.line!,
          originalStartLine: c.start_line ?? null,
          originalCommit: commitId,
          isResolved: false,
          resolvedBy: null,
          comments: [comment],
        });
      }
      return json({
        ...review,
        commit_id: commitId,
        state: 'COMMENTED',
        html_url: `${HTML}/pull/${NUMBER}#pullrequestreview-${review.id}`,
      });
    }),
    'POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies': ours(async (req) => {
      const found = findComment(Number(req.params.comment_id));
      if (!found) return notFound;
      const reply = addReply(found.thread, found.comment.id, BOT, body<{ body: string }>(req).body);
      return json(await restComment(found.thread, reply), 201);
    }),
    'GET /repos/{owner}/{repo}/pulls/comments/{comment_id}': ours(async (req) => {
      const found = findComment(Number(req.params.comment_id));
      return found ? json(await restComment(found.thread, found.comment)) : notFound;
    }),
    'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': ours(() =>
      json(issueComments.map((c) => ({ id: c.id, body: c.body, user: { login: c.user } }))),
    ),
    'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': ours((req) => {
      const comment = { id: id(), body: body<{ body: string }>(req).body, user: BOT.login };
      issueComments.push(comment);
      return json({ id: comment.id, body: comment.body, user: BOT }, 201);
    }),
    'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': ours((req) => {
      const comment = issueComments.find((c) => String(c.id) === req.params.comment_id);
      if (!comment) return notFound;
      comment.body = body<{ body: string }>(req).body;
      return json({ id: comment.id, body: comment.body, user: { login: comment.user } });
    }),
    'DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}': ours((req) => {
      const at = issueComments.findIndex((c) => String(c.id) === req.params.comment_id);
      if (at < 0) return notFound;
      issueComments.splice(at, 1);
      return { status: 204 };
    }),
    'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': ours(async (req) => {
      const sha = (await git('rev-parse', `${commitOf(req.params.ref)}^{commit}`).catch(() => '')).trim();
      const runs = checkRuns.filter(
        (r) => r.head_sha === sha && (!req.query.check_name || r.name === req.query.check_name),
      );
      return json({ total_count: runs.length, check_runs: runs });
    }),
    'POST /repos/{owner}/{repo}/check-runs': ours((req) => {
      const posted = body<{ name: string; head_sha: string; status?: string }>(req);
      const checkRun = {
        id: id(),
        name: posted.name,
        head_sha: posted.head_sha,
        status: posted.status ?? 'queued',
        conclusion: null,
      };
      checkRuns.push(checkRun);
      return json(checkRun, 201);
    }),
    'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': ours((req) => {
      const checkRun = checkRuns.find((r) => String(r.id) === req.params.check_run_id);
      if (!checkRun) return notFound;
      const update = body<{ status?: string; conclusion?: string }>(req);
      Object.assign(checkRun, {
        status: update.conclusion ? 'completed' : (update.status ?? checkRun.status),
        conclusion: update.conclusion ?? checkRun.conclusion,
      });
      return json(checkRun);
    }),
    'GET /repos/{owner}/{repo}/collaborators/{username}/permission': ours((req) => {
      const login = req.params.username ?? '';
      const permission = options.permissions?.[login] ?? 'read';
      return json({ permission, role_name: permission, user: { login } });
    }),
    'POST /graphql': async (req) => {
      const { query, variables } = body<{ query: string; variables?: Record<string, unknown> }>(req);
      return json(await executeGitHubGraphQL(query, variables, graphqlRoot));
    },
  });

  return Object.defineProperties(standIn, {
    headSha: { get: () => state.head },
    baseSha: { value: options.baseSha },
    push: {
      value(headSha: string) {
        // A push of a commit the repository does not have is a bug in the test.
        execFileSync('git', ['rev-parse', '--verify', '--quiet', `${headSha}^{commit}`], {
          cwd: options.repoDir,
        });
        state.head = headSha;
      },
    },
    threads: { value: threads },
    reviews: { value: reviews },
    issueComments: { value: issueComments },
    checkRuns: { value: checkRuns },
    resolveAsPerson: {
      value(threadId: string, login: string) {
        const thread = threads.find((t) => t.id === threadId);
        if (!thread) throw new Error(`no review thread ${threadId}`);
        Object.assign(thread, { isResolved: true, resolvedBy: login });
      },
    },
    replyAsPerson: {
      value(commentId: number, login: string, text: string) {
        const found = findComment(commentId);
        if (!found) throw new Error(`no review comment ${commentId}`);
        return addReply(found.thread, commentId, { login, type: 'User' }, text).id;
      },
    },
    react: {
      value(commentId: number, login: string) {
        const found = findComment(commentId);
        if (!found) throw new Error(`no review comment ${commentId}`);
        // One reaction of a kind per person, as GitHub keeps them.
        if (!found.comment.thumbsDown.includes(login)) found.comment.thumbsDown.push(login);
      },
    },
  }) as ThreadsGitHub;
}
