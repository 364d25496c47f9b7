import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import type { ClaimedJob, Job } from './job.js';
import {
  isPermanent,
  JobCancelledError,
  JobTimeoutError,
  PermanentJobError,
  WorkerStoppingError,
} from './job-errors.js';
import type { JobQueue } from './job-queue.js';
import type { JobLogger } from './job-logger.js';
import * as z from 'zod';

// Over 300 lines on purpose: one state machine (claim, heartbeat, timeout, cancel, retry, wind-down, stop)
// whose parts share a job's in-memory run; split, each part would need the others' private state.

/** What a handler gets besides its job and signal. */
export interface JobRun {
  /**
   * Resolves when this run still holds its job, renewing the lease; otherwise aborts the run and rejects.
   * Call it just before a write to the outside world (a review, a comment, a push): a worker that stalled
   * past its lease (a long GC pause, a frozen VM) may find that another worker has taken the job over since,
   * and then it must write nothing more. Writes made while the run winds down from a cancellation still go.
   */
  confirmLease(): Promise<void>;
  /** What an earlier attempt of this job saved, if any. */
  checkpoint: unknown;
  /**
   * Keeps `value` for the job's later attempts (a retry after a failed publish, a recovery after a crash):
   * call it once the costly part of the work is done. Rejects, and aborts the run, when it lost its job.
   */
  saveCheckpoint(value: unknown): Promise<void>;
}

export type JobHandler = (job: Job, signal: AbortSignal, run: JobRun) => Promise<unknown>;

export interface JobWorkerOptions {
  concurrency: number;
  jobTimeoutMs: number;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  backoff: BackoffOptions;
  /** A claimed job is the worker's for this long; heartbeats renew it every leaseMs / 3. */
  leaseMs: number;
  /** How often to look for due jobs when nobody calls notify() (retries coming due, recovered jobs). */
  pollMs: number;
  /** Give a stable id (one worker per data dir) so a restart requeues its crashed jobs without waiting for the lease. */
  workerId?: string;
  /** Told once when a job is buried after failing; a failure here is logged, never thrown. */
  onDead?: (job: Job, error: Error) => Promise<void>;
  logger?: JobLogger;
  /**
   * Finished jobs older than `keepMs` are deleted, `batch` (default 1000) every `everyMs`, so the store does
   * not grow without end (Redis keeps it all in memory). None: every job is kept.
   */
  retention?: { keepMs: number; everyMs: number; batch?: number };
  /**
   * After a job is aborted (superseded, timed out, stopping), how long its handler may take to wind down
   * before the job's key is freed anyway; default 5 s.
   */
  windDownMs?: number;
  /** For the backoff jitter; tests make it predictable. */
  random?: () => number;
  /**
   * The schema of each job type's payload: a stored payload is parsed before its handler runs, and one that
   * does not match (another version wrote it, or a hand) makes the job dead with what is wrong. Given, it
   * must cover every handler.
   */
  payloads?: Record<string, z.ZodType>;
}

interface RunningJob {
  jobId: string;
  controller: AbortController;
  finished: Promise<void>;
}

type Outcome = { ok: true; result: unknown } | { ok: false; error: unknown };

const silent: JobLogger = { info() {}, warn() {}, error() {} };

/** Another holder took the job over (its lease expired and it was recovered): leave its state alone. */
class LeaseLostError extends Error {
  constructor() {
    super('the job lease was lost');
    this.name = 'LeaseLostError';
  }
}

/**
 * Runs queued jobs: at most `concurrency` at once, one at a time per key (the queue's claim guarantees it),
 * each with a timeout, a lease kept alive by heartbeats, retries with backoff, and a shutdown that finishes
 * or requeues every job it holds.
 */
export class JobWorker {
  readonly workerId: string;
  /**
   * By claim id, not job id: after a stall past its lease this worker may claim a job again while the first
   * run has not noticed yet, and each run must keep its own entry (its slot, its cancellation).
   */
  private readonly active = new Map<string, RunningJob>();
  private readonly logger: JobLogger;
  private readonly timers: NodeJS.Timeout[] = [];
  private phase: 'new' | 'started' | 'stopping' | 'stopped' = 'new';
  private startup: Promise<void> = Promise.resolve();
  private pumping: Promise<void> | null = null;
  private pumpAgain = false;
  private stopping: Promise<void> | null = null;
  private unsubscribeCancels: (() => void) | undefined;
  private unsubscribeEnqueued: (() => void) | undefined;

