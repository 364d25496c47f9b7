// GitHub in memory for the lifecycle bench, over a real git repository: what the review job calls of the
// GitHub port (src/github/github-port.ts), and nothing else. Diffs come from `git diff` in the shape of
// GitHub's "list pull request files" and "compare" answers (a `patch` of hunks per file); a review's inline
// comments become threads on the review's commit, and whether a thread is outdated, and where its line is on
// the head, is worked out here from `git diff -U0` between that commit and the head, not by Pullwise's code.
// `threads: false` plays GitHub before the lifecycle: reviewThreads answers [] (nothing judged, nothing resolved).

import { git } from './script.js';

const BOT = { login: 'pullwise[bot]', isBot: true };

/** A GitHub refusal, with the HTTP status the port's callers read (Octokit's RequestError carries one). */
export class GitHubRefusal extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const notUsed = (method) => async () => {
  throw new Error(`${method} is not used by the bench`);
};

/**
 * @param {{ dir: string, owner: string, repo: string, number: number, baseRef: string, headRef: string,
 *   title: string, body: string, threads: boolean }} options
 */
export class BenchGitHub {
  constructor(options) {
    this.options = options;
    this.full = `${options.owner}/${options.repo}`;
    this.htmlUrl = `https://github.com/${this.full}`;
    this.headSha = undefined;
    this.nextId = 1000;
    /** What Pullwise wrote, as GitHub keeps it; `calls` counts every port call by method. */
    this.state = {
      reviews: [],
      threads: [],
      /** By thread id: the bug its first comment was about (read from the commented line), for the measures. */
      bugOf: new Map(),
      comments: [],
      replies: [],
      resolved: [],
      checkRuns: [],
    };
    this.calls = {};
    this.gitToken = notUsed('gitToken');
    this.openPullRequests = notUsed('openPullRequests');
    this.createDraftPullRequest = notUsed('createDraftPullRequest');
    this.updatePullRequestBody = notUsed('updatePullRequestBody');
  }

  /** The author pushed: the PR's head is now `sha`. */
  setHead(sha) {
    this.headSha = sha;
  }

  called(method) {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
  }

  // --- the port ---

  async repository() {
    this.called('repository');
    return {
      fullName: this.full,
      cloneUrl: `${this.htmlUrl}.git`,
      htmlUrl: this.htmlUrl,
      defaultBranch: 'main',
    };
  }

  async pullRequest(repo, number) {
    this.called('pullRequest');
    this.checkPull(number);
    const baseSha = (await git(this.options.dir, ['rev-parse', this.options.baseRef])).trim();
    return {
      number,
      state: 'open',
      draft: false,
      title: this.options.title,
      body: this.options.body,
      htmlUrl: `${this.htmlUrl}/pull/${number}`,
      head: { sha: this.headSha, ref: this.options.headRef, repoFullName: this.full },
      base: {
        sha: baseSha,
        ref: this.options.baseRef,
        repoFullName: this.full,
        cloneUrl: `${this.htmlUrl}.git`,
      },
    };
  }

  async pullRequestDiff(repo, number) {
    this.called('pullRequestDiff');
    this.checkPull(number);
    return git(this.options.dir, ['diff', '-M', '--no-color', `${this.options.baseRef}...${this.headSha}`]);
  }

  async pullRequestFiles(repo, number) {
    this.called('pullRequestFiles');
    this.checkPull(number);
    return changedFiles(this.options.dir, this.options.baseRef, this.headSha);
  }

  async compare(repo, base, head) {
    this.called('compare');
    const dir = this.options.dir;
    if (!(await commitExists(dir, base)) || !(await commitExists(dir, head))) return undefined;
    const files = await changedFiles(dir, base, head);
    let status = 'diverged';
    if ((await revParse(dir, base)) === (await revParse(dir, head))) status = 'identical';
    else if (await isAncestor(dir, base, head)) status = 'ahead';
    else if (await isAncestor(dir, head, base)) status = 'behind';
    return { status, files };
  }

