import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// The worker's code, as CommonJS evaluated in the thread (so it runs the same from src/ under Jest and from
// lib/): its own connection to the job database, checkpointing every `intervalMs`, and a last checkpoint
// when asked to stop.
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage({ error: String(error) }); }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface WalCheckpointer {
  /** A last checkpoint, then the thread ends. */
  stop(): Promise<void>;
}

/**
 * Copies the WAL back into the database file from a thread of its own. SQLite's automatic checkpoint runs
 * inside the COMMIT that crosses its threshold, on whatever thread commits — for the job queue, the event loop
 * that answers webhooks — and costs as much as the inserts themselves. A PASSIVE checkpoint on another
 * connection runs beside the writer without blocking it (WAL mode), so the queue turns the automatic one off
 * and lets this thread do the work.
 */
export function startWalCheckpointer(
  file: string,
  options: { intervalMs: number; onError?: (message: string) => void },
): WalCheckpointer {
  const require = createRequire(import.meta.url);
  const worker = new Worker(CHECKPOINTER, {
    eval: true,
    workerData: { sqlite: require.resolve('better-sqlite3'), file, intervalMs: options.intervalMs },
  });
  worker.unref(); // a checkpointer never keeps the process alive
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('message', (message: { error?: string }) => {
    if (message.error) options.onError?.(message.error);
  });
  worker.on('error', (error) => options.onError?.(error.message));
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        worker.ref(); // from here on the process waits for the last checkpoint
        worker.postMessage('stop');
        await exited;
      })();
      return stopping;
    },
  };
}
