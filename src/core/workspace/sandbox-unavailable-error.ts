import { PullwiseError } from '../errors.js';

const HOW_TO_FIX =
  'install bubblewrap (apt-get install bubblewrap) or allow unprivileged user namespaces, ' +
  'or set `sandbox: none` in .github/pullwise.yml on throwaway CI runners';

/** Commands were asked to run in a bubblewrap sandbox and this machine cannot make one: they do not run. */
export class SandboxUnavailableError extends PullwiseError {
  constructor(
    readonly missing: string,
    options?: { cause?: unknown },
  ) {
    super(
      `No sandbox for the agent's commands: ${missing}. To fix it, ${HOW_TO_FIX}.`,
      'sandbox-unavailable',
      options,
    );
    this.name = 'SandboxUnavailableError';
  }
}
