import type { IncomingMessage, ServerResponse } from 'node:http';

/** A dependency the App needs to take work: resolves when it answers, rejects (or never settles) when not. */
export type ReadinessCheck = () => Promise<unknown>;

export interface ReadinessOptions {
  /** How long a check may take before it counts as failed; default 2 s. */
  timeoutMs?: number;
  /** Told why a check failed (for the log): the answer names the check only, as error texts can hold URLs. */
  onFailure?: (check: string, error: Error) => void;
}

/**
 * `GET /readyz`: 200 `{"status":"ready"}` when every check answers within the timeout, else 503
 * `{"status":"not ready","failed":[names]}`, so a load balancer stops sending webhooks to a process that
 * cannot store them.
 */
export function readinessRoute(checks: Record<string, ReadinessCheck>, options: ReadinessOptions = {}) {
  const timeoutMs = options.timeoutMs ?? 2_000;
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        const error = await failure(check, timeoutMs);
        if (error) options.onFailure?.(name, error);
        return { name, ok: !error };
      }),
    );
    const failed = results.filter((r) => !r.ok).map((r) => r.name);
    res
      .writeHead(failed.length ? 503 : 200, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
      })
      .end(JSON.stringify(failed.length ? { status: 'not ready', failed } : { status: 'ready' }));
  };
}

/** Why `check` failed, or undefined when it answered in time. */
async function failure(check: ReadinessCheck, timeoutMs: number): Promise<Error | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Error>((resolve) => {
    timer = setTimeout(() => resolve(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  const answer = Promise.resolve()
    .then(check)
    .then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
