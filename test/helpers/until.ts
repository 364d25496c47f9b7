/** Waits until `condition` holds, checking every few milliseconds; fails with `what` after the timeout. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what = 'a condition',
  timeoutMs = 20_000,
): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
