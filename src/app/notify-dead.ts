import type { Probot } from 'probot';
import { octokitGitHub } from '../github/octokit-github.js';
import { reply } from '../github/reply.js';
import { answerTarget } from '../intake/job-payloads.js';
import type { Job } from '../queue/job.js';

/** A job that failed for good leaves a visible comment saying what failed, where it was asked for. */
export async function notifyDead(probot: Probot, job: Job, error: Error): Promise<void> {
  const answer = answerTarget(job.payload);
  if (!answer) return;
  const { owner, repo, target } = answer;
  const github = octokitGitHub(await probot.auth(job.installationId));
  await reply(
    github,
    { owner, repo },
    target,
    `**Pullwise** could not finish this ${job.type} job after ${job.attempts} attempts: ${error.message.split('\n')[0]}\n\n` +
      (job.type === 'fix'
        ? 'A maintainer can ask again with a `fix` command or by adding the label again.'
        : 'A maintainer can retry with a new push or a `review` command.'),
  );
}
