import type { SystemLayout } from './bubblewrap-layout.js';

/** The sandbox's user: unprivileged inside its user namespace (owner of the checkout there). */
export const SANDBOX_UID = 1000;
export const SANDBOX_TMP = '/tmp';
export const SANDBOX_HOME = '/tmp/home';
const SYSTEM_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** What bwrap can do here, from its --help (older versions lack some options). */
export interface BubblewrapFeatures {
  /** `--size` caps a tmpfs (bubblewrap 0.8). */
  tmpfsSize: boolean;
  /** `--disable-userns` stops the sandbox from making user namespaces of its own (bubblewrap 0.8). */
  disableUserns: boolean;
}

export interface BubblewrapPlan {
  layout: SystemLayout;
  features: BubblewrapFeatures;
  /** The checkout: bound read-write from `realRoot` on the host to `root` inside (the same path). */
  root: string;
  realRoot: string;
  /** Host folders visible read-only at the same path (e.g. the git folder of a worktree checkout). */
  readOnly?: string[];
  /** Size of the private /tmp (it is memory). */
  tmpBytes: number;
}

export function sandboxPath(layout: SystemLayout): string {
  return [...layout.pathDirs.filter((dir) => !SYSTEM_PATH.includes(dir)), ...SYSTEM_PATH].join(':');
}

export function bubblewrapArgs(
  plan: BubblewrapPlan,
  run: { cwd: string; env: Record<string, string> },
  command: string,
): string[] {
  return [
    // Every namespace: the network one has only its own loopback, down, so nothing at all is reachable.
    '--unshare-all',
    '--unshare-user',
    '--uid',
    String(SANDBOX_UID),
    '--gid',
    String(SANDBOX_UID),
    ...(plan.features.disableUserns ? ['--disable-userns'] : []),
    // Run as root, bwrap would otherwise leave uid 0's capabilities to the command.
    '--cap-drop',
    'ALL',
    '--die-with-parent',
    // A session of its own: no terminal to push input into (TIOCSTI).
    '--new-session',
    '--clearenv',
    ...Object.entries(run.env).flatMap(([name, value]) => ['--setenv', name, value]),
    ...plan.layout.systemArgs,
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    ...(plan.features.tmpfsSize ? ['--size', String(plan.tmpBytes)] : []),
    '--tmpfs',
    SANDBOX_TMP,
    '--dir',
    SANDBOX_HOME,
    // After /tmp, so a Node.js or a checkout that lives under the host's /tmp is still there.
    ...plan.layout.nodeArgs,
    ...(plan.readOnly ?? []).flatMap((dir) => ['--ro-bind', dir, dir]),
    '--bind',
    plan.realRoot,
    plan.root,
    // The sandbox's own root directory is a writable tmpfs until made read-only.
    '--remount-ro',
    '/',
    '--chdir',
    run.cwd,
    // bwrap writes the host pid of the sandbox's init here: killing it takes down the whole pid namespace.
    '--info-fd',
    '3',
    '--',
    '/bin/sh',
    '-c',
    command,
  ];
}
