/** `pullwise/issue-<n>-<slug>`: the title's words in lowercase ASCII, short enough to read in a PR list. */
export function fixBranchName(issueNumber: number, title: string, prefix = 'pullwise/'): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${prefix}issue-${issueNumber}${slug ? `-${slug}` : ''}`;
}