  constructor(
    private readonly queue: JobQueue,
    private readonly handlers: Record<string, JobHandler>,
    private readonly options: JobWorkerOptions,
  ) {
    if (options.concurrency < 1 || options.maxAttempts < 1 || options.leaseMs <= 0 || options.pollMs <= 0) {
      throw new Error('JobWorker needs concurrency >= 1, maxAttempts >= 1, leaseMs > 0 and pollMs > 0');
    }
    if (options.retention && options.retention.keepMs <= options.backoff.maxMs) {
      // See JobQueue.prune: a job in backoff must not outlive the newer job that supersedes it.
      throw new Error('JobWorker needs a retention longer than the longest retry delay (backoff.maxMs)');
    }
    const unchecked = Object.keys(handlers).filter((type) => options.payloads && !options.payloads[type]);
    if (unchecked.length > 0) throw new Error(`JobWorker has no payload schema for: ${unchecked.join(', ')}`);
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.logger = options.logger ?? silent;
  }

  /** Recovers jobs a crash left running, then starts claiming. Resolves once the recovery ran; never rejects. */
  start(): Promise<void> {
    if (this.phase !== 'new') throw new Error('JobWorker.start() may be called once');
    this.phase = 'started';
    // A newer job superseding one of ours may be enqueued by any process sharing the queue (a web process).
    this.unsubscribeCancels = this.queue.subscribeCancels((jobId, reason) => this.cancel(jobId, reason));
    // A job enqueued by this process or another (a web process) starts now, not at the next poll.
    this.unsubscribeEnqueued = this.queue.subscribeEnqueued(() => this.notify());
    this.startup = this.recover(true).then(() => this.notify());
    this.timers.push(setInterval(() => this.notify(), this.options.pollMs));
    this.timers.push(
      setInterval(() => void this.recover(false).then(() => this.notify()), this.options.leaseMs),
    );
    const retention = this.options.retention;
    if (retention) this.timers.push(setInterval(() => void this.prune(retention), retention.everyMs));
    return this.startup;
  }

  /** Look for work now rather than at the next poll: call after an enqueue. */
  notify(): void {
    if (this.phase === 'started') void this.pump();
  }

  /**
   * Aborts a job this worker is running; false when it runs none by that id. Superseded jobs need no call:
   * the worker hears of them from the queue.
   */
  cancel(jobId: string, reason = 'superseded'): boolean {
    let cancelled = false;
    for (const running of this.active.values()) {
      if (running.jobId !== jobId || running.controller.signal.aborted) continue;
      running.controller.abort(new JobCancelledError(reason));
      cancelled = true;
    }
    return cancelled;
  }

  /** Ids of the jobs this worker runs. */
  running(): string[] {
    return [...new Set([...this.active.values()].map(({ jobId }) => jobId))];
  }

  /** Stops claiming, lets running jobs finish for up to graceMs, then aborts the rest and requeues them. */
  stop({ graceMs }: { graceMs: number }): Promise<void> {
    if (this.phase === 'new') this.phase = 'stopped';
    this.stopping ??= this.phase === 'stopped' ? Promise.resolve() : this.drain(graceMs);
    return this.stopping;
  }

