import { devNull } from 'node:os';
import { simpleGit, type SimpleGit } from 'simple-git';
import { PullwiseError } from '../errors.js';

/**
 * Git for one command, with the installation token (when given) in that command's environment only:
 * `GIT_CONFIG_COUNT`/`KEY`/`VALUE` add an `http.extraHeader` that lives as long as the process (and the
 * git processes it starts, such as the lazy fetch of missing blobs). Nothing reaches `.git/config`, a
 * remote URL, the command line (`ps` shows argv to everyone) or a credential helper.
 */
export interface GitCommandOptions {
  /** Working directory of the command. */
  cwd: string;
  token?: string;
  signal?: AbortSignal;
  /** More environment for this command, e.g. GIT_DIR and GIT_WORK_TREE, or an author identity. */
  env?: Record<string, string>;
}

/** GitHub Apps authenticate git over HTTPS as user `x-access-token` with the installation token as password. */
export function basicCredentials(token: string): string {
  return Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
}

// What git needs from our environment, and nothing else: not the API key or the App's private key, not the
// user's GIT_DIR, GIT_ASKPASS or GIT_TRACE_CURL (which logs headers). Proxies and CA bundles stay, for
// GitHub Enterprise Server behind a corporate proxy or with a private CA.
const INHERITED = new Set([
  'PATH',
  'HOME',
  'TMPDIR',
  'TMP',
  'TEMP',
  'SYSTEMROOT',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'GIT_SSL_CAINFO',
  'GIT_SSL_CAPATH',
]);

export function gitEnv(token?: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && INHERITED.has(name)) env[name] = value;
  }
  Object.assign(env, {
    // The user's and the system's git config stay out: no credential helper that could store or supply
    // credentials, no askpass, no url rewriting, no hooks path; the output formats are git's defaults.
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: devNull,
    GIT_TERMINAL_PROMPT: '0',
    // English messages: errors are classified by their text.
    LC_ALL: 'C',
    LANGUAGE: '',
    ...extra,
  });
  if (token) {
    Object.assign(env, {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${basicCredentials(token)}`,
    });
  }
  return env;
}

/**
 * A simple-git instance for one command (see GitCommandOptions); make a new one for each command. simple-git
 * waits 50 ms after a command that printed nothing, so our commands print something where that is free
 * (`--verbose`, `--porcelain`, no `--quiet`).
 */
export function gitCommand(options: GitCommandOptions): SimpleGit {
  if (options.token && simpleGitDebugEnabled(process.env.DEBUG)) {
    throw new PullwiseError(
      `DEBUG=${process.env.DEBUG} turns on simple-git's debug output, which prints each git command's ` +
        `environment, where the installation token travels: leave simple-git out (e.g. add ",-simple-git*")`,
      'unsafe-debug',
    );
  }
  const env = gitEnv(options.token, options.env);
  return simpleGit({
    baseDir: options.cwd,
    ...(options.signal ? { abort: options.signal } : {}),
    // Every name in `env` was put there on purpose: simple-git would otherwise refuse the GIT_* ones.
    allowEnvironment: Object.keys(env),
    unsafe: { allowUnsafeConfigEnvCount: true, allowUnsafeConfigPaths: true },
  }).env(env);
}

/**
 * Whether a DEBUG value (the `debug` package's syntax: names or `*` patterns, comma or space separated,
 * `-` to exclude) enables simple-git's per-command logger, `simple-git:task:<command>:<n>`.
 */
export function simpleGitDebugEnabled(debug: string | undefined): boolean {
  const matches = (pattern: string) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(
      'simple-git:task:fetch:1',
    );
  const patterns = (debug ?? '').split(/[\s,]+/).filter(Boolean);
  const skipped = patterns.some((p) => p.startsWith('-') && matches(p.slice(1)));
  return !skipped && patterns.some((p) => !p.startsWith('-') && matches(p));
}

/** Replaces the token, and every encoding of it git could print, with `***`. */
export function scrubSecrets(text: string, token?: string): string {
  let out = text.replace(/(authorization:\s*)[^\r\n]*/gi, '$1***');
  if (token) {
    const forms = [token, basicCredentials(token), Buffer.from(token, 'utf8').toString('base64')];
    for (const form of forms) out = out.split(form).join('***');
  }
  return out;
}

const AUTH_FAILURE =
  /Authentication failed|could not read (Username|Password)|terminal prompts disabled|returned error: 40[13]|HTTP 40[13]|Invalid username or password/i;
const UNKNOWN_REF = /couldn't find remote ref|not our ref|no such remote ref|unadvertised object/i;
const NOT_FOUND = /repository '[^']*' not found|returned error: 404/i;

/**
 * The lines of git's output that say what went wrong (git prints progress and hints around them): fatal and
 * error lines, and `push --porcelain`'s rejected refs (`!<tab>from:to<tab>[rejected] (reason)`).
 */
function gitProblem(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const fatal = lines.filter((line) => /^(fatal|error):|^!\s/i.test(line));
  return (fatal.length ? fatal : lines.slice(-2)).join(' ').slice(0, 500);
}

/**
 * A git failure as a PullwiseError whose message and properties cannot hold the token: the original error
 * (simple-git puts git's stderr and stdout in it) is read, scrubbed and dropped, never attached as cause.
 */
export function gitFailure(action: string, error: unknown, token?: string): PullwiseError {
  if (error instanceof PullwiseError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  // simple-git's abort plugin rejects with a GitPluginError whose `plugin` is 'abort'.
  if ((error as { plugin?: unknown } | undefined)?.plugin === 'abort') {
    return new PullwiseError(`${action}: cancelled`, 'cancelled');
  }
  const problem = scrubSecrets(gitProblem(raw), token);
  if (AUTH_FAILURE.test(raw)) {
    return new PullwiseError(
      `${action}: the server refused the credentials (the installation token is missing, expired, or has ` +
        `no access to this repository) — git said: ${problem}`,
      'git-auth',
    );
  }
  if (UNKNOWN_REF.test(raw))
    return new PullwiseError(`${action}: no such ref — git said: ${problem}`, 'unknown-ref');
  if (NOT_FOUND.test(raw)) {
    return new PullwiseError(`${action}: repository not found — git said: ${problem}`, 'repo-not-found');
  }
  return new PullwiseError(`${action} failed: ${problem}`, 'git-failed');
}
