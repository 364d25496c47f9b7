import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { runCommandJob } from '../jobs/command-job.js';
import { runFixJob } from '../jobs/fix-job.js';
import { knownSecrets, type JobDeps } from '../jobs/job-deps.js';
import type { JobLogger } from '../queue/job-logger.js';
import { totalUsage } from '../jobs/job-usage.js';
import { runReviewJob } from '../jobs/review-job.js';
import { parseConfig } from '../core/config/load-config.js';
import { PullwiseError } from '../core/errors.js';
import type { ModelClient } from '../core/model/client.js';
import { tokenIdentity, type BotIdentity } from '../github/bot-identity.js';
import type { GitHubClient } from '../github/client.js';
import { octokitGitHub } from '../github/octokit-github.js';
import { canTrigger } from '../github/permissions.js';
import { configOverrides, platformEnv, readActionInputs } from './action-inputs.js';
import { maskSecretsIn } from '../core/checks/secrets/mask-secrets.js';
import { maskWrites } from '../github/mask-writes.js';
import { actionOctokit } from './action-octokit.js';
import { decideActionJob, type ActionEvent } from './action-job.js';
import { actionReport } from './action-report.js';

/**
 * The Action: one workflow run is one job, decided and run by the same code as the App's (`jobForEvent`,
 * `runReviewJob`, `runCommandJob`, `runFixJob`), with the workflow's token instead of an installation's.
 * Reports through the step's outputs, its job summary and, where the token cannot write, annotations.
 */
export async function runAction(env: Record<string, string | undefined> = process.env): Promise<void> {
  const started = Date.now();
  const inputs = readActionInputs(env);
  const modelEnv = platformEnv(inputs, env);
  // Masked before anything could print them.
  const ownSecrets = [inputs.anthropicApiKey, inputs.githubToken, ...knownSecrets(modelEnv)].filter(
    (s): s is string => Boolean(s),
  );
  for (const secret of ownSecrets) core.setSecret(secret);
  if (!inputs.githubToken)
    throw new PullwiseError('input github_token is empty: pass `${{ github.token }}`', 'config');
  const overrides = configOverrides(inputs);

  const event = readEvent(env);
  const job = decideActionJob(event, inputs);
  const octokit = createOctokit(inputs.githubToken, env);
  maskWrites(octokit, ownSecrets);
  const github = octokitGitHub(octokit);
  const models: ModelClient[] = [];
  const fromForkPullRequest = event.name === 'pull_request' && isFromFork(event.payload);
  const controller = new AbortController();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => controller.abort(new Error(`the workflow run was cancelled (${signal})`)));
  }

  let bot: Promise<BotIdentity> | undefined;
  const deps: JobDeps = {
    github,
    env: {
      ...modelEnv,
      ANTHROPIC_API_KEY: inputs.anthropicApiKey,
      ANTHROPIC_BASE_URL: env.ANTHROPIC_BASE_URL,
      GITHUB_TOKEN: inputs.githubToken,
    },
    log: actionsLogger((text) => maskSecretsIn(text, ownSecrets)),
    signal: controller.signal,
    dataDir: path.join(env.RUNNER_TEMP || tmpdir(), 'pullwise'),
    botIdentity: () => (bot ??= tokenIdentity(octokit)),
    onModel: (model) => models.push(model),
    configSource: { ...(inputs.configPath ? { path: inputs.configPath } : {}), overrides },
    // On a `pull_request` run from a fork GitHub gives a read-only token and no secrets.
    canWrite: !fromForkPullRequest,
    // The runner holds this repository's secrets: a fork's code is never run here, not even sandboxed.
    runForkCode: false,
    repoChoosesProvider: true,
    missingKeyReason: fromForkPullRequest
      ? 'GitHub gives no secrets (ANTHROPIC_API_KEY) to `pull_request` runs from forks'
      : 'the anthropic_api_key input is empty',
  };

  let outcome;
  switch (job.type) {
    case 'review':
      outcome = await runReviewJob(job.payload, deps);
      break;
    case 'command':
      outcome = await runCommandJob(job.payload, deps);
      break;
    case 'fix':
      if (
        job.payload.trigger === 'task' &&
        !(await canTrigger(
          github,
          { owner: job.payload.owner, repo: job.payload.repo },
          job.payload.requester.login,
        ))
      ) {
        outcome = {
          status: 'skipped' as const,
          reason: `${job.payload.requester.login} has no write access`,
          said: [],
        };
        break;
      }
      outcome = await runFixJob(job.payload, deps);
      break;
    case 'none':
      outcome = { status: 'none' as const, reason: job.reason };
      break;
  }

  const config = parseConfig(null, undefined, overrides).config;
  const report = actionReport(outcome, {
    job,
    repository: event.repository,
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    runUrl:
      env.GITHUB_SERVER_URL && env.GITHUB_RUN_ID
        ? `${env.GITHUB_SERVER_URL}/${event.repository}/actions/runs/${env.GITHUB_RUN_ID}`
        : undefined,
    usage: totalUsage(models),
    durationMs: Date.now() - started,
    failOn: config.review.fail_on,
  });
  // Outputs, annotations, the summary and the log are read by people and later steps: masked like GitHub writes.
  const mask = (text: string) => maskSecretsIn(text, ownSecrets);
  for (const [name, value] of Object.entries(report.outputs)) core.setOutput(name, mask(value));
  for (const a of report.annotations) {
    const properties = {
      file: a.file,
      startLine: a.startLine,
      endLine: a.endLine,
      title: a.title && mask(a.title),
    };
    if (a.level === 'failure') core.error(mask(a.message), properties);
    else if (a.level === 'warning') core.warning(mask(a.message), properties);
    else core.notice(mask(a.message), properties);
  }
  const summary = mask(report.summary);
  if (env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary).write();
  core.info(summary);
  if (report.failure) core.setFailed(mask(report.failure));
}