  async fileText(repo, path, ref) {
    this.called('fileText');
    return fileAt(this.options.dir, ref ?? this.options.baseRef, path);
  }

  async issue(repo, number) {
    this.called('issue');
    this.checkPull(number);
    return { title: this.options.title, body: this.options.body };
  }

  async permission() {
    this.called('permission');
    return 'write';
  }

  async comments(thread) {
    this.called('comments');
    return this.state.comments
      .filter((c) => c.issue === thread.issue_number)
      .map(({ id, body }) => ({ id, body }));
  }

  async createComment(thread, body) {
    this.called('createComment');
    const id = this.nextId++;
    this.state.comments.push({ id, issue: thread.issue_number, body });
    return id;
  }

  async updateComment(repo, id, body) {
    this.called('updateComment');
    this.issueComment(id).body = body;
  }

  async deleteComment(repo, id) {
    this.called('deleteComment');
    const comment = this.issueComment(id);
    this.state.comments.splice(this.state.comments.indexOf(comment), 1);
  }

  async replyToReviewComment(repo, pullNumber, commentId, body) {
    this.called('replyToReviewComment');
    this.checkPull(pullNumber);
    const thread = this.state.threads.find((t) => t.comments.some((c) => c.id === commentId));
    // GitHub: "You can only reply to top-level review comments" (a reply to a reply is refused).
    if (!thread || thread.comments[0].id !== commentId) {
      throw new GitHubRefusal(404, `no top-level review comment ${commentId}`);
    }
    const id = this.nextId++;
    thread.comments.push({
      id,
      body,
      author: BOT,
      originalCommit: this.headSha,
      url: `${this.htmlUrl}/pull/${pullNumber}#discussion_r${id}`,
    });
    this.state.replies.push({ threadId: thread.id, commentId: id, headSha: this.headSha, body });
    return id;
  }

  async reviewComment(repo, id) {
    this.called('reviewComment');
    const thread = this.state.threads.find((t) => t.comments.some((c) => c.id === id));
    const comment = thread?.comments.find((c) => c.id === id);
    if (!comment) return null;
    return {
      id,
      body: comment.body,
      path: thread.path,
      authorIsBot: comment.author?.isBot ?? false,
      url: comment.url,
    };
  }

  async reviewThreads(repo, pullNumber) {
    this.called('reviewThreads');
    this.checkPull(pullNumber);
    if (!this.options.threads) return [];
    const threads = [];
    for (const thread of this.state.threads) threads.push({ ...thread, ...(await this.whereNow(thread)) });
    return structuredClone(threads);
  }

  async resolveReviewThread(threadId) {
    this.called('resolveReviewThread');
    const thread = this.state.threads.find((t) => t.id === threadId);
    if (!thread) throw new GitHubRefusal(404, `no review thread ${threadId}`);
    thread.isResolved = true;
    this.state.resolved.push({ threadId, headSha: this.headSha });
  }

  async thumbsDown() {
    this.called('thumbsDown');
    return [];
  }

  async reviews(repo, pullNumber) {
    this.called('reviews');
    this.checkPull(pullNumber);
    return this.state.reviews.map(({ id, body }) => ({ id, body }));
  }

  async createReview(repo, pullNumber, review) {
    this.called('createReview');
    this.checkPull(pullNumber);
    const comments = review.comments ?? [];
    const files = await changedFiles(this.options.dir, this.options.baseRef, review.commitId);
    for (const comment of comments) {
      const problem = whyNotOnDiff(files, comment);
      // GitHub's 422 for a line outside the diff: "Pull request review thread line must be part of the diff".
      if (problem) throw new GitHubRefusal(422, `Line could not be resolved (${problem})`);
    }
    const id = this.nextId++;
    for (const comment of comments) {
      const commentId = this.nextId++;
      const thread = {
        id: `PRRT_bench${commentId}`,
        isResolved: false,
        isOutdated: false,
        path: comment.path,
        diffSide: comment.side,
        line: comment.line,
        startLine: comment.start_line ?? null,
        originalLine: comment.line,
        originalStartLine: comment.start_line ?? null,
        comments: [
          {
            id: commentId,
            body: comment.body,
            author: BOT,
            originalCommit: review.commitId,
            url: `${this.htmlUrl}/pull/${pullNumber}#discussion_r${commentId}`,
          },
        ],
      };
      this.state.threads.push(thread);
      const text = (await fileAt(this.options.dir, review.commitId, comment.path)) ?? '';
      const lines = text.split('\n').slice((comment.start_line ?? comment.line) - 1, comment.line);
      this.state.bugOf.set(thread.id, bugOnLines(lines));
    }
    this.state.reviews.push({
      id,
      commitId: review.commitId,
      body: review.body,
      comments: structuredClone(comments),
    });
    return id;
  }

