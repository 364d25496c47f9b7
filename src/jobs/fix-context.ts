import type { PullwiseConfig } from '../core/config/schema.js';
import type { ModelClient } from '../core/model/client.js';
import type { PullRequest, RepoRef, Repository } from '../github/github-port.js';
import type { FixJobPayload } from '../intake/job-payloads.js';
import type { Checklist } from './job-comments.js';
import type { JobDeps } from './job-deps.js';

/** How a fix job ends (besides what it said). */
export type FixJobEnd =
  | { status: 'pull-request'; number: number; url: string; branch: string }
  | { status: 'committed'; sha: string; branch: string }
  | { status: 'suggested'; reviewId: number; comments: number }
  | { status: 'no-change' | 'tests-failed' | 'head-moved'; branch?: string }
  | { status: 'skipped'; reason: string };

/** What the authorise step established, for the steps after it: who asked, where, with what. */
export interface FixContext {
  payload: FixJobPayload;
  deps: JobDeps;
  repo: RepoRef;
  repository: Repository;
  /** The pull request the fix is for (a `fix` command on a PR); none for an issue or a task. */
  pr?: PullRequest;
  /** The thread the job reports in; none for a task. */
  issue?: RepoRef & { issue_number: number };
  config: PullwiseConfig;
  model: ModelClient;
  /** For git; also among the secrets `redact` masks. */
  token: string;
  redact: (text: string) => Promise<string>;
  /** Says `body` where the fix was asked for (and keeps it in the job's report). */
  answer: (body: string) => Promise<void>;
  steps: Checklist;
  /** Updates the tracking comment (or logs, for a task) with a headline and the steps. */
  track: (headline: string) => Promise<void>;
  started: number;
}
