/**
 * The argv of the host process that starts a command: a small /bin/sh script that sends stderr into stdout
 * (one pipe, so the output interleaves as on a terminal), runs `setupLines` in its own process (joining
 * cgroups, setting rlimits: whatever it does is inherited by all the command starts), then execs `argv`.
 */
export function launcherArgv(setupLines: string[], argv: string[]): string[] {
  const script = ['exec 2>&1', ...setupLines, 'exec "$@"'].join('\n');
  return ['/bin/sh', '-c', script, 'pullwise-launcher', ...argv];
}
