import { afterEach, describe, expect, test } from '@jest/globals';
import { RedisJobQueue } from '../../src/queue/redis-queue.js';
import { cleanup, jobInput, onCleanup, sleep, startWorker, until } from './job-fixture.js';
import { redisBackend } from './queue-backends.js';
import { jobQueueContract } from './queue-contract.js';

const backend = redisBackend();

afterEach(cleanup);

describe('RedisJobQueue', () => {
  test('jobs acknowledged before Redis is killed all run once it is back; an enqueue meanwhile waits for it', async () => {
    const server = await backend.server();
    const store = await backend.newStore();
    const queue = await store.open();
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1) ids.push((await queue.enqueue(jobInput({ key: `k${i % 5}` }))).job.id);
    const runs = new Map<string, number>();
    startWorker(
      queue,
      {
        review: async (job) => {
          runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
          await sleep(50);
          return 'reviewed';
        },
      },
      { concurrency: 3, leaseMs: 1000 },
    );
    await until('a few jobs have started', () => runs.size >= 4);
    expect((await queue.counts()).queued).toBeGreaterThan(0); // the kill comes in the middle of the run

    await server.kill();
    const during = queue.enqueue(jobInput({ key: 'during-outage' }));
    await sleep(200);
    await server.restart();
    ids.push((await during).job.id);

    await until('every job is done', async () => (await queue.counts()).done === ids.length, 15_000);
    const jobs = await Promise.all(ids.map((id) => queue.get(id)));
    expect(jobs.map((job) => job?.state)).toEqual(ids.map(() => 'done'));
    expect([...runs.keys()].sort()).toEqual([...ids].sort());
  });

  test('a worker still hears of a superseded job after Redis restarted under its subscription', async () => {
    const server = await backend.server();
    const store = await backend.newStore();
    const [worker, web] = [await store.open(), await store.open()];
    const heard: string[] = [];
    worker.subscribeCancels((jobId) => heard.push(jobId));
    const old = (await web.enqueue(jobInput({ key: 'pr', supersedes: true }))).job;
    await worker.claim('w1', 60_000);

    await server.kill();
    await server.restart();
    await web.enqueue(jobInput({ key: 'pr', supersedes: true }));
    await until('the worker hears', () => heard.includes(old.id), 10_000);
  });

  test('a job a web process enqueues starts at once in a worker process, without waiting for its poll', async () => {
    const store = await backend.newStore();
    const [worker, web] = [await store.open(), await store.open()];
    const heard: number[] = [];
    worker.subscribeEnqueued(() => heard.push(Date.now()));
    const ran: string[] = [];
    startWorker(worker, { review: async (job) => void ran.push(job.id) }, { pollMs: 60_000 });
    await sleep(100); // the worker's first look found nothing; the next poll is a minute away
    const { job } = await web.enqueue(jobInput());
    await until('the worker runs it', () => ran.includes(job.id), 2000);
    expect(heard.length).toBeGreaterThan(0);
  });

  test('queues under different prefixes on one server do not see each other', async () => {
    const [one, two] = [await (await backend.newStore()).open(), await (await backend.newStore()).open()];
    const { job } = await one.enqueue(jobInput({ deliveryId: 'shared-delivery' }));
    expect((await two.enqueue(jobInput({ deliveryId: 'shared-delivery' }))).duplicate).toBe(false);
    expect(await two.get(job.id)).toBeNull();
    expect((await two.claim('w', 1000))?.id).not.toBe(job.id);
    expect((await one.counts()).queued).toBe(1);
  });

  test('opening fails at once, saying what to check, when Redis cannot be reached', async () => {
    const server = await backend.server();
    const url = `redis://:secret@127.0.0.1:${server.port + 1}`;
    const opening = RedisJobQueue.open(url).then((queue) => {
      onCleanup(() => queue.close());
      return queue;
    });
    await expect(opening).rejects.toThrow(/cannot reach Redis .*REDIS_URL redis:\/\/:\*\*\*@127\.0\.0\.1/);
    await expect(opening).rejects.not.toThrow(/secret/);
  });
});

jobQueueContract(backend);
