import { tmpdir } from 'node:os';
import type { GitHub } from '../../src/github/github-port.js';
import type { JobDeps } from '../../src/jobs/job-deps.js';

/** What a handler test hands a job: this GitHub, a key for the model stand-in, a log it can read. */
export function testJobDeps(
  github: GitHub,
  overrides: Partial<JobDeps> = {},
): JobDeps & { logged: Array<{ level: string; msg?: string; obj: object }> } {
  const logged: Array<{ level: string; msg?: string; obj: object }> = [];
  const at = (level: string) => (obj: object, msg?: string) => void logged.push({ level, msg, obj });
  return {
    github,
    env: { ANTHROPIC_API_KEY: 'sk-ant-test-key-for-handlers' },
    log: { info: at('info'), warn: at('warn'), error: at('error') },
    signal: new AbortController().signal,
    dataDir: tmpdir(),
    botIdentity: async () => ({
      login: 'pullwise[bot]',
      name: 'Pullwise',
      email: '4242+pullwise[bot]@users.noreply.github.com',
    }),
    logged,
    ...overrides,
  };
}
