// Over 300 lines on purpose: every script shares one key layout (described below), which stays true only if
// the scripts that read and write those keys are read together.

/**
 * The Redis job queue's transitions, each one Lua script so that it is atomic on the server: two workers on
 * two machines can never both take a job or both find a key free. Every script gets the key prefix as KEYS[1]
 * (so a cluster routes it to the prefix's slot) and builds the other keys from it:
 *
 *   job:<id>      hash: the job (fields as in Job, plus seq, grp, leaseUntil, worker, claim, supersedeRequested;
 *                 checkpoint, once an attempt saved one)
 *   deliveries    hash: delivery id → job id (one job per GitHub delivery)
 *   seq, turn     counters: enqueue order; claims, for the installations' turns
 *   all           zset of every job by seq; state:<state> the same per state (list, counts)
 *   gq:<grp>      zset: the queued jobs of one installation group by seq
 *   groups        zset: the groups that have queued jobs, scored by the turn they were last served (0: never)
 *   turns         hash: group → the turn it was last served (kept while it has nothing queued)
 *   due           zset: queued jobs by runAt (dueCount)
 *   running       zset: running jobs by lease end (recoverExpired)
 *   keyrun        hash: key → its running job (one running job per key)
 *   supmax        hash: key \n type → seq of the newest job of that key and type that supersedes
 *   cancelled     set: running jobs a newer job superseded, until they stop; `cancel` is its pub/sub channel
 *   enqueued      pub/sub channel only: the id of each new job, so that idle workers start it at once
 *
 * Finished jobs stay until `prune` deletes them (the job hash, its delivery, its index entries).
 *
 * ARGV[1] is the time in ms, or '' for the Redis server's clock (one clock for every machine's leases).
 */

const PRELUDE = `
local P = KEYS[1]
local rcall = redis.call

local function nowMs(given)
  local n = tonumber(given)
  if n then return n end
  local t = rcall('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function jobKey(id) return P .. 'job:' .. id end

local function moveState(id, from, to, seq)
  rcall('ZREM', P .. 'state:' .. from, id)
  rcall('ZADD', P .. 'state:' .. to, seq, id)
  rcall('HSET', jobKey(id), 'state', to)
end

local function joinQueue(id, grp, seq, runAt)
  rcall('ZADD', P .. 'gq:' .. grp, seq, id)
  rcall('ZADD', P .. 'due', runAt, id)
  rcall('ZADD', P .. 'groups', 'NX', rcall('HGET', P .. 'turns', grp) or 0, grp)
end

local function leaveQueue(id, grp)
  rcall('ZREM', P .. 'gq:' .. grp, id)
  rcall('ZREM', P .. 'due', id)
  if rcall('ZCARD', P .. 'gq:' .. grp) == 0 then rcall('ZREM', P .. 'groups', grp) end
end

local function leaveRunning(id, key)
  rcall('ZREM', P .. 'running', id)
  rcall('SREM', P .. 'cancelled', id)
  if rcall('HGET', P .. 'keyrun', key) == id then rcall('HDEL', P .. 'keyrun', key) end
  rcall('HDEL', jobKey(id), 'leaseUntil', 'worker', 'claim')
end

-- A running job goes back to the queue, due at runAt; or to superseded when a newer job superseded it
-- while it ran (the newer job does its work).
local function requeue(id, now, runAt)
  local j = rcall('HMGET', jobKey(id), 'key', 'seq', 'grp', 'supersedeRequested')
  leaveRunning(id, j[1])
  if j[4] == '1' then
    moveState(id, 'running', 'superseded', j[2])
  else
    moveState(id, 'running', 'queued', j[2])
    rcall('HSET', jobKey(id), 'runAt', runAt)
    joinQueue(id, j[3], j[2], runAt)
  end
  rcall('HSET', jobKey(id), 'updatedAt', now)
end

-- Whether this claim still holds the job: running, and not claimed again since (see ClaimedJob).
local function holds(id, claim)
  local j = rcall('HMGET', jobKey(id), 'state', 'claim')
  return j[1] == 'running' and j[2] == claim
end
`;

