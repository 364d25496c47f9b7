import { PullwiseError } from '../errors.js';

/** A repository's clone URL, checked, and where its mirror lives under the cache root. */
export interface RemoteRepo {
  /** The clone URL as given (from the webhook payload or the API), known to hold no credentials. */
  url: string;
  /** Path segments under the cache root: host (with port), then the URL's path, e.g. ghe.corp/acme/app.git. */
  segments: string[];
  /** The last path segment without `.git`, for naming working copies. */
  name: string;
}

const PROTOCOLS = new Set(['https:', 'http:', 'file:']);

/** Keeps names readable and safe as one directory level: no separators, no `..`, nothing hidden. */
function safeSegment(raw: string): string {
  const cleaned = raw.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, (dots) => '_'.repeat(dots.length));
  return cleaned || '_';
}

export function parseCloneUrl(cloneUrl: string): RemoteRepo {
  let url: URL;
  try {
    url = new URL(cloneUrl);
  } catch {
    throw new PullwiseError(`"${cloneUrl}" is not a clone URL`, 'bad-clone-url');
  }
  if (!PROTOCOLS.has(url.protocol)) {
    throw new PullwiseError(`unsupported clone URL protocol ${url.protocol} (use https)`, 'bad-clone-url');
  }
  if (url.username || url.password) {
    // Credentials in a remote URL would be written to the mirror's config: they travel per command instead.
    throw new PullwiseError(
      `the clone URL of ${url.host}${url.pathname} holds credentials; pass the token separately`,
      'bad-clone-url',
    );
  }
  const parts = decodeURIComponent(url.pathname)
    .split('/')
    .filter((part) => part && part !== '.');
  if (parts.length === 0 || parts.includes('..')) {
    throw new PullwiseError(`"${cloneUrl}" does not name a repository`, 'bad-clone-url');
  }
  const last = parts[parts.length - 1]!.replace(/\.git$/, '');
  const host = url.protocol === 'file:' ? 'file' : url.host.toLowerCase();
  return {
    url: url.href,
    segments: [host, ...parts.slice(0, -1), `${last}.git`].map(safeSegment),
    name: safeSegment(last),
  };
}
