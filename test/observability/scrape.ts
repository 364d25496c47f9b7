import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RoutesServer {
  get(path: string): Promise<{ status: number; contentType: string | null; text: string }>;
  close(): Promise<void>;
}

/** Routes on a loopback node:http server, dispatched as `startServer` does ('GET /path'). */
export async function serveRoutes(routes: Record<string, Route>): Promise<RoutesServer> {
  const http = createServer((req, res) => {
    const route = routes[`${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`];
    if (!route) return void res.writeHead(404).end();
    Promise.resolve(route(req, res)).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    async get(path) {
      const response = await fetch(`${base}${path}`);
      return {
        status: response.status,
        contentType: response.headers.get('content-type'),
        text: await response.text(),
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

/**
 * One sample's value from Prometheus' text format, found by name and exact labels (in any order); undefined
 * when the series is not there.
 */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = canonical(labels);
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      found[key!] = value!;
    if (canonical(found) === wanted) return Number(match[3]);
  }
  return undefined;
}

const canonical = (labels: Record<string, string>) =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