/** ARGV: now, id, deliveryId, type, key, supersedes ('1'|'0'), installationId (or ''), payload JSON.
 * Returns {1, existing job fields} for a delivery seen before, else {0, now, ids of running jobs superseded}. */
const ENQUEUE = `
local now = nowMs(ARGV[1])
local id, deliveryId, type, key, supersedes, installationId = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local existing = rcall('HGET', P .. 'deliveries', deliveryId)
if existing then return {1, rcall('HGETALL', jobKey(existing))} end

local seq = rcall('INCR', P .. 'seq')
local grp = installationId ~= '' and installationId or '0'
rcall('HSET', jobKey(id), 'id', id, 'deliveryId', deliveryId, 'type', type, 'key', key, 'payload', ARGV[8],
  'state', 'queued', 'attempts', 0, 'runAt', now, 'createdAt', now, 'updatedAt', now, 'seq', seq, 'grp', grp)
if supersedes == '1' then rcall('HSET', jobKey(id), 'supersedes', '1') end
if installationId ~= '' then rcall('HSET', jobKey(id), 'installationId', installationId) end
rcall('HSET', P .. 'deliveries', deliveryId, id)
rcall('ZADD', P .. 'all', seq, id)
rcall('ZADD', P .. 'state:queued', seq, id)
joinQueue(id, grp, seq, now)

-- Older queued jobs of the key and type are superseded when a claim reaches them; the running one (there is
-- at most one per key) is flagged so that it is not requeued, and its worker is told, wherever it runs.
local superseded = {}
if supersedes == '1' then
  rcall('HSET', P .. 'supmax', key .. '\\n' .. type, seq)
  local running = rcall('HGET', P .. 'keyrun', key)
  if running and rcall('HGET', jobKey(running), 'type') == type then
    rcall('HSET', jobKey(running), 'supersedeRequested', '1', 'updatedAt', now)
    rcall('SADD', P .. 'cancelled', running)
    rcall('PUBLISH', P .. 'cancel', running)
    superseded[1] = running
  end
end
rcall('PUBLISH', P .. 'enqueued', id)
return {0, now, superseded}
`;

/** ARGV: now, workerId, leaseMs, claimId. Returns the claimed job's fields, or false. */
const CLAIM = `
local now = nowMs(ARGV[1])

-- Installations take turns: least recently served first (never served: 0), ties to the oldest queued job.
local groups = rcall('ZRANGE', P .. 'groups', 0, -1, 'WITHSCORES')
local order = {}
for i = 1, #groups, 2 do
  local oldest = rcall('ZRANGE', P .. 'gq:' .. groups[i], 0, 0, 'WITHSCORES')
  if #oldest == 0 then
    rcall('ZREM', P .. 'groups', groups[i])
  else
    order[#order + 1] = {groups[i], tonumber(groups[i + 1]), tonumber(oldest[2])}
  end
end
table.sort(order, function(a, b)
  if a[2] ~= b[2] then return a[2] < b[2] end
  return a[3] < b[3]
end)

for _, group in ipairs(order) do
  local grp = group[1]
  local after = '-inf'
  while true do
    -- Paged by seq rather than by rank, since passing over a superseded job removes it from the set.
    local ids = rcall('ZRANGEBYSCORE', P .. 'gq:' .. grp, after, '+inf', 'LIMIT', 0, 100)
    if #ids == 0 then break end
    for _, id in ipairs(ids) do
      local j = rcall('HMGET', jobKey(id), 'runAt', 'key', 'type', 'seq')
      after = '(' .. j[4]
      if tonumber(j[1]) <= now and rcall('HEXISTS', P .. 'keyrun', j[2]) == 0 then
        local newest = tonumber(rcall('HGET', P .. 'supmax', j[2] .. '\\n' .. j[3]) or 0)
        leaveQueue(id, grp)
        if newest > tonumber(j[4]) then
          moveState(id, 'queued', 'superseded', j[4])
          rcall('HSET', jobKey(id), 'updatedAt', now)
        else
          local leaseUntil = now + tonumber(ARGV[3])
          moveState(id, 'queued', 'running', j[4])
          rcall('HINCRBY', jobKey(id), 'attempts', 1)
          rcall('HSET', jobKey(id), 'leaseUntil', leaseUntil, 'worker', ARGV[2], 'claim', ARGV[4], 'updatedAt', now)
          rcall('ZADD', P .. 'running', leaseUntil, id)
          rcall('HSET', P .. 'keyrun', j[2], id)
          local turn = rcall('INCR', P .. 'turn')
          rcall('HSET', P .. 'turns', grp, turn)
          rcall('ZADD', P .. 'groups', 'XX', turn, grp)
          return rcall('HGETALL', jobKey(id))
        end
      end
    end
  end
end
return false
`;

