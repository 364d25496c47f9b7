/** Thrown by a handler when another attempt cannot help (bad input, missing permission): buried at once. */
export class PermanentJobError extends Error {
  readonly permanent = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

/** The abort reason a handler sees when its job ran longer than `jobTimeoutMs`; counts as a failed attempt. */
export class JobTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`job timed out after ${timeoutMs} ms`);
    this.name = 'JobTimeoutError';
  }
}

/** The abort reason a handler sees after `worker.cancel(id, reason)`; `reason` 'superseded' is the usual one. */
export class JobCancelledError extends Error {
  constructor(readonly reason: string) {
    super(`job cancelled: ${reason}`);
    this.name = 'JobCancelledError';
  }
}

/** The abort reason a handler sees when the worker shuts down: the job goes back to the queue, not lost. */
export class WorkerStoppingError extends Error {
  constructor() {
    super('worker is stopping; the job goes back to the queue');
    this.name = 'WorkerStoppingError';
  }
}

/** True for PermanentJobError and for any error carrying `permanent: true` (so adapters need not import us). */
export function isPermanent(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true;
}
