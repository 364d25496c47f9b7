import type { GitHub, RepoRef } from './github-port.js';

/**
 * Only people who could push the change themselves may make Pullwise act: write or admin on the repository
 * (GitHub's collaborator permission API reports maintain as write and triage as read).
 */
export async function canTrigger(github: GitHub, repo: RepoRef, username: string): Promise<boolean> {
  const permission = await github.permission(repo, username);
  return permission === 'admin' || permission === 'maintain' || permission === 'write';
}