/** ARGV: now, id, claimId, leaseMs. */
const HEARTBEAT = `
local now = nowMs(ARGV[1])
local id = ARGV[2]
if not holds(id, ARGV[3]) then return 0 end
local leaseUntil = now + tonumber(ARGV[4])
rcall('HSET', jobKey(id), 'leaseUntil', leaseUntil, 'updatedAt', now)
rcall('ZADD', P .. 'running', leaseUntil, id)
return 1
`;

/** ARGV: now, id, claimId, checkpoint JSON. */
const SAVE_CHECKPOINT = `
local now = nowMs(ARGV[1])
local id = ARGV[2]
if not holds(id, ARGV[3]) then return 0 end
rcall('HSET', jobKey(id), 'checkpoint', ARGV[4], 'updatedAt', now)
return 1
`;

/** ARGV: now, id, claimId, '1' when there is a result, result JSON. */
const COMPLETE = `
local now = nowMs(ARGV[1])
local id = ARGV[2]
if not holds(id, ARGV[3]) then return 0 end
local j = rcall('HMGET', jobKey(id), 'key', 'seq')
leaveRunning(id, j[1])
moveState(id, 'running', 'done', j[2])
if ARGV[4] == '1' then rcall('HSET', jobKey(id), 'result', ARGV[5]) else rcall('HDEL', jobKey(id), 'result') end
rcall('HSET', jobKey(id), 'updatedAt', now)
return 1
`;

/** ARGV: now, id, claimId, error, delayMs. */
const RETRY = `
local now = nowMs(ARGV[1])
local id = ARGV[2]
if not holds(id, ARGV[3]) then return 0 end
rcall('HSET', jobKey(id), 'lastError', ARGV[4])
requeue(id, now, now + tonumber(ARGV[5]))
return 1
`;

/** ARGV: now, id, claimId (or '': whoever holds it), final state ('dead' | 'superseded'), '1' to set lastError
 * (else it is kept), error. With a claim id, only while that claim holds the job; without, from queued or
 * running. */
const FINISH = `
local now = nowMs(ARGV[1])
local id = ARGV[2]
if ARGV[3] ~= '' and not holds(id, ARGV[3]) then return 0 end
local j = rcall('HMGET', jobKey(id), 'state', 'key', 'seq', 'grp', 'supersedeRequested')
if j[1] == 'queued' then
  leaveQueue(id, j[4])
elseif j[1] == 'running' then
  leaveRunning(id, j[2])
else
  return 0
end
-- A job a newer one superseded while it ran is not dead when it fails for good: the newer job does its work.
local final = (ARGV[4] == 'dead' and j[5] == '1') and 'superseded' or ARGV[4]
moveState(id, j[1], final, j[3])
if ARGV[5] == '1' then rcall('HSET', jobKey(id), 'lastError', ARGV[6]) end
rcall('HSET', jobKey(id), 'updatedAt', now)
return 1
`;

/** ARGV: now, id, claimId. */
const RELEASE = `
local now = nowMs(ARGV[1])
local id = ARGV[2]
if not holds(id, ARGV[3]) then return 0 end
rcall('HINCRBY', jobKey(id), 'attempts', -1)
requeue(id, now, now)
return 1
`;

/** ARGV: now. Running jobs whose lease ended before now. */
const RECOVER_EXPIRED = `
local now = nowMs(ARGV[1])
local ids = rcall('ZRANGEBYSCORE', P .. 'running', '-inf', '(' .. now)
for _, id in ipairs(ids) do requeue(id, now, rcall('HGET', jobKey(id), 'runAt')) end
return #ids
`;

