// One review of our pipeline in a fresh worker thread: its own module instances and performance timeline,
// like one `pullwise review` process, so state a library keeps per process cannot leak from run to run.

import { parentPort, workerData } from 'node:worker_threads';
import { changeBetween, loadDist } from './dist.js';
import { ourReview } from './our-review.js';

const { dir, baseSha, headSha, baseURL, maxCalls, verbose } = workerData;

const dist = await loadDist();
const change = await changeBetween(dist, dir, baseSha, headSha);
const started = performance.now();
const outcome = await ourReview(dist, change, {
  baseURL,
  maxCalls,
  progress: verbose ? (m) => process.stderr.write(`[bench]     ${m}\n`) : undefined,
});
parentPort.postMessage({ ...outcome, seconds: (performance.now() - started) / 1000 });
