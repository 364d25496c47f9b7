import type { GitHubClient, RepoRef } from './client.js';

/**
 * Only people who could push the change themselves may make Pullwise act: write or admin on the repository
 * (GitHub's collaborator permission API reports maintain as write and triage as read).
 */
export async function canTrigger(octokit: GitHubClient, repo: RepoRef, username: string): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
    return data.permission === 'admin' || data.permission === 'write';
  } catch (error) {
    // 404: not a collaborator (or the user does not exist).
    if ((error as { status?: number }).status === 404) return false;
    throw error;
  }
}
