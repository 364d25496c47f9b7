// Types for git-http-server.js (plain JS so that the benchmark runs it without a build).

export interface GitHttpRequest {
  method: string;
  path: string;
  /** git-upload-pack (fetch, clone) or git-receive-pack (push); undefined for anything else. */
  service: string | undefined;
  status: number;
  authorized: boolean;
  /** The password sent with user x-access-token, if any. */
  token: string | undefined;
  requestBytes: number;
  responseBytes: number;
}

export interface GitHttpServer {
  baseUrl: string;
  root: string;
  requests: GitHttpRequest[];
  cloneUrl(name: string): string;
  setToken(token: string): void;
  fetchedBytes(since?: number): number;
  close(): Promise<void>;
}

export function startGitHttpServer(options: { root: string; token: string }): Promise<GitHttpServer>;
