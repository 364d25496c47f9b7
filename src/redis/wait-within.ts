/**
 * `work`, or the signal's reason once it aborts. Redis commands wait through an outage (openRedis) and cannot
 * be taken back; a job stops waiting for one when the job ends (timeout, cancellation, shutdown), and the
 * command still runs once Redis is back.
 */
export function waitWithin<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
