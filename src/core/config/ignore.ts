import picomatch from 'picomatch';

type PathTest = (path: string) => boolean;

// Compiled once per glob: the same few globs are tested against every file of every review.
const compiled = new Map<string, PathTest>();

/**
 * Whether a repository path matches any of the globs, read the way .gitignore reads them: a glob also
 * matches every file inside a folder it matches (`vendor`, `src/gen`), a glob without a slash matches a name
 * at any depth (`*.snap` matches `a/b/c.snap`), a leading `/` anchors it to the repository root, and a
 * trailing `/` matches folders only. Dot files match like any other file.
 */
export function matchesAny(globs: readonly string[], path: string): boolean {
  return globs.some((glob) => compile(glob)(path));
}

function compile(glob: string): PathTest {
  let test = compiled.get(glob);
  if (!test) {
    test = compileUncached(glob);
    compiled.set(glob, test);
  }
  return test;
}

function compileUncached(glob: string): PathTest {
  const foldersOnly = glob.endsWith('/');
  const anchored = glob.startsWith('/');
  const pattern = glob.slice(anchored ? 1 : 0, foldersOnly ? -1 : undefined);
  const isMatch = picomatch(pattern, { dot: true });
  const byName = !anchored && !pattern.includes('/');
  return (path) => {
    const names = path.split('/');
    // The path itself and each folder above it; a folders-only glob skips the path (a file) itself.
    const last = foldersOnly ? names.length - 1 : names.length;
    for (let end = 1; end <= last; end++) {
      if (isMatch(byName ? names[end - 1]! : names.slice(0, end).join('/'))) return true;
    }
    return false;
  };
}