/** ARGV: now, workerId. */
const RECOVER_WORKER = `
local now = nowMs(ARGV[1])
local n = 0
for _, id in ipairs(rcall('ZRANGE', P .. 'running', 0, -1)) do
  if rcall('HGET', jobKey(id), 'worker') == ARGV[2] then
    requeue(id, now, rcall('HGET', jobKey(id), 'runAt'))
    n = n + 1
  end
end
return n
`;

/** ARGV: now. */
const DUE_COUNT = `
return rcall('ZCOUNT', P .. 'due', '-inf', nowMs(ARGV[1]))
`;

/** ARGV: now (unused), state or '' for all, limit. Newest first, each job's fields. */
const LIST = `
local index = ARGV[2] ~= '' and (P .. 'state:' .. ARGV[2]) or (P .. 'all')
local jobs = {}
if tonumber(ARGV[3]) < 1 then return jobs end
for _, id in ipairs(rcall('ZREVRANGE', index, 0, tonumber(ARGV[3]) - 1)) do
  jobs[#jobs + 1] = rcall('HGETALL', jobKey(id))
end
return jobs
`;

/**
 * ARGV: now, keepMs, limit. Deletes up to `limit` final jobs (done, dead, superseded) last updated more than
 * keepMs ago, oldest (by seq) first as SQLite does, and returns how many. It walks `all` from its start,
 * passing over jobs not finished or not old enough, and stops at the first job created after the cutoff: no
 * later one can have been updated before it. Pruned jobs leave `all`, so a walk passes over only the few old
 * jobs that stay (an old job still queued, one finished lately); it passes over at most about 1000 + 10 ×
 * limit of them in one call (fewer deleted then, as the port allows), since a script blocks Redis while it runs.
 */
const PRUNE = `
local now = nowMs(ARGV[1])
local cutoff = now - tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local finished = { done = true, dead = true, superseded = true }
local n, offset = 0, 0
local budget = 1000 + 10 * limit -- jobs read at most: the script blocks Redis while it runs
while n < limit and offset < budget do
  local ids = rcall('ZRANGE', P .. 'all', offset, offset + 99)
  if #ids == 0 then return n end
  for _, id in ipairs(ids) do
    local j = rcall('HMGET', jobKey(id), 'updatedAt', 'deliveryId', 'key', 'type', 'seq', 'state', 'createdAt')
    if tonumber(j[7]) >= cutoff then return n end
    if finished[j[6]] and tonumber(j[1]) < cutoff then
      rcall('DEL', jobKey(id))
      rcall('HDEL', P .. 'deliveries', j[2])
      rcall('ZREM', P .. 'all', id)
      rcall('ZREM', P .. 'state:' .. j[6], id)
      -- The newest superseding job of its key and type: no queued job can be older than it by now.
      local sup = j[3] .. '\\n' .. j[4]
      if rcall('HGET', P .. 'supmax', sup) == j[5] then rcall('HDEL', P .. 'supmax', sup) end
      n = n + 1
      if n >= limit then return n end
    else
      offset = offset + 1 -- kept: the next batch starts after it
    end
  end
end
return n
`;

const BODIES = {
  enqueue: ENQUEUE,
  claim: CLAIM,
  heartbeat: HEARTBEAT,
  saveCheckpoint: SAVE_CHECKPOINT,
  complete: COMPLETE,
  retry: RETRY,
  finish: FINISH,
  release: RELEASE,
  recoverExpired: RECOVER_EXPIRED,
  recoverWorker: RECOVER_WORKER,
  dueCount: DUE_COUNT,
  list: LIST,
  prune: PRUNE,
};

export type QueueScript = keyof typeof BODIES;

/** For ioredis's `scripts` option: each becomes a command that runs by EVALSHA, loading itself after a restart. */
export const QUEUE_SCRIPTS = Object.fromEntries(
  Object.entries(BODIES).map(([name, body]) => [
    `pullwiseQueue_${name}`,
    { lua: PRELUDE + body, numberOfKeys: 1 },
  ]),
) as Record<`pullwiseQueue_${QueueScript}`, { lua: string; numberOfKeys: number }>;
