import type { GitHub, RepoRef } from '../github/github-port.js';
import { ensureComment } from '../github/ensure-comment.js';

/** The comments jobs keep up to date on a PR or issue, one of each per thread, found again by its marker. */
export const MARKERS = {
  reviewTracking: '<!-- pullwise:tracking -->',
  fixTracking: '<!-- pullwise:fix-tracking -->',
  configProblems: '<!-- pullwise:config-problems -->',
  /** The walkthrough in `describe.mode: comment`, or where it goes when a person edited the body's section. */
  walkthrough: '<!-- pullwise:walkthrough -->',
} as const;

type Thread = RepoRef & { issue_number: number };

/** A job's steps as a task list, ticked as they are done, for its tracking comment. */
export class Checklist {
  private doneCount = 0;

  constructor(private readonly items: readonly string[]) {}

  /** Steps up to `index` are done (never undone: a later step implies the earlier ones). */
  done(index: number): void {
    this.doneCount = Math.max(this.doneCount, index + 1);
  }

  render(): string {
    return this.items.map((item, i) => `- [${i < this.doneCount ? 'x' : ' '}] ${item}`).join('\n');
  }
}

/** The job's tracking comment: a headline and where its steps are. */
export function trackJob(
  github: GitHub,
  thread: Thread,
  marker: (typeof MARKERS)['reviewTracking' | 'fixTracking'],
  headline: string,
  steps: Checklist,
): Promise<number> {
  return ensureComment(github, thread, marker, `${headline}\n\n${steps.render()}`);
}

/** What is wrong with the repository's config, once per thread (updated in place when it changes). */
export function reportConfigProblems(github: GitHub, thread: Thread, text: string): Promise<number> {
  return ensureComment(github, thread, MARKERS.configProblems, text);
}
