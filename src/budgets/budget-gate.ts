import { admitJob } from './budget-check.js';
import { hasLimits, limitsFor, type LimitsConfig } from './installation-limits.js';
import type { UsageStore } from './usage-store.js';
import type { Job } from '../queue/job.js';
import type { GitHub } from '../github/github-port.js';
import { ensureComment } from '../github/ensure-comment.js';

const OVER_BUDGET_MARKER = '<!-- pullwise:over-budget -->';

export interface OverBudgetResult {
  status: 'over-budget';
  reason: string;
  resetsAt: string;
}

/**
 * Per-installation limits around every job: before it runs, the installation's spend this day and month and
 * its jobs in the last hour are checked (and the job counted); a job over a limit is not run — no model call
 * — and its pull request or issue gets ONE comment (updated in place) saying why and when the limit resets.
 * After it runs, what its model calls cost is added to the installation's spend.
 */
export class BudgetGate {
  constructor(
    private readonly store: UsageStore,
    private readonly limits: LimitsConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when the usage store answers (a read), for GET /readyz. */
  async ready(): Promise<void> {
    await this.store.totals(0, this.now());
  }

  /** undefined: run the job; otherwise the job's result, the limit having been told where it was asked for. */
  async refuse(job: Job, github: GitHub): Promise<OverBudgetResult | undefined> {
    if (job.installationId === undefined) return undefined;
    const limits = limitsFor(this.limits, job.installationId);
    if (!hasLimits(limits)) return undefined;
    const at = this.now();
    const decision = await admitJob(this.store, limits, job.installationId, job.id, at);
    if (decision.ok) return undefined;
    const resetsAt = new Date(decision.resetsAt).toISOString();
    const target = commentTarget(job);
    if (target) {
      const hours = Math.max(1, Math.round((decision.resetsAt - at) / 3_600_000));
      await ensureComment(
        github,
        target,
        OVER_BUDGET_MARKER,
        `**Pullwise** did not run: ${decision.reason}. The limit resets at ${resetsAt.replace('T', ' ').slice(0, 16)} UTC ` +
          `(in about ${hours} h); after that, push again or ask with a command. The App's operator sets these limits.`,
      );
    }
    return { status: 'over-budget', reason: decision.reason, resetsAt };
  }

  async record(job: Job, usd: number): Promise<void> {
    if (job.installationId !== undefined && usd > 0)
      await this.store.recordCost(job.installationId, usd, this.now());
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

function commentTarget(job: Job): { owner: string; repo: string; issue_number: number } | undefined {
  const payload = job.payload as {
    owner?: string;
    repo?: string;
    pull_number?: number;
    issue_number?: number;
  };
  const number = payload.pull_number ?? payload.issue_number;
  if (!payload.owner || !payload.repo || number === undefined) return undefined;
  return { owner: payload.owner, repo: payload.repo, issue_number: number };
}
