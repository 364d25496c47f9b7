import type { Job, JobInput, JobState } from './job.js';

/** A job hash as HGETALL returns it from a script: [field, value, field, value, …]. */
export type JobFields = string[];

export function jobFromFields(flat: JobFields): Job | null {
  if (flat.length === 0) return null;
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) f.set(flat[i]!, flat[i + 1]!);
  const field = (name: string): string => {
    const value = f.get(name);
    if (value === undefined) throw new Error(`the job hash ${f.get('id') ?? '?'} has no ${name}`);
    return value;
  };
  const job: Job = {
    id: field('id'),
    deliveryId: field('deliveryId'),
    type: field('type'),
    key: field('key'),
    payload: JSON.parse(field('payload')) as unknown,
    state: field('state') as JobState,
    attempts: Number(field('attempts')),
    runAt: Number(field('runAt')),
    createdAt: Number(field('createdAt')),
    updatedAt: Number(field('updatedAt')),
  };
  if (f.get('supersedes') === '1') job.supersedes = true;
  if (f.has('installationId')) job.installationId = Number(f.get('installationId'));
  if (f.has('lastError')) job.lastError = f.get('lastError')!;
  if (f.has('result')) job.result = JSON.parse(f.get('result')!) as unknown;
  if (f.has('checkpoint')) job.checkpoint = JSON.parse(f.get('checkpoint')!) as unknown;
  return job;
}

/** The job just stored by the enqueue script, built from what was written rather than read back. */
export function newJob(id: string, input: JobInput, payloadJson: string, now: number): Job {
  const job: Job = {
    id,
    deliveryId: input.deliveryId,
    type: input.type,
    key: input.key,
    payload: JSON.parse(payloadJson) as unknown, // the stored form, as a reader of the hash would get it
    state: 'queued',
    attempts: 0,
    runAt: now,
    createdAt: now,
    updatedAt: now,
  };
  if (input.supersedes) job.supersedes = true;
  if (input.installationId != null) job.installationId = input.installationId;
  return job;
}
