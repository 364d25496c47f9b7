import type { Learning } from '../core/learnings/learning.js';
import { canTrigger } from '../github/permissions.js';
import type { GitHub, RepoRef } from '../github/github-port.js';
import { parseFindingComment } from '../github/review-marker.js';
import type { LearningStore } from '../learnings/learning-store.js';
import type { JobLogger } from '../queue/job-logger.js';

/** The store's key of a repository: GitHub's names are case-insensitive. */
export function learningsKey(repo: RepoRef): string {
  return `${repo.owner}/${repo.repo}`.toLowerCase();
}

/**
 * The repository's learnings for a review, after turning the 👎 that maintainers put on Pullwise's comments
 * since (reactions have no webhook) into dismissals: one GraphQL query, and one learning per comment. A 👎
 * by someone without write access teaches nothing. Neither GitHub nor the store failing stops the review:
 * it runs without learnings, and says so.
 */
export async function reviewLearnings(
  github: GitHub,
  store: LearningStore | undefined,
  repo: RepoRef,
  log: JobLogger,
): Promise<{ learnings: Learning[]; note?: string }> {
  if (!store) return { learnings: [] };
  const key = learningsKey(repo);
  try {
    await learnFromThumbsDown(github, store, repo);
  } catch (error) {
    log.warn({ err: error }, 'could not read the 👎 on Pullwise comments; the next review will');
  }
  try {
    return { learnings: await store.list(key) };
  } catch (error) {
    log.warn({ err: error }, 'the learnings store did not answer');
    return {
      learnings: [],
      note: `The repository's learnings could not be read (${error instanceof Error ? error.message : String(error)}); this review ran without them.`,
    };
  }
}

async function learnFromThumbsDown(github: GitHub, store: LearningStore, repo: RepoRef): Promise<void> {
  const reacted = await github.thumbsDown(repo);
  const writers = new Map<string, Promise<boolean>>();
  const mayTeach = (login: string) => {
    if (!writers.has(login)) writers.set(login, canTrigger(github, repo, login));
    return writers.get(login)!;
  };
  for (const { comment, users } of reacted) {
    const finding = parseFindingComment(comment.body);
    if (!finding) continue;
    let teacher: string | undefined;
    for (const user of users) {
      if (await mayTeach(user)) {
        teacher = user;
        break;
      }
    }
    if (!teacher) continue;
    await store.add(learningsKey(repo), {
      kind: 'dismissal',
      text: '',
      finding: {
        path: comment.path,
        source: finding.source,
        body: finding.text,
        fingerprint: finding.fingerprint,
      },
      author: teacher,
      link: comment.url,
      key: `dismissed:${comment.id}`,
    });
  }
}