  private async drain(graceMs: number): Promise<void> {
    this.phase = 'stopping';
    for (const timer of this.timers) clearInterval(timer);
    this.unsubscribeEnqueued?.();
    await this.startup;
    await this.pumping;
    const allFinished = () => Promise.all([...this.active.values()].map(({ finished }) => finished));
    let graceTimer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, graceMs)));
    await Promise.race([allFinished(), grace]);
    clearTimeout(graceTimer);
    for (const { controller } of this.active.values()) {
      if (!controller.signal.aborted) controller.abort(new WorkerStoppingError());
    }
    await allFinished();
    this.unsubscribeCancels?.(); // not before: a job superseded during the grace period still stops
    this.phase = 'stopped';
  }

  /** Resolves when this worker runs nothing and no queued job is due (a job waiting out its backoff is not). */
  async idle(): Promise<void> {
    for (;;) {
      if (this.active.size === 0 && !this.pumping) {
        const [due, counts] = await Promise.all([this.queue.dueCount(), this.queue.counts()]);
        if (due === 0 && counts.running === 0 && this.active.size === 0) return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.options.pollMs, 10)));
    }
  }

  private async recover(starting: boolean): Promise<void> {
    try {
      const own = starting ? await this.queue.recoverWorker(this.workerId) : 0;
      // Just after an outage of the store, leases ran out because nobody could renew them: their workers get
      // one lease to do so before the jobs are taken from them (and paid for again).
      const upMs = this.queue.connectedForMs?.() ?? Infinity;
      const expired = upMs >= this.options.leaseMs ? await this.queue.recoverExpired() : 0;
      if (own + expired > 0) this.logger.warn({ own, expired }, 'requeued jobs left running by a crash');
    } catch (error) {
      this.logger.error({ err: error }, 'could not recover jobs left running');
    }
  }

  private async prune({ keepMs, batch = 1000 }: NonNullable<JobWorkerOptions['retention']>): Promise<void> {
    try {
      const deleted = await this.queue.prune(keepMs, batch);
      if (deleted > 0) this.logger.info({ deleted }, 'deleted finished jobs past their retention');
    } catch (error) {
      this.logger.error({ err: error }, 'could not delete old finished jobs');
    }
  }

  // One claim loop at a time; a notify() during it makes it run once more, so no wake-up is lost.
  private pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return this.pumping;
    }
    this.pumping = this.claimWhileFree().finally(() => {
      this.pumping = null;
      if (this.pumpAgain) {
        this.pumpAgain = false;
        this.notify();
      }
    });
    return this.pumping;
  }

  private async claimWhileFree(): Promise<void> {
    while (this.phase === 'started' && this.active.size < this.options.concurrency) {
      let job: ClaimedJob | null;
      try {
        job = await this.queue.claim(this.workerId, this.options.leaseMs);
      } catch (error) {
        this.logger.error({ err: error }, 'could not claim a job');
        return;
      }
      if (!job) return;
      if (this.phase !== 'started') {
        // stop() began while we were claiming; if this fails too, the lease expires and recovery requeues it.
        await this.queue.release(job).catch((error: unknown) => {
          this.logger.error({ err: error, jobId: job.id }, 'could not release a job at shutdown');
        });
        return;
      }
      this.launch(job);
    }
  }

  private launch(job: ClaimedJob): void {
    const controller = new AbortController();
    const finished = this.run(job, controller)
      .catch((error: unknown) => {
        // The job stays running in the queue; its lease expires and recovery requeues it.
        this.logger.error({ err: error, jobId: job.id }, 'could not record the outcome of a job');
      })
      .finally(() => {
        this.active.delete(job.claimId);
        this.notify();
      });
    this.active.set(job.claimId, { jobId: job.id, controller, finished });
  }

  private async run(job: ClaimedJob, controller: AbortController): Promise<void> {
    const handler = Object.hasOwn(this.handlers, job.type) ? this.handlers[job.type] : undefined;
    if (!handler) {
      const known = Object.keys(this.handlers).join(', ');
      return this.fail(job, new PermanentJobError(`no handler for job type "${job.type}" (known: ${known})`));
    }
    const schema = this.options.payloads?.[job.type];
    if (schema) {
      const parsed = schema.safeParse(job.payload);
      if (!parsed.success) {
        const why = z.prettifyError(parsed.error).replace(/\n/g, '; ');
        return this.fail(job, new PermanentJobError(`the "${job.type}" job's payload is invalid: ${why}`));
      }
      job = { ...job, payload: parsed.data };
    }
    if (job.attempts > this.options.maxAttempts) {
      // Every earlier attempt ended without an outcome: it crashed the process or lost its lease.
      const last = job.lastError ? `; last error: ${job.lastError}` : '';
      return this.fail(job, new PermanentJobError(`gave up after ${job.attempts - 1} attempts${last}`));
    }
    this.logger.info({ jobId: job.id, type: job.type, key: job.key, attempt: job.attempts }, 'job started');
    const { jobTimeoutMs, leaseMs } = this.options;
    const timeout = setTimeout(() => controller.abort(new JobTimeoutError(jobTimeoutMs)), jobTimeoutMs);
    // One beat at a time: while the store is down a beat waits for it, and beats must not pile up behind it.
    let beating: Promise<void> | undefined;
    const heartbeat = setInterval(
      () => {
        beating ??= this.heartbeat(job, controller).finally(() => (beating = undefined));
      },
      Math.max(1, leaseMs / 3),
    );
    let outcome: Outcome;
    const confirmLease = async () => {
      if (controller.signal.reason instanceof LeaseLostError) throw controller.signal.reason;
      if (await this.queue.heartbeat(job, leaseMs)) return;
      const lost = new LeaseLostError();
      if (!controller.signal.aborted) controller.abort(lost);
      throw lost;
    };
    const saveCheckpoint = async (value: unknown) => {
      if (await this.queue.saveCheckpoint(job, value)) return;
      const lost = new LeaseLostError();
      if (!controller.signal.aborted) controller.abort(lost);
      throw lost;
    };
    try {
      const work = Promise.resolve(
        handler(job, controller.signal, { confirmLease, checkpoint: job.checkpoint, saveCheckpoint }),
      );
      outcome = {
        ok: true,
        result: await untilAborted(work, controller.signal, this.options.windDownMs ?? 5_000),
      };
    } catch (error) {
      outcome = { ok: false, error };
    } finally {
      clearTimeout(timeout);
      clearInterval(heartbeat);
    }
    await this.settle(job, outcome, controller.signal);
  }

  private async settle(job: ClaimedJob, outcome: Outcome, signal: AbortSignal): Promise<void> {
    const log = { jobId: job.id, type: job.type, key: job.key, attempt: job.attempts };
    if (outcome.ok) {
      await this.queue.complete(job, outcome.result);
      this.logger.info(log, 'job done');
      return;
    }
    // An abort decides the outcome whatever the handler threw on its way out.
    const reason: unknown = signal.aborted ? signal.reason : undefined;
    if (reason instanceof WorkerStoppingError) {
      await this.queue.release(job);
      this.logger.info(log, 'job requeued at shutdown');
    } else if (reason instanceof LeaseLostError) {
      this.logger.warn(log, 'job abandoned: its lease expired and it was recovered');
    } else if (reason instanceof JobCancelledError && reason.reason === 'superseded') {
      await this.queue.markSuperseded(job);
      this.logger.info(log, 'job superseded by a newer one');
    } else if (reason instanceof JobCancelledError) {
      await this.queue.bury(job, reason.message); // deliberate: neither retried nor reported as a failure
      this.logger.info({ ...log, reason: reason.reason }, 'job cancelled');
    } else {
      const error = reason instanceof JobTimeoutError ? reason : toError(outcome.error);
      if (isPermanent(error) || job.attempts >= this.options.maxAttempts) return this.fail(job, error);
      const delayMs = backoffDelay(job.attempts, this.options.backoff, this.options.random);
      await this.queue.retry(job, error.message, delayMs);
      this.logger.warn({ ...log, err: error, delayMs }, 'job failed; will retry');
    }
  }

  private async fail(job: ClaimedJob, error: Error): Promise<void> {
    if (!(await this.queue.bury(job, error.message))) return;
    const buried = (await this.queue.get(job.id)) ?? job;
    const log = { jobId: job.id, type: job.type, key: job.key, err: error };
    if (buried.state === 'superseded') {
      this.logger.info(log, 'job failed after a newer one superseded it; the newer one does its work');
      return;
    }
    this.logger.error(log, 'job dead');
    if (!this.options.onDead) return;
    try {
      await this.options.onDead(buried, error);
    } catch (onDeadError) {
      this.logger.error({ jobId: job.id, err: onDeadError }, 'onDead failed');
    }
  }

  private async heartbeat(job: ClaimedJob, controller: AbortController): Promise<void> {
    try {
      const held = await this.queue.heartbeat(job, this.options.leaseMs);
      if (!held && !controller.signal.aborted) controller.abort(new LeaseLostError());
    } catch (error) {
      this.logger.warn({ jobId: job.id, err: error }, 'heartbeat failed; retrying at the next beat');
    }
  }
}

// The worker stops waiting when the signal aborts, even for a handler that ignores it: a hung handler must
// not hold a slot (or its key) forever. Handlers should still pass the signal to every call they make.
/**
 * The handler's result; once `signal` aborts, its reason — after the handler has wound down, or after
 * `windDownMs` if it does not. The wait keeps the job's key held while a write it had in flight (a comment, a
 * review) lands, so the job that supersedes it sees that write; the bound keeps a handler that ignores its
 * signal from holding its slot.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal, windDownMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => (timer = setTimeout(() => reject(signal.reason), windDownMs));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work
      .then(
        (value) => (signal.aborted ? reject(signal.reason) : resolve(value)),
        (error: unknown) => reject(signal.aborted ? signal.reason : error),
      )
      .finally(() => {
        signal.removeEventListener('abort', onAbort);
        clearTimeout(timer);
      });
  });
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
