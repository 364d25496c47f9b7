import { rm } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { workspaceGit, type Workspace } from '../workspace/checkout.js';

export type GitWorkspace = Pick<Workspace, 'dir' | 'gitDir'>;

export interface WorkspaceChange {
  path: string;
  /** Tracked and changed or deleted, or a new untracked file. */
  kind: 'modified' | 'added' | 'deleted';
}

// Pullwise never changes workflows (DESIGN safety rule): a workflow runs with the repository's secrets, so an
// edit the agent was talked into would be a way out of the sandbox. GitHub would also refuse the push
// without the `workflows` permission, which the App does not ask for.
const isProtected = picomatch(['.github/workflows/**'], { dot: true });

/**
 * What the agent changed in the checkout: `git status` with every untracked file listed (ignored files are
 * build output, not changes). Read before the tests run, so their artifacts are never committed.
 */
export async function workspaceChanges(workspace: GitWorkspace): Promise<WorkspaceChange[]> {
  // The workspace's git folder is named explicitly: the `.git` file in the checkout is the agent's to rewrite.
  const raw = await workspaceGit(workspace).raw([
    '-c',
    'core.quotePath=false',
    'status',
    '--porcelain=v1',
    '-z',
    '--untracked-files=all',
    '--no-renames',
  ]);
  const changes: WorkspaceChange[] = [];
  for (const entry of raw.split('\0')) {
    if (entry.length < 4) continue;
    const code = entry.slice(0, 2);
    const file = entry.slice(3);
    const kind =
      code === '??' ? 'added' : code.includes('D') ? 'deleted' : code.includes('A') ? 'added' : 'modified';
    changes.push({ path: file, kind });
  }
  return changes;
}

/** Puts protected files (workflows) back as they were and returns the paths it undid. */
export async function revertProtectedChanges(
  workspace: GitWorkspace,
  changes: WorkspaceChange[],
): Promise<string[]> {
  const undo = changes.filter((change) => isProtected(change.path));
  for (const change of undo) {
    if (change.kind === 'added') await rm(path.join(workspace.dir, change.path), { force: true });
    else await workspaceGit(workspace).raw(['checkout', 'HEAD', '--', `:(literal)${change.path}`]);
  }
  return undo.map((change) => change.path);
}