  async checkRuns(repo, headSha, name) {
    this.called('checkRuns');
    return this.state.checkRuns
      .filter((c) => c.headSha === headSha && c.name === name)
      .map(({ id, status }) => ({ id, status }));
  }

  async createCheckRun(repo, run) {
    this.called('createCheckRun');
    const id = this.nextId++;
    this.state.checkRuns.push({
      id,
      name: run.name,
      headSha: run.headSha,
      status: 'in_progress',
      annotations: [],
    });
    return id;
  }

  async updateCheckRun(repo, id, update) {
    this.called('updateCheckRun');
    const run = this.state.checkRuns.find((c) => c.id === id);
    if (!run) throw new GitHubRefusal(404, `no check run ${id}`);
    // GitHub: "The Checks API limits the number of annotations to a maximum of 50 per API request."
    if ((update.output.annotations?.length ?? 0) > 50) throw new GitHubRefusal(422, 'over 50 annotations');
    run.annotations.push(...(update.output.annotations ?? []));
    if (update.status) run.status = update.status;
    if (update.conclusion) run.conclusion = update.conclusion;
  }

  // --- inside ---

  checkPull(number) {
    if (number !== this.options.number) throw new GitHubRefusal(404, `no pull request #${number}`);
  }

  issueComment(id) {
    const comment = this.state.comments.find((c) => c.id === id);
    if (!comment) throw new GitHubRefusal(404, `no comment ${id}`);
    return comment;
  }

  /**
   * Where a thread is on the current head: outdated when a change since its commit touched its lines (a
   * hunk of `git diff -U0` whose old side overlaps them, or the file is gone); else on its lines shifted by
   * what was added or removed above them.
   */
  async whereNow(thread) {
    const outdated = { isOutdated: true, line: null, startLine: null };
    const commit = thread.comments[0].originalCommit;
    const start = thread.originalStartLine ?? thread.originalLine;
    const end = thread.originalLine;
    if ((await fileAt(this.options.dir, this.headSha, thread.path)) === null) return outdated;
    const diff = await git(this.options.dir, [
      'diff',
      '-U0',
      '--no-color',
      commit,
      this.headSha,
      '--',
      thread.path,
    ]);
    let shift = 0;
    for (const match of diff.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)) {
      const oldStart = Number(match[1]);
      const oldCount = match[2] === undefined ? 1 : Number(match[2]);
      const newCount = match[4] === undefined ? 1 : Number(match[4]);
      // A pure insertion comes after line oldStart: inside the thread's range only when start <= oldStart < end.
      const overlaps =
        oldCount === 0
          ? oldStart >= start && oldStart < end
          : oldStart <= end && oldStart + oldCount - 1 >= start;
      if (overlaps) return outdated;
      const before = oldCount === 0 ? oldStart < start : oldStart + oldCount - 1 < start;
      if (before) shift += newCount - oldCount;
    }
    return {
      isOutdated: false,
      line: end + shift,
      startLine: thread.originalStartLine === null ? null : start + shift,
    };
  }
}

/** The bug a comment's lines carry: its marker's id, `debugger` for the statement, or null. */
export function bugOnLines(lines) {
  for (const text of lines) {
    const marker = /\/\/ BUG (\w+) /.exec(text);
    if (marker) return marker[1];
    if (/^\s*debugger;/.test(text)) return 'debugger';
  }
  return null;
}

