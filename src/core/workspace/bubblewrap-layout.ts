import { access, lstat, readdir, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** What of the host a sandbox sees, read-only, besides the checkout and its private /tmp. */
export interface SystemLayout {
  /** bwrap arguments for /usr, the top-level system links or directories, and /etc. */
  systemArgs: string[];
  /** bwrap arguments for the Node.js running this server, when it is installed outside /usr. */
  nodeArgs: string[];
  /** Directories to put first on the sandbox's PATH. */
  pathDirs: string[];
}

// Merged-/usr systems have these as links into /usr; older ones as real directories.
const TOP_LEVEL = ['/bin', '/sbin', '/lib', '/lib64', '/lib32', '/libx32'];

/**
 * Only what commands need is there: not `/` wholesale, so the App's private key, the data directory, /root
 * and everything else outside these paths does not exist inside.
 */
export async function systemLayout(execPath: string = process.execPath): Promise<SystemLayout> {
  const systemArgs = ['--ro-bind', '/usr', '/usr'];
  for (const path of TOP_LEVEL) {
    const stats = await lstat(path).catch(() => undefined);
    if (stats?.isSymbolicLink()) systemArgs.push('--symlink', await readlink(path), path);
    else if (stats?.isDirectory()) systemArgs.push('--ro-bind', path, path);
  }
  systemArgs.push('--ro-bind', '/etc', '/etc', ...(await hiddenEtcEntries('/etc')));
  const node = await nodeInstall(execPath);
  return { systemArgs, nodeArgs: node.args, pathDirs: [node.binDir] };
}

/**
 * bwrap arguments that blank out what only privileged users may read in /etc (/etc/shadow, private TLS
 * keys, …). When the server runs as root, the sandbox's user is root's uid outside the user namespace: with
 * no capabilities it still passes the owner permission checks on root's files, so they must not be there.
 */
export async function hiddenEtcEntries(dir: string): Promise<string[]> {
  const args: string[] = [];
  const entries = await readdir(dir).catch(() => []);
  for (const name of entries) {
    const path = join(dir, name);
    const stats = await lstat(path).catch(() => undefined);
    if (!stats) continue;
    const others = stats.mode & 0o007;
    if (stats.isDirectory()) {
      if ((others & 0o005) !== 0o005) args.push('--tmpfs', path, '--remount-ro', path);
      else args.push(...(await hiddenEtcEntries(path)));
    } else if (stats.isFile() && (others & 0o004) === 0) {
      args.push('--ro-bind', '/dev/null', path);
    }
  }
  return args;
}

/**
 * node and npm must work inside, so a repository's `npm test` runs. A Node.js outside /usr (nvm, a tarball
 * under /opt) is bound read-only: its whole install prefix when it has the usual layout (bin/node next to
 * lib/node_modules, where npm lives), else just the binary, never a directory that might be someone's home.
 */
async function nodeInstall(execPath: string): Promise<{ args: string[]; binDir: string }> {
  const node = await realpath(execPath);
  const binDir = dirname(node);
  if (node.startsWith('/usr/')) return { args: [], binDir };
  const prefix = dirname(binDir);
  const usualLayout =
    basename(binDir) === 'bin' &&
    (await access(join(prefix, 'lib', 'node_modules')).then(
      () => true,
      () => false,
    ));
  return { args: usualLayout ? ['--ro-bind', prefix, prefix] : ['--ro-bind', node, node], binDir };
}
