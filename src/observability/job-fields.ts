import type { Job } from '../queue/job.js';

/** What identifies a job in logs and traces: the webhook delivery, the job, and the repository and PR/issue. */
export interface JobFields {
  deliveryId: string;
  jobId: string;
  type: string;
  attempt: number;
  /** `owner/repo`, when the payload names one. */
  repo?: string;
  /** The pull request or issue number, when the job is about one. */
  number?: number;
}

/** The fields of `job`; the payload is read loosely because every job type carries owner/repo differently. */
export function jobFields(job: Job): JobFields {
  const payload = (job.payload ?? {}) as {
    owner?: unknown;
    repo?: unknown;
    pull_number?: unknown;
    issue_number?: unknown;
  };
  const fields: JobFields = {
    deliveryId: job.deliveryId,
    jobId: job.id,
    type: job.type,
    attempt: job.attempts,
  };
  if (typeof payload.owner === 'string' && typeof payload.repo === 'string')
    fields.repo = `${payload.owner}/${payload.repo}`;
  const number = payload.pull_number ?? payload.issue_number;
  if (typeof number === 'number') fields.number = number;
  return fields;
}