/** The fields of event payloads read here (GitHub's have many more). */
interface EventPayload extends Record<string, unknown> {
  repository?: { full_name?: string };
  sender?: { login?: string };
  pull_request?: {
    head?: { repo?: { full_name?: string } | null };
    base?: { repo?: { full_name?: string } };
  };
}

/** A pull request whose head is in another repository (or a deleted fork). */
function isFromFork(payload: EventPayload): boolean {
  const pr = payload.pull_request;
  return Boolean(pr) && pr?.head?.repo?.full_name !== pr?.base?.repo?.full_name;
}

function readEvent(env: Record<string, string | undefined>): ActionEvent {
  const name = env.GITHUB_EVENT_NAME;
  const file = env.GITHUB_EVENT_PATH;
  if (!name || !file) {
    throw new PullwiseError(
      'GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are not set: run Pullwise as a step of a GitHub Actions workflow',
      'config',
    );
  }
  let payload: EventPayload;
  try {
    payload = JSON.parse(readFileSync(file, 'utf8')) as EventPayload;
  } catch (error) {
    throw new PullwiseError(`cannot read the event payload ${file}: ${(error as Error).message}`, 'config');
  }
  return {
    name,
    payload,
    repository: env.GITHUB_REPOSITORY || String(payload.repository?.full_name ?? ''),
    actor: env.GITHUB_ACTOR || String(payload.sender?.login ?? ''),
    runId: `${env.GITHUB_RUN_ID ?? 'local'}-${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
  };
}

function createOctokit(token: string, env: Record<string, string | undefined>): GitHubClient {
  return actionOctokit({
    token,
    baseUrl: env.GITHUB_API_URL || 'https://api.github.com',
    log: {
      debug: (message) => core.debug(message),
      info: (message) => core.info(message),
      warn: (message) => core.warning(message),
      error: (message) => core.error(message),
    },
  });
}

function actionsLogger(mask: (text: string) => string): JobLogger {
  const line = (obj: object, msg?: string) => mask(rawLine(obj, msg));
  const rawLine = (obj: object, msg?: string) => {
    const fields = Object.entries(obj)
      .filter(([key]) => key !== 'err')
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
    const err = (obj as { err?: Error }).err;
    return [msg, ...fields, err ? `(${err.message})` : ''].filter(Boolean).join(' ');
  };
  return {
    info: (obj, msg) => core.info(line(obj, msg)),
    warn: (obj, msg) => core.warning(line(obj, msg)),
    error: (obj, msg) => core.error(line(obj, msg)),
  };
}
