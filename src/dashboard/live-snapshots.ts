import { maskSecretsIn } from '../core/checks/secrets/mask-secrets.js';
import type { ServerResponse } from 'node:http';
import type { DashboardSnapshot } from './dashboard-snapshot.js';

export interface LiveSnapshotsOptions {
  read: () => Promise<DashboardSnapshot>;
  pollMs: number;
  /** A comment line this often keeps proxies and load balancers from closing an idle stream. */
  heartbeatMs: number;
  log?: { warn(obj: object, msg: string): void };
}

/** A client that reads slower than this much buffered output is dropped; it reconnects and starts fresh. */
const MAX_BUFFERED_BYTES = 1 << 20;

/**
 * Server-sent events for every open dashboard: ONE poll of the source, whatever the number of viewers, and
 * only while someone watches. A new viewer gets the latest snapshot at once; everyone gets a new one when
 * it differs from the last (a whole snapshot: tens of rows, smaller than the bookkeeping a diff would need).
 */
export class LiveSnapshots {
  private readonly clients = new Set<ServerResponse>();
  private last: string | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private generation = 0;

  constructor(private readonly options: LiveSnapshotsOptions) {}

  /** Open streams. */
  get size(): number {
    return this.clients.size;
  }

  /** Takes over `res` until the client goes away or `close()`. */
  add(res: ServerResponse): void {
    if (this.closed) {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      'x-accel-buffering': 'no', // nginx would otherwise hold events back in its buffer
    });
    res.write('retry: 3000\n\n');
    this.clients.add(res);
    res.on('close', () => this.remove(res));
    if (this.last !== undefined) this.send(res, this.last);
    if (this.clients.size === 1) this.start();
  }

  /** Ends every stream (browsers would reconnect to a server that keeps running) and stops polling. */
  close(): void {
    this.closed = true;
    for (const res of this.clients) res.end();
    this.clients.clear();
    this.stop();
  }

  private remove(res: ServerResponse): void {
    this.clients.delete(res);
    if (this.clients.size === 0) this.stop();
  }

  private start(): void {
    // A setTimeout chain rather than an interval: a slow read never overlaps the next one. A chain left from
    // before a stop() (its read still in flight) sees the generation move on and ends.
    const generation = ++this.generation;
    const poll = async () => {
      try {
        const text = maskSecretsIn(JSON.stringify(await this.options.read()));
        if (generation !== this.generation) return;
        if (text !== this.last) {
          this.last = text;
          for (const res of this.clients) this.send(res, text);
        }
      } catch (error) {
        this.options.log?.warn({ err: error }, 'dashboard snapshot failed');
      }
      if (generation === this.generation) this.pollTimer = setTimeout(poll, this.options.pollMs).unref();
    };
    this.pollTimer = setTimeout(poll, 0).unref();
    this.heartbeatTimer = setInterval(() => {
      for (const res of this.clients) res.write(': keep-alive\n\n');
    }, this.options.heartbeatMs).unref();
  }

  private stop(): void {
    this.generation++;
    clearTimeout(this.pollTimer);
    clearInterval(this.heartbeatTimer);
    this.pollTimer = this.heartbeatTimer = undefined;
    // Nobody watches: the next viewer must not be shown what was true when the last one left.
    this.last = undefined;
  }

  private send(res: ServerResponse, text: string): void {
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      res.destroy();
      return;
    }
    res.write(`event: snapshot\ndata: ${text}\n\n`);
  }
}
