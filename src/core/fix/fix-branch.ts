/**
 * `pullwise/issue-<n>-<slug>` (or `pullwise/task-<slug>` for a task with no issue): the title's words in
 * lowercase ASCII, short enough to read in a PR list. The same issue or task gets the same branch, so a rerun
 * updates its pull request instead of opening another.
 */
export function fixBranchName(issueNumber: number | undefined, title: string, prefix = 'pullwise/'): string {
  const slug = slugOf(title);
  if (issueNumber === undefined) return `${prefix}task-${slug || 'change'}`;
  return `${prefix}issue-${issueNumber}${slug ? `-${slug}` : ''}`;
}

function slugOf(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}
