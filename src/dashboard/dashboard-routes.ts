import { maskSecretsIn } from '../core/checks/secrets/mask-secrets.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkAccess } from './dashboard-access.js';
import { SECURITY_HEADERS } from './dashboard-headers.js';
import { PAGE_CSP, PAGE_HTML } from './dashboard-page.js';
import type { DashboardSource } from './dashboard-snapshot.js';
import { LiveSnapshots } from './live-snapshots.js';
import { snapshotReader } from './snapshot-reader.js';

/** A route the App's server serves beside the webhooks (it matches src/app/server.ts's RouteHandler). */
type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

export interface DashboardOptions {
  source: DashboardSource;
  /** PULLWISE_DASHBOARD_TOKEN (`readDashboardToken`); none turns the dashboard off: its routes answer 404. */
  token: string | undefined;
  /** How often open dashboards look for changes; default 2 s. */
  pollMs?: number;
  /** Default 15 s. */
  heartbeatMs?: number;
  /** Jobs in the list; default 50. */
  limit?: number;
  /** Days in the totals; default 7. */
  days?: number;
  log?: { warn(obj: object, msg: string): void };
}

export interface Dashboard {
  /** For `startServer`'s routes: the page, its live stream, and the same data as JSON. */
  routes: Record<string, RouteHandler>;
  /** Open live streams. */
  streams(): number;
  /** Ends the live streams: call before closing the HTTP server, which otherwise waits for them forever. */
  close(): void;
}

export function createDashboard(options: DashboardOptions): Dashboard {
  const { token } = options;
  const read = snapshotReader(options.source, { limit: options.limit ?? 50, days: options.days ?? 7 });
  const live = new LiveSnapshots({
    read,
    pollMs: options.pollMs ?? 2_000,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    ...(options.log ? { log: options.log } : {}),
  });

  /** Runs `serve` for a request the token admits; otherwise answers as if nothing were there, or 401. */
  const guarded =
    (serve: (res: ServerResponse) => void | Promise<void>, allowLogin = false): RouteHandler =>
    async (req: IncomingMessage, res: ServerResponse, url: URL) => {
      // The server's own answer for a path it does not know: an off dashboard is indistinguishable.
      if (!token) return void res.writeHead(404).end('not found\n');
      const access = checkAccess(req, url, token, allowLogin);
      if (access.kind === 'denied') {
        res
          .writeHead(401, {
            ...SECURITY_HEADERS,
            'content-type': 'text/plain; charset=utf-8',
            'www-authenticate': 'Bearer realm="pullwise-dashboard"',
          })
          .end('unauthorized\n');
        return;
      }
      if (access.kind === 'login') {
        res
          .writeHead(303, { ...SECURITY_HEADERS, 'set-cookie': access.cookie, location: access.location })
          .end();
        return;
      }
      await serve(res);
    };

  return {
    routes: {
      'GET /dashboard': guarded((res) => {
        res
          .writeHead(200, {
            ...SECURITY_HEADERS,
            'content-security-policy': PAGE_CSP,
            'content-type': 'text/html; charset=utf-8',
          })
          .end(PAGE_HTML);
      }, true),
      'GET /dashboard/events': guarded((res) => {
        for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
        live.add(res);
      }),
      'GET /dashboard/snapshot': guarded(async (res) => {
        // Repository names and job fields are data from webhooks: masked like everything else Pullwise shows.
        const body = maskSecretsIn(JSON.stringify(await read()));
        res
          .writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' })
          .end(body);
      }),
    },
    streams: () => live.size,
    close: () => live.close(),
  };
}
