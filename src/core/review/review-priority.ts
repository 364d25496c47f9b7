/**
 * The order in which files reach the model, so that when a change needs more calls than the cap allows, what
 * is left out is the least likely to hold a finding: hand-written code first, then configuration, tests, docs,
 * and last what looks like build output or vendored code (committed `dist/` copies of the sources).
 */
const BUILD_OUTPUT =
  /(^|\/)(dist|build|out|target|vendor|vendored|third_party|node_modules|bower_components)\//;
const DOCS =
  /(^|\/)(docs?|documentation)\/|\.(md|mdx|markdown|rst|adoc|txt)$|(^|\/)(CHANGELOG|HISTORY|LICENSE|NOTICE)[^/]*$/i;
const TESTS = /(^|\/)(tests?|__tests__|spec|__mocks__|fixtures?)\/|[._-](test|spec)\.[^/]+$|_test\.go$/i;
const CONFIG = /\.(json|jsonc|ya?ml|toml|ini|cfg|conf|lock|properties|xml|plist)$|(^|\/)\.[^/]+$/i;

export function reviewPriority(path: string): number {
  if (BUILD_OUTPUT.test(path)) return 4;
  if (DOCS.test(path)) return 3;
  if (TESTS.test(path)) return 2;
  if (CONFIG.test(path)) return 1;
  return 0;
}

export function byReviewPriority<T extends { path: string }>(items: T[]): T[] {
  return [...items].sort(
    (a, b) =>
      reviewPriority(a.path) - reviewPriority(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
}
