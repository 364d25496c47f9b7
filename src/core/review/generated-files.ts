import { matchesAny } from '../config/ignore.js';
import type { AttributesFile } from '../diff/change-set.js';

/** Files that tools write, by name: reviewing them wastes the budget on code nobody edits by hand. */
const GENERATED_GLOBS = [
  '*.min.js',
  '*.min.mjs',
  '*.min.css',
  '*.js.map',
  '*.css.map',
  '*.bundle.js',
  '*.umd.js',
  '*.umd.cjs',
  '*.pb.go',
  '*.pb.cc',
  '*.pb.h',
  '*_pb2.py',
  '*_pb2_grpc.py',
  '*.pb.ts',
  '*.g.dart',
  '*.freezed.dart',
  '*.designer.cs',
  '*.generated.*',
  '__snapshots__/',
  '*.snap',
];

const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'deno.lock',
  'Cargo.lock',
  'Gemfile.lock',
  'poetry.lock',
  'Pipfile.lock',
  'uv.lock',
  'pdm.lock',
  'composer.lock',
  'go.sum',
  'mix.lock',
  'pubspec.lock',
  'Podfile.lock',
  'Package.resolved',
  'packages.lock.json',
  'flake.lock',
  'gradle.lockfile',
  'conan.lock',
]);

export function isLockfile(path: string): boolean {
  return LOCKFILES.has(path.slice(path.lastIndexOf('/') + 1));
}

export function isGeneratedByName(path: string, extraGlobs: readonly string[] = []): boolean {
  return matchesAny(GENERATED_GLOBS, path) || matchesAny(extraGlobs, path);
}

/**
 * Markers that code generators write in a file's first lines ("Code generated … DO NOT EDIT." is Go's
 * convention; "@generated" is used by Facebook's tools, protobuf-es and others).
 */
export function hasGeneratedMarker(text: string): boolean {
  const head = text.slice(0, 2000).split('\n').slice(0, 10).join('\n');
  return (
    /^\/\/ Code generated .* DO NOT EDIT\.$/m.test(head) ||
    /@generated\b/.test(head) ||
    /\bDO NOT EDIT\b.*\bgenerated\b/i.test(head)
  );
}

interface AttributeRule {
  dir: string;
  pattern: string;
  generated: boolean;
}

/**
 * `linguist-generated` from `.gitattributes` files (GitHub collapses such files in PR diffs). Patterns follow
 * gitattributes rules: relative to the file's folder, a pattern without a slash matches at any depth, and a
 * later line (or a deeper file) overrides an earlier one.
 */
export function linguistGenerated(files: AttributesFile[]): (path: string) => boolean | undefined {
  const rules: AttributeRule[] = [];
  const byDepth = [...files].sort((a, b) => depth(a.dir) - depth(b.dir));
  for (const file of byDepth) {
    for (const rawLine of file.text.split(/\r?\n/)) {
      const line = rawLine.trim();
      if (!line || line.startsWith('#')) continue;
      const [pattern, ...attributes] = line.split(/\s+/);
      for (const attribute of attributes) {
        const setting = parseSetting(attribute);
        if (setting !== undefined && pattern) rules.push({ dir: file.dir, pattern, generated: setting });
      }
    }
  }
  return (path) => {
    let result: boolean | undefined;
    for (const rule of rules) {
      const prefix = rule.dir ? `${rule.dir}/` : '';
      if (prefix && !path.startsWith(prefix)) continue;
      if (matchesAny([rule.pattern], path.slice(prefix.length))) result = rule.generated;
    }
    return result;
  };
}

function parseSetting(attribute: string): boolean | undefined {
  if (attribute === 'linguist-generated' || attribute === 'linguist-generated=true') return true;
  if (
    attribute === '-linguist-generated' ||
    attribute === '!linguist-generated' ||
    attribute === 'linguist-generated=false'
  ) {
    return false;
  }
  return undefined;
}

function depth(dir: string): number {
  return dir === '' ? 0 : dir.split('/').length;
}
