import { Probot, ProbotOctokit } from 'probot';
import type { JobDeps } from '../../src/jobs/job-deps.js';
import type { ReviewJobPayload } from '../../src/intake/job-payloads.js';
import { runReviewJob } from '../../src/jobs/review-job.js';
import { octokitGitHub } from '../../src/github/octokit-github.js';
import type { JobHandler } from '../../src/queue/worker.js';
import type { AppObservability } from '../../src/observability/app-observability.js';
import { appPrivateKey } from '../helpers/app-harness.js';

/** Codertocat/Hello-World#2, the PR `mockReviewScenario` answers for. */
export const reviewPayload: ReviewJobPayload = {
  owner: 'Codertocat',
  repo: 'Hello-World',
  pull_number: 2,
  sender: { login: 'Codertocat', type: 'User' },
  trigger: 'opened',
};

export const reviewJobInput = (deliveryId = 'delivery-1') => ({
  deliveryId,
  type: 'review',
  key: 'Codertocat/Hello-World#2',
  installationId: 1,
  payload: reviewPayload,
});

/**
 * The App's review handler wired as `startServer` wires it: Probot with the redacting logger and an Octokit
 * class carrying the observability plugin (retries and throttling off, as in every App test), the job's
 * logger, and each model client observed.
 */
export function observedReviewHandler(obs: AppObservability, dataDir: string): JobHandler {
  const Octokit = ProbotOctokit.defaults((options: object) => ({
    ...options,
    retry: { enabled: false },
    throttle: { enabled: false },
  })).plugin(obs.octokitPlugin);
  const probot = new Probot({ appId: 1, privateKey: appPrivateKey(), log: obs.log, Octokit });
  return async (job, signal) => {
    const deps: JobDeps = {
      github: octokitGitHub(await probot.auth(job.installationId)),
      env: { ANTHROPIC_API_KEY: 'sk-ant-test-key' },
      log: obs.jobLogger(job),
      signal,
      dataDir,
      botIdentity: () => Promise.reject(new Error('a review makes no commits')),
      onModel: (model) => obs.observeModel(model),
    };
    return runReviewJob(job.payload as ReviewJobPayload, deps);
  };
}
