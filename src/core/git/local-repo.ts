import { simpleGit, type SimpleGit } from 'simple-git';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PullwiseError } from '../errors.js';
import { parseGitDiff } from '../diff/parse-git-diff.js';
import type { AttributesFile, ChangeSet } from '../diff/change-set.js';
import { catFileBatch } from './blob-reader.js';

export interface ResolvedRange {
  /** The commit the diff starts from: the merge base of base and head (as `git diff base...head`). */
  baseSha: string;
  headSha: string;
  baseRef: string;
  headRef: string;
  /** The tip of the base ref, where the repository config is read from (never from the head). */
  baseTip: string;
}

/**
 * The diff a pull request shows on GitHub, so every line a comment is anchored on is one GitHub can place:
 * renames only, at git's default 50% similarity (GitHub turned on `git diff -M`: "Improved Commit Diffs",
 * github.blog 2010), and no copy detection (a copied file is shown as added, with no left side). Everything
 * user config could change is given as a flag (they win over diff.renames, diff.renameLimit, diff.algorithm,
 * diff.indentHeuristic, diff.interHunkContext, diff.submodule, diff.ignoreSubmodules, diff.external) or
 * pinned in `LocalRepo.open`.
 */
const DIFF_OPTIONS = [
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--find-renames=50%',
  // git's default diff.renameLimit: past it, only exact renames are found.
  '-l1000',
  '--diff-algorithm=myers',
  '--indent-heuristic',
  '--inter-hunk-context=0',
  '--submodule=short',
  '--ignore-submodules=none',
];

const NUL_BLOB = /^0+$/;

/** A git repository on disk, read through simple-git (real git, no reimplementation). */
export class LocalRepo {
  private constructor(
    readonly root: string,
    private readonly git: SimpleGit,
  ) {}

  static async open(dir: string): Promise<LocalRepo> {
    const abs = path.resolve(dir);
    if (!existsSync(abs)) throw new PullwiseError(`${abs} does not exist`, 'not-a-repo');
    const git = simpleGit({ baseDir: abs });
    let root: string;
    try {
      root = (await git.revparse(['--show-toplevel'])).trim();
    } catch {
      throw new PullwiseError(
        `${abs} is not a git repository (run pullwise inside a repository or pass --repo DIR)`,
        'not-a-repo',
      );
    }
    // Pin what user config could change and no flag of every supported git overrides (quoted paths,
    // prefixes, colours, paths relative to a subfolder, blank context lines printed without their space).
    const pinned = simpleGit({
      baseDir: root,
      config: [
        'core.quotePath=false',
        'diff.noprefix=false',
        'diff.mnemonicPrefix=false',
        'diff.relative=false',
        'diff.suppressBlankEmpty=false',
        'color.ui=false',
      ],
    });
    return new LocalRepo(root, pinned);
  }

  async resolveCommit(ref: string): Promise<string> {
    // simple-git does not treat git's silent failure (--quiet, exit 1, no stderr) as an error: check the output.
    const sha = await this.git
      .revparse(['--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])
      .then((out) => out.trim())
      .catch(() => '');
    if (!/^[0-9a-f]{40,64}$/.test(sha))
      throw new PullwiseError(`unknown git ref "${ref}" in ${this.root}`, 'unknown-ref');
    return sha;
  }

  /** The default branch: origin's HEAD when there is a remote, else main or master. */
  async defaultBranch(): Promise<string> {
    try {
      const ref = (await this.git.raw(['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD'])).trim();
      if (ref) return ref.replace(/^refs\/remotes\//, '');
    } catch {
      // no remote HEAD: fall through to local names
    }
    for (const name of ['main', 'master', 'trunk', 'develop']) {
      const found = await this.git
        .raw(['rev-parse', '--verify', '--quiet', `refs/heads/${name}`])
        .catch(() => '');
      if (found.trim()) return name;
    }
    throw new PullwiseError(
      'could not find the default branch (no origin/HEAD, main or master); pass --base REF',
      'no-default-branch',
    );
  }

  async resolveRange(options: { base?: string; head?: string }): Promise<ResolvedRange> {
    const headRef = options.head ?? 'HEAD';
    const baseRef = options.base ?? (await this.defaultBranch());
    const headSha = await this.resolveCommit(headRef);
    const baseTip = await this.resolveCommit(baseRef);
    let baseSha: string;
    try {
      baseSha = (await this.git.raw(['merge-base', baseTip, headSha])).trim();
    } catch {
      throw new PullwiseError(
        `"${baseRef}" and "${headRef}" have no common history to compare`,
        'no-merge-base',
      );
    }
    return { baseSha, headSha, baseRef, headRef, baseTip };
  }

  async changeSet(range: ResolvedRange): Promise<ChangeSet> {
    const { baseSha, headSha } = range;
    const [raw, patch, log] = await Promise.all([
      this.git.raw(['diff', ...DIFF_OPTIONS, '--raw', '-z', '--no-abbrev', baseSha, headSha]),
      this.git.raw(['diff', ...DIFF_OPTIONS, '-U3', '--src-prefix=a/', '--dst-prefix=b/', baseSha, headSha]),
      this.git.raw(['log', '--format=%s%n%n%b', '--no-merges', '-n', '50', `${baseSha}..${headSha}`]),
    ]);
    const files = parseGitDiff(raw, patch);
    const sizes = await catFileBatch(
      this.root,
      files.filter((f) => f.newBlob && !NUL_BLOB.test(f.newBlob) && !f.submodule).map((f) => f.newBlob!),
      'batch-check',
    );
    for (const file of files) {
      const info = file.newBlob ? sizes.get(file.newBlob) : undefined;
      if (info) file.newSize = info.size;
    }
    const root = this.root;
    const git = this.git;
    const readFilesAt = async (sha: string, paths: string[]) => {
      const specs = paths.map((p) => `${sha}:${p}`);
      const blobs = await catFileBatch(root, specs, 'batch');
      const out = new Map<string, string | null>();
      paths.forEach((p, i) => {
        const blob = blobs.get(specs[i]!);
        const content = blob?.type === 'blob' ? blob.content : undefined;
        // A NUL byte means binary content: no text to show the model.
        out.set(p, content && !content.includes(0) ? content.toString('utf8') : null);
      });
      return out;
    };
    const readHeadFiles = (paths: string[]) => readFilesAt(headSha, paths);
    const readBaseFiles = (paths: string[]) => readFilesAt(baseSha, paths);
    const attributesFiles = async (): Promise<AttributesFile[]> => {
      const names = (await git.raw(['ls-tree', '-r', '-z', '--name-only', headSha]))
        .split('\0')
        .filter((name) => name === '.gitattributes' || name.endsWith('/.gitattributes'));
      const texts = await readHeadFiles(names);
      return names.map((name) => {
        const dir = path.posix.dirname(name);
        return { dir: dir === '.' ? '' : dir, text: texts.get(name) ?? '' };
      });
    };
    return {
      files,
      baseSha,
      headSha,
      description: log.trim(),
      readHeadFiles,
      readBaseFiles,
      attributesFiles,
    };
  }

  /** A file as it is at a commit (e.g. the config on the base branch), or null when it is not there. */
  async readFileAt(commit: string, filePath: string): Promise<string | null> {
    const spec = `${commit}:${filePath}`;
    const blobs = await catFileBatch(this.root, [spec], 'batch');
    const blob = blobs.get(spec);
    return blob?.type === 'blob' && blob.content ? blob.content.toString('utf8') : null;
  }
}
