import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { workspaceGit, type Workspace } from '../core/workspace/checkout.js';
import { changesAsSuggestions, type ChangedFileText } from '../core/fix/changes-as-suggestions.js';
import type { FixOutcome } from '../core/fix/run-fix.js';
import { fence } from '../core/review/anchor-findings.js';
import { fitBody } from '../core/review/compose-summary.js';
import type { GitHub, RepoRef } from '../github/github-port.js';
import { postReview } from '../github/post-review.js';
import { pullRequestChangeSet } from '../github/pull-request-change-set.js';

interface ForkPullRequest {
  number: number;
  title: string;
  body: string;
  head: { sha: string };
  base: { sha: string };
}

/**
 * A fix on a fork PR: Pullwise never pushes to a fork, so the change is posted as ONE review whose inline
 * comments carry committable suggestions (the author applies them with a click); what GitHub cannot take
 * inline goes into the review body as a patch.
 */
export async function suggestFixOnFork(
  github: GitHub,
  repo: RepoRef,
  pr: ForkPullRequest,
  workspace: Pick<Workspace, 'dir' | 'gitDir'>,
  outcome: FixOutcome,
  redact: (text: string) => Promise<string>,
): Promise<{ reviewId: number; comments: number }> {
  const prRef = { ...repo, pull_number: pr.number };
  const { change } = await pullRequestChangeSet(github, {
    ...prRef,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    title: pr.title,
    body: pr.body,
  });
  const dir = workspace.dir;
  const git = workspaceGit(workspace);
  const files: ChangedFileText[] = await Promise.all(
    outcome.changes.map(async (c) => ({
      path: c.path,
      before: c.kind === 'added' ? null : await git.show([`HEAD:${c.path}`]),
      after: c.kind === 'deleted' ? null : await readFile(path.join(dir, c.path), 'utf8'),
    })),
  );
  const explanation = `Suggested by **Pullwise** (${outcome.commitMessage}).`;
  const { comments, patch } = changesAsSuggestions(
    files,
    new Map(change.files.map((f) => [f.path, f])),
    explanation,
  );
  const sections = [
    '### Pullwise fix',
    'This pull request comes from a fork, so Pullwise does not push to it: its change is below as suggestions.',
    outcome.summary,
  ];
  if (patch)
    sections.push(`The part of the change GitHub cannot show as suggestions:\n\n${fence(patch, 'diff')}`);
  if (outcome.tests) {
    sections.push(
      `Tests on the changed code: \`${outcome.tests.command}\` ${outcome.tests.passed ? 'passed' : 'failed'}.`,
    );
  }
  const posted = await postReview(github, prRef, {
    headSha: pr.head.sha,
    body: await redact(fitBody(sections.filter(Boolean).join('\n\n'))),
    comments,
    render: redact,
  });
  return { reviewId: posted.reviewId, comments: posted.inline };
}
