import { CONFIG_PATH, formatConfigProblems, parseConfig } from '../core/config/load-config.js';
import type { PullwiseConfig } from '../core/config/schema.js';
import type { ChangeSet } from '../core/diff/change-set.js';
import { LocalRepo } from '../core/git/local-repo.js';

/** What `review` and `describe` read of a local range before the model: the config (base side) and the change. */
export interface LocalChange {
  repo: LocalRepo;
  range: Awaited<ReturnType<LocalRepo['resolveRange']>>;
  config: PullwiseConfig;
  change: ChangeSet;
}

/**
 * Opens `base...head` of a repository. The config comes from the base side, never from the change itself;
 * its problems are warnings (the run goes on with the defaults). `doing` names the run in the progress line.
 */
export async function readLocalChange(
  options: { repo: string; base?: string; head?: string },
  doing: string,
  progress: (message: string) => void,
): Promise<LocalChange> {
  const repo = await LocalRepo.open(options.repo);
  const range = await repo.resolveRange({ base: options.base, head: options.head });
  const { config, problems } = parseConfig(await repo.readFileAt(range.baseTip, CONFIG_PATH));
  if (problems.length > 0)
    progress(`warning: ${formatConfigProblems(problems, CONFIG_PATH).replace(/\n/g, '\n  ')}`);
  const change = await repo.changeSet(range);
  progress(
    `${doing} ${range.baseRef}...${range.headRef} (${range.baseSha.slice(0, 8)}..${range.headSha.slice(0, 8)})`,
  );
  return { repo, range, config, change };
}
