import { spawn } from 'node:child_process';

export interface BlobInfo {
  type: string;
  size: number;
  content?: Buffer;
}

/**
 * Reads many objects through ONE `git cat-file --batch` process: thousands of `git show` calls on a large
 * change would each fork a git. simple-git has no stdin-driven API, so this one command is spawned directly.
 */
export function catFileBatch(
  cwd: string,
  objects: string[],
  mode: 'batch' | 'batch-check',
): Promise<Map<string, BlobInfo | null>> {
  return new Promise((resolve, reject) => {
    const result = new Map<string, BlobInfo | null>();
    if (objects.length === 0) return resolve(result);
    const child = spawn('git', ['cat-file', `--${mode}`], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git cat-file failed (${code}): ${stderr.trim()}`));
      const out = Buffer.concat(chunks);
      let at = 0;
      for (const object of objects) {
        const eol = out.indexOf(0x0a, at);
        if (eol === -1) break;
        const header = out.subarray(at, eol).toString();
        at = eol + 1;
        const parts = header.split(' ');
        if (parts[1] === 'missing' || parts.length < 3) {
          result.set(object, null);
          continue;
        }
        const size = Number(parts[2]);
        const info: BlobInfo = { type: parts[1]!, size };
        if (mode === 'batch') {
          info.content = out.subarray(at, at + size);
          at += size + 1; // content is followed by a newline
        }
        result.set(object, info);
      }
      resolve(result);
    });
    child.stdin.end(objects.map((o) => `${o}\n`).join(''));
  });
}
