import path from 'node:path';

// The files in which a repository tells coding agents how to work on it (AGENTS.md, CLAUDE.md, Copilot's
// instructions). Read from the base side, like the config, so a change cannot rewrite the guidance it is
// reviewed under; capped, because they are sent with every call (in the cached prefix).

/** Read at the root; AGENTS.md also in every folder of a changed file, for that folder's subtree. */
export const ROOT_INSTRUCTION_FILES = ['AGENTS.md', 'CLAUDE.md', '.github/copilot-instructions.md'];
const NESTED = 'AGENTS.md';

/** The most of one file that is sent, and of all of them together. */
export const INSTRUCTION_FILE_CAP = 8_000;
export const INSTRUCTIONS_TOTAL_CAP = 24_000;
/** Folders whose AGENTS.md is looked for, the deepest first: a change touching many folders is capped. */
const MAX_NESTED_FOLDERS = 20;

export interface InstructionFile {
  path: string;
  /** The folder it applies to ('' for the whole repository). */
  scope: string;
  text: string;
  /** Cut to the cap; `size` is the whole file's length. */
  truncated: boolean;
  size: number;
}

/** The paths to look for, given the changed files: the root files, then each changed folder's AGENTS.md. */
export function instructionCandidates(changedPaths: string[]): string[] {
  const folders = new Set<string>();
  for (const changed of changedPaths) {
    for (let dir = path.posix.dirname(changed); dir !== '.' && dir !== '/'; dir = path.posix.dirname(dir))
      folders.add(dir);
  }
  const nested = [...folders]
    .sort((a, b) => b.split('/').length - a.split('/').length || a.localeCompare(b))
    .slice(0, MAX_NESTED_FOLDERS)
    .map((dir) => `${dir}/${NESTED}`);
  return [...ROOT_INSTRUCTION_FILES, ...nested];
}

/**
 * The instruction files that exist on the base side, each cut to its cap and all of them to the total (root
 * files first, then the nested ones from the shallowest folder down). `read` answers null for a missing file.
 */
export async function readInstructionFiles(
  read: (paths: string[]) => Promise<Map<string, string | null>>,
  changedPaths: string[],
): Promise<InstructionFile[]> {
  const candidates = instructionCandidates(changedPaths);
  const texts = await read(candidates);
  const found = candidates
    .map((file) => ({ file, text: texts.get(file) }))
    .filter((f): f is { file: string; text: string } => typeof f.text === 'string' && f.text.trim() !== '')
    .sort((a, b) => depth(a.file) - depth(b.file));
  const files: InstructionFile[] = [];
  let left = INSTRUCTIONS_TOTAL_CAP;
  for (const { file, text } of found) {
    if (left <= 0) break;
    const cap = Math.min(INSTRUCTION_FILE_CAP, left);
    const kept = text.length > cap ? text.slice(0, cap) : text;
    left -= kept.length;
    const nested = !ROOT_INSTRUCTION_FILES.includes(file);
    files.push({
      path: file,
      scope: nested ? path.posix.dirname(file) : '',
      text: kept,
      truncated: kept.length < text.length,
      size: text.length,
    });
  }
  return files;
}

const depth = (file: string) => (ROOT_INSTRUCTION_FILES.includes(file) ? 0 : file.split('/').length);

/** The files for the model, each under its path and the folder it applies to. */
export function renderInstructionFiles(files: InstructionFile[]): string {
  return files
    .map((f) => {
      const scope = f.scope ? ` (for files under ${f.scope}/)` : '';
      const cut = f.truncated ? `\n[cut: the first ${f.text.length} of ${f.size} characters]` : '';
      return `<instructions path="${f.path}"${scope}>\n${f.text.trim()}${cut}\n</instructions>`;
    })
    .join('\n\n');
}

/** One line for the summary: which files were read, and which were cut. */
export function describeInstructionFiles(files: InstructionFile[]): string | undefined {
  if (files.length === 0) return undefined;
  const names = files.map((f) =>
    f.truncated ? `\`${f.path}\` (cut to ${f.text.length} of ${f.size} characters)` : `\`${f.path}\``,
  );
  return `Followed the repository's instructions in ${names.join(', ')} (as on the base branch).`;
}
