import { ROOT_INSTRUCTION_FILES } from '../../src/core/config/instruction-files.js';
import type { GitHubHandler, GitHubReply } from './github-mock.js';

// The GitHub routes a fix job reads and writes, for either scripted GitHub (`mockGitHub` in-process, the
// loopback `startGitHubHttpMock` for the bundled Action): one set-up, not a copy per test file.

export interface ScriptedGitHub {
  on(method: string, path: string, reply: GitHubReply | GitHubHandler, options?: { times?: number }): unknown;
}

export interface Comment {
  id: number;
  body: string;
}

/** An issue's (or PR's) comments kept in an array: listed, created, and the first one (the tracking comment) edited. */
export function serveComments(gh: ScriptedGitHub, repo: string, issue: number, firstId: number): Comment[] {
  const comments: Comment[] = [];
  gh.on('GET', `${repo}/issues/${issue}/comments?per_page=100`, () => ({ body: comments }), { times: 20 });
  gh.on(
    'POST',
    `${repo}/issues/${issue}/comments`,
    (req) => {
      const comment = { id: firstId + comments.length, body: (req.body as { body: string }).body };
      comments.push(comment);
      return { status: 201, body: comment };
    },
    { times: 5 },
  );
  gh.on(
    'PATCH',
    `${repo}/issues/comments/${firstId}`,
    (req) => {
      comments[0]!.body = (req.body as { body: string }).body;
      return { body: comments[0] };
    },
    { times: 10 },
  );
  return comments;
}

/** The repository cloned from `cloneUrl`, its `.github/pullwise.yml`, and an actor who is an admin. */
export function serveFixRepository(
  gh: ScriptedGitHub,
  repo: string,
  { cloneUrl, config, actor = 'Codertocat' }: { cloneUrl: string; config: string; actor?: string },
): void {
  const [owner, name] = repo.replace(/^\/repos\//, '').split('/') as [string, string];
  gh.on('GET', repo, {
    body: {
      id: 1296269,
      name,
      full_name: `${owner}/${name}`,
      default_branch: 'main',
      clone_url: cloneUrl,
      html_url: `https://github.com/${owner}/${name}`,
    },
  });
  gh.on('GET', `${repo}/contents/.github%2Fpullwise.yml`, {
    body: config,
    headers: { 'content-type': 'application/vnd.github.raw' },
  });
  gh.on('GET', `${repo}/collaborators/${actor}/permission`, {
    body: { permission: 'admin', user: { login: actor } },
  });
  // No AGENTS.md, CLAUDE.md or Copilot instructions on the branch the fix starts from.
  for (const file of ROOT_INSTRUCTION_FILES)
    gh.on('GET', `${repo}/contents/${encodeURIComponent(file)}`, {
      status: 404,
      body: { message: 'Not Found' },
    });
}

/** No open pull request from `branch` yet, and GitHub's answer to opening one (by default draft #3). */
export function serveNewPullRequest(
  gh: ScriptedGitHub,
  repo: string,
  branch: string,
  created: GitHubReply = {
    status: 201,
    body: { number: 3, html_url: 'https://github.com/Codertocat/Hello-World/pull/3' },
  },
): void {
  const owner = repo.replace(/^\/repos\//, '').split('/')[0]!;
  gh.on('GET', `${repo}/pulls?head=${encodeURIComponent(`${owner}:${branch}`)}&state=open&per_page=1`, {
    body: [],
  });
  gh.on('POST', `${repo}/pulls`, created);
}
