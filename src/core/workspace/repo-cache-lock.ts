// One mirror, one writer at a time, within this process: fetches rewrite the mirror's shallow file and refs,
// and worktree add/prune its worktree list. Shared by every RepoCache of the process (keyed by the mirror's
// path), so two caches on the same folder still take turns. Across processes git's own lock files
// (shallow.lock, *.lock on refs) make a concurrent writer fail cleanly instead of corrupting anything.

const tails = new Map<string, Promise<void>>();

/** Runs `task` once every task queued before it for `key` has settled (resolved or rejected). */
export function withRepoLock<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(task);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}
