/** The two sides of a diff as GitHub names them: LEFT is the base (old) file, RIGHT the head (new) file. */
export type Side = 'LEFT' | 'RIGHT';

export type FileStatus = 'added' | 'modified' | 'deleted' | 'renamed' | 'copied' | 'type-changed';

export interface DiffLine {
  kind: 'context' | 'add' | 'del';
  /** Line number in the old file (context and deleted lines). */
  oldLine?: number;
  /** Line number in the new file (context and added lines). */
  newLine?: number;
  /** The line's text without its leading marker; a CRLF file keeps its '\r'. */
  text: string;
  /** Set when git printed "\ No newline at end of file" after this line. */
  noNewlineAtEof?: boolean;
}

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

export interface DiffFile {
  /** Path on the head side (for a deleted file: the path it had). */
  path: string;
  /** Path on the base side when it differs (renames and copies). */
  oldPath?: string;
  status: FileStatus;
  /** Rename/copy similarity, 0–100, when git reports one. */
  similarity?: number;
  oldMode?: string;
  newMode?: string;
  /** True when only the file mode changed (e.g. chmod +x). */
  modeChanged: boolean;
  binary: boolean;
  /** A gitlink (mode 160000): the change moves a submodule's commit. */
  submodule: boolean;
  /** Blob ids (full SHA) where known; all zeros stand for "absent". */
  oldBlob?: string;
  newBlob?: string;
  /** Size in bytes of the head-side blob, when known. */
  newSize?: number;
  additions: number;
  deletions: number;
  hunks: Hunk[];
  /** The platform left the patch out because it is too large to show (GitHub does past a size limit). */
  patchOmitted?: boolean;
}
