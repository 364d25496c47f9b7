import type { CancelListener } from './job-queue.js';

export interface CancelFeedOptions {
  /** Running jobs whose cancellation is requested now, as the store says. */
  look: () => Promise<string[]>;
  /** How often `look` runs while anyone listens. */
  intervalMs: number;
  /** The first listener came / the last one left: for a backend that pushes (Redis pub/sub). */
  onFirst?: () => void;
  onLast?: () => void;
}

/**
 * The listeners of one queue instance's `subscribeCancels`. A backend announces what it learns at once
 * (`announce`), and the feed also looks at the store every `intervalMs` while anyone listens: that is how a
 * cancellation requested by another process reaches this one when nothing is pushed (SQLite) or when a push
 * was missed (Redis pub/sub while the connection was down). Each look announces only the ids it did not find
 * the time before, so a job waiting to be stopped is not announced again at every look; but a pushed id is
 * announced by the next look once more, since a push can overtake the claim of its job (two connections)
 * and reach a worker that does not run the job yet.
 */
export class CancelFeed {
  private readonly listeners = new Set<CancelListener>();
  private timer: NodeJS.Timeout | undefined;
  private seen = new Set<string>();
  private looking = false;

  constructor(private readonly options: CancelFeedOptions) {}

  subscribe(listener: CancelListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.stop();
    };
  }

  announce(jobId: string): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(jobId, 'superseded');
      } catch {
        // One listener's failure must not keep the others from hearing.
      }
    }
  }

  close(): void {
    this.listeners.clear();
    this.stop();
  }

  private start(): void {
    this.options.onFirst?.();
    void this.look();
    this.timer = setInterval(() => void this.look(), this.options.intervalMs);
    this.timer.unref(); // listening never keeps the process alive
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.seen.clear();
    this.options.onLast?.();
  }

  private async look(): Promise<void> {
    if (this.looking) return;
    this.looking = true;
    try {
      const ids = await this.options.look();
      if (this.listeners.size === 0) return;
      for (const id of ids) if (!this.seen.has(id)) this.announce(id);
      this.seen = new Set(ids);
    } catch {
      // The store is unreachable for now (a Redis restart, a busy SQLite file): the next look tries again.
    } finally {
      this.looking = false;
    }
  }
}
