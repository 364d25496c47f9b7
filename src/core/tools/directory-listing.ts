import { readdir } from 'node:fs/promises';
import path from 'node:path';

// As the editor's view of a directory is documented: "non-hidden files and directories up to 2 levels deep".
// node_modules is left out too: it is never the code to change, and it would drown the listing.
const SKIPPED = new Set(['node_modules']);
const DEPTH = 2;

/**
 * The entries under `absolute`, two levels deep, as paths relative to the repository root (directories end in
 * `/`), sorted; at most `maxEntries` of them, with the count of those left out. Symbolic links are listed, not
 * followed.
 */
export async function listDirectory(
  absolute: string,
  relative: string,
  maxEntries: number,
): Promise<{ entries: string[]; omitted: number }> {
  const entries: string[] = [];
  let omitted = 0;
  const walk = async (dir: string, prefix: string, depth: number): Promise<void> => {
    const children = (await readdir(dir, { withFileTypes: true }))
      .filter((child) => !child.name.startsWith('.') && !SKIPPED.has(child.name))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) {
      const shown = prefix ? `${prefix}/${child.name}` : child.name;
      if (entries.length < maxEntries) entries.push(child.isDirectory() ? `${shown}/` : shown);
      else omitted++;
      if (child.isDirectory() && depth < DEPTH) {
        // An unreadable subdirectory is listed without its contents rather than failing the whole view.
        await walk(path.join(dir, child.name), shown, depth + 1).catch(() => undefined);
      }
    }
  };
  await walk(absolute, relative, 1);
  return { entries, omitted };
}