async function commitExists(dir, ref) {
  try {
    await git(dir, ['cat-file', '-e', `${ref}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

async function revParse(dir, ref) {
  return (await git(dir, ['rev-parse', ref])).trim();
}

async function isAncestor(dir, a, b) {
  try {
    await git(dir, ['merge-base', '--is-ancestor', a, b]);
    return true;
  } catch {
    return false;
  }
}

/** A file's text at `ref`, or null when it has none. */
export async function fileAt(dir, ref, path) {
  try {
    return await git(dir, ['show', `${ref}:${path}`]);
  } catch {
    return null;
  }
}

/**
 * `base...head` as GitHub lists its files: from the merge base, renames found, each with its counts, its
 * status in GitHub's words, the new blob's sha and the patch (hunks only, from the first "@@").
 */
export async function changedFiles(dir, base, head) {
  const mergeBase = (await git(dir, ['merge-base', base, head])).trim();
  const diff = await git(dir, [
    'diff',
    '-M',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--full-index',
    mergeBase,
    head,
  ]);
  const files = [];
  for (const chunk of diff.split(/^(?=diff --git )/m).filter((c) => c.startsWith('diff --git '))) {
    const lines = chunk.replace(/\n$/, '').split('\n');
    const at = lines.findIndex((l) => l.startsWith('@@'));
    const header = at === -1 ? lines : lines.slice(0, at);
    const patchLines = at === -1 ? [] : lines.slice(at);
    const field = (prefix) => header.find((l) => l.startsWith(prefix))?.slice(prefix.length);
    const oldName = field('--- a/') ?? field('rename from ');
    const newName = field('+++ b/') ?? field('rename to ');
    const status = header.some((l) => l.startsWith('new file mode'))
      ? 'added'
      : header.some((l) => l.startsWith('deleted file mode'))
        ? 'removed'
        : field('rename from ')
          ? 'renamed'
          : 'modified';
    const additions = patchLines.filter((l) => l.startsWith('+')).length;
    const deletions = patchLines.filter((l) => l.startsWith('-')).length;
    const blob = /^index [0-9a-f]+\.\.([0-9a-f]+)/m.exec(header.join('\n'))?.[1];
    files.push({
      filename: status === 'removed' ? oldName : newName,
      ...(status === 'renamed' ? { previous_filename: oldName } : {}),
      status,
      additions,
      deletions,
      changes: additions + deletions,
      ...(patchLines.length > 0 ? { patch: patchLines.join('\n') } : {}),
      sha: status === 'removed' || !blob ? null : blob,
    });
  }
  return files;
}

/** Why GitHub would refuse an inline comment on this diff, or null: its lines must be on one hunk's side. */
function whyNotOnDiff(files, comment) {
  const file = files.find((f) => f.filename === comment.path);
  if (!file?.patch) return `${comment.path} is not in the diff`;
  const hunkOf = (side, line) => {
    let hunk = -1;
    let oldLine = 0;
    let newLine = 0;
    for (const raw of file.patch.split('\n')) {
      const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(raw);
      if (header) {
        hunk++;
        oldLine = Number(header[1]);
        newLine = Number(header[2]);
        continue;
      }
      const kind = raw[0];
      if (kind === '\\') continue;
      if (side === 'LEFT' && kind !== '+' && oldLine === line) return hunk;
      if (side === 'RIGHT' && kind !== '-' && newLine === line) return hunk;
      if (kind !== '+') oldLine++;
      if (kind !== '-') newLine++;
    }
    return -1;
  };
  const end = hunkOf(comment.side, comment.line);
  if (end === -1) return `${comment.path}:${comment.line} (${comment.side}) is not a line of the diff`;
  if (
    comment.start_line !== undefined &&
    hunkOf(comment.start_side ?? comment.side, comment.start_line) !== end
  ) {
    return `${comment.path}:${comment.start_line}-${comment.line} is not inside one hunk`;
  }
  return null;
}
