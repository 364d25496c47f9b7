import { PullwiseError } from '../errors.js';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Failed calls in a row (each after the SDK's own retries) that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one call may probe; doubles per failed probe up to maxOpenMs. */
  openMs: number;
  maxOpenMs: number;
  now?: () => number;
  /** Told on every change of state (for logs and metrics). */
  onStateChange?: (state: CircuitState, reason: string) => void;
}

/**
 * A circuit breaker around the model API, shared by every job of a process. When the API keeps failing
 * (5xx, 529 overloaded, unreachable — after the SDK's retries), it opens: calls then WAIT instead of failing,
 * so jobs are not burnt through their attempts during an outage. After `openMs` one call probes; success
 * closes the circuit and lets every waiting call through, failure opens it again for longer. Waiting is
 * abortable (a job's timeout or cancellation still ends it).
 */
export class CircuitBreaker {
  private state: CircuitState = 'closed';
  private failures = 0;
  private openUntil = 0;
  private currentOpenMs: number;
  private probing = false;
  private waiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
    this.currentOpenMs = options.openMs;
  }

  get status(): CircuitState {
    return this.state;
  }

  /** Resolves when a call may go: at once when closed; when open, once it may probe (one caller) or closes. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      if (this.state === 'closed') return;
      if (this.state === 'open' && this.now() >= this.openUntil)
        this.transition('half-open', 'cool-down over');
      if (this.state === 'half-open' && !this.probing) {
        this.probing = true;
        return;
      }
      await this.waitForChange(signal);
    }
  }

  succeeded(): void {
    this.failures = 0;
    this.probing = false;
    this.currentOpenMs = this.options.openMs;
    if (this.state !== 'closed') this.transition('closed', 'a call succeeded');
  }

  /** A call failed in a way that says the API is down (not a bad request or a bad key). */
  failed(reason: string): void {
    this.failures++;
    const wasProbe = this.probing;
    this.probing = false;
    if (
      this.state === 'half-open' ||
      (this.state === 'closed' && this.failures >= this.options.failureThreshold)
    ) {
      if (wasProbe) this.currentOpenMs = Math.min(this.currentOpenMs * 2, this.options.maxOpenMs);
      this.openUntil = this.now() + this.currentOpenMs;
      this.transition('open', `${this.failures} failed calls in a row (last: ${reason})`);
      this.wakeWhenDue();
    }
  }

  /**
   * Waiters sleep until the cool-down ends; then they are woken to probe. Node's timers run on a loop clock
   * that can lag Date.now(), so a timer may fire a few ms before `openUntil` by the breaker's clock: then it
   * is set again for what remains, or the waiters would find the circuit still open and sleep for ever.
   */
  private wakeWhenDue(): void {
    clearTimeout(this.timer);
    const remaining = this.openUntil - this.now();
    if (remaining <= 0) return this.wake();
    this.timer = setTimeout(() => this.wakeWhenDue(), remaining);
    this.timer.unref();
  }

  /** The call that acquired did not get to a verdict (cancelled): let another caller probe. */
  released(): void {
    if (this.probing) {
      this.probing = false;
      this.wake();
    }
  }

  private transition(state: CircuitState, reason: string): void {
    this.state = state;
    this.options.onStateChange?.(state, reason);
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters.splice(0);
    for (const wake of waiters) wake();
  }

  private waitForChange(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.waiters = this.waiters.filter((w) => w !== done);
        reject(
          signal?.reason instanceof Error
            ? signal.reason
            : new PullwiseError('the model call was cancelled while the model API was down', 'cancelled'),
        );
      };
      const done = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiters.push(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** The errors that say the model API is down, as `describeApiError` codes them. */
export const OUTAGE_CODES = new Set(['overloaded', 'server', 'connection', 'timeout']);
