import { defaultConfig, type PullwiseConfig } from '../../src/core/config/schema.js';
import { LocalRepo } from '../../src/core/git/local-repo.js';
import { ModelClient } from '../../src/core/model/client.js';
import { UsageLedger } from '../../src/core/model/ledger.js';
import type { ChangeSet } from '../../src/core/diff/change-set.js';
import { makeRepo, type TestRepo } from './git-repo.js';
import { anthropicPlatform } from '../helpers/claude-fake.js';

/** A repo with a base commit and a head commit; returns the change between them, read by real git. */
export async function changeBetween(
  base: Record<string, string | Buffer>,
  head: Record<string, string | Buffer | null>,
  message = 'head change',
): Promise<{ repo: TestRepo; change: ChangeSet }> {
  const repo = makeRepo();
  for (const [file, content] of Object.entries(base)) repo.write(file, content);
  const baseSha = repo.commit('base');
  for (const [file, content] of Object.entries(head)) {
    if (content === null) repo.remove(file);
    else repo.write(file, content);
  }
  const headSha = repo.commit(message);
  const local = await LocalRepo.open(repo.dir);
  const change = await local.changeSet({
    baseSha,
    headSha,
    baseRef: 'base',
    headRef: 'head',
    baseTip: baseSha,
  });
  return { repo, change };
}

export function testConfig(patch: (config: PullwiseConfig) => void = () => {}): PullwiseConfig {
  const config = defaultConfig();
  patch(config);
  return config;
}

/** A real model client (the SDK) whose HTTP calls the test mocks with nock; retries wait little. */
export function testModel(config: PullwiseConfig, options: { maxRetries?: number; baseURL?: string } = {}) {
  return new ModelClient({
    platform: anthropicPlatform('sk-ant-test-key', options.baseURL),
    model: config.model,
    maxRetries: options.maxRetries ?? 2,
    timeoutMs: 10_000,
    ledger: new UsageLedger(
      {
        maxCalls: config.budget.max_calls,
        maxTotalTokens: config.budget.max_total_tokens,
        maxUsd: config.budget.max_usd,
      },
      config.prices,
    ),
  });
}
