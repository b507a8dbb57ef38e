/**
 * The Lua scripts, used only where atomicity needs them. Every key a script touches is passed
 * in KEYS, except the series hashes of `deleteMetric`, listed in the metric's series set and
 * sharing its hash tag (same slot).
 */
import { createHash } from 'node:crypto'

/** A script and its SHA1 for EVALSHA. */
export interface LuaScript {
  readonly name: string
  readonly lua: string
  readonly sha: string
}

const script = (name: string, lua: string): LuaScript => ({ name, lua, sha: createHash('sha1').update(lua).digest('hex') })

/** KEYS lock, fence; ARGV token, ttlMs → new fence, or -1 if the lock is held. */
export const ACQUIRE_LOCK = script(
  'acquireLock',
  `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return redis.call('INCR', KEYS[2]) end
return -1`,
)

/** KEYS lock; ARGV token, ttlMs → 1 if still held and extended. */
export const RENEW_LOCK = script(
  'renewLock',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`,
)

/** KEYS lock; ARGV token → 1 if released (compare-and-delete). */
export const RELEASE_LOCK = script(
  'releaseLock',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
)

/**
 * KEYS fence, incoming, incomingCount, raw, seriesSet, series hashes…;
 * ARGV fence, nIds, ids…, hasRaw, rawBytes, nPut, (seriesIndex, start, bytes)…, nDel, (seriesIndex, start)…
 * → number of incoming entries left. Refuses (error POLENTA_FENCE) unless the fence is current.
 */
export const COMMIT_PROCESSING = script(
  'commitProcessing',
  `local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current ~= tonumber(ARGV[1]) then
  return redis.error_reply('POLENTA_FENCE stale fence ' .. ARGV[1] .. ', current ' .. current)
end
local i = 2
local nIds = tonumber(ARGV[i]); i = i + 1
local removed = 0
for _ = 1, nIds do
  local id = ARGV[i]; i = i + 1
  local e = redis.call('XRANGE', KEYS[2], id, id)
  if #e > 0 then
    local f = e[1][2]
    for k = 1, #f, 2 do if f[k] == 'n' then removed = removed + tonumber(f[k + 1]) end end
    redis.call('XDEL', KEYS[2], id)
  end
end
local left = redis.call('XLEN', KEYS[2])
if left == 0 then
  redis.call('DEL', KEYS[2], KEYS[3])
elseif removed > 0 then
  redis.call('DECRBY', KEYS[3], removed)
end
if ARGV[i] == '1' then redis.call('SET', KEYS[4], ARGV[i + 1]) else redis.call('DEL', KEYS[4]) end
i = i + 2
local nPut = tonumber(ARGV[i]); i = i + 1
for _ = 1, nPut do
  local key = KEYS[5 + tonumber(ARGV[i])]
  redis.call('HSET', key, ARGV[i + 1], ARGV[i + 2])
  redis.call('SADD', KEYS[5], key)
  i = i + 3
end
local nDel = tonumber(ARGV[i]); i = i + 1
for _ = 1, nDel do
  local key = KEYS[5 + tonumber(ARGV[i])]
  redis.call('HDEL', key, ARGV[i + 1])
  if redis.call('EXISTS', key) == 0 then redis.call('SREM', KEYS[5], key) end
  i = i + 2
end
return left`,
)

/**
 * KEYS series hashes (any number, one Cluster slot); ARGV per key fromUs ('' = unbounded), toUs
 * ('' = unbounded), splitWidthUs → per key a flat [start, bytes, start, bytes, …] of the splits
 * overlapping [from, to), ascending. One command for many series: ioredis costs a command object
 * per call, which dominated reading a thousand series.
 */
export const READ_RANGES = script(
  'readRanges',
  `local replies = {}
for k, key in ipairs(KEYS) do
  local a = (k - 1) * 3
  local fields = redis.call('HKEYS', key)
  local w = tonumber(ARGV[a + 3])
  local lo = ARGV[a + 1] ~= '' and tonumber(ARGV[a + 1]) or nil
  local hi = ARGV[a + 2] ~= '' and tonumber(ARGV[a + 2]) or nil
  local sel = {}
  for _, f in ipairs(fields) do
    local s = tonumber(f)
    if (lo == nil or s + w > lo) and (hi == nil or s < hi) then sel[#sel + 1] = { s, f } end
  end
  table.sort(sel, function(x, y) return x[1] < y[1] end)
  local out = {}
  for _, p in ipairs(sel) do
    out[#out + 1] = p[2]
    out[#out + 1] = redis.call('HGET', key, p[2])
  end
  replies[k] = out
end
return replies`,
)

/**
 * KEYS incoming streams (any number, one Cluster slot) → per key 1 if the stream holds entries,
 * else 0: one command for many metrics, where ioredis costs a command object and often a socket
 * write per call.
 */
export const HAS_INCOMING = script(
  'hasIncoming',
  `local out = {}
for i, k in ipairs(KEYS) do out[i] = redis.call('XLEN', k) > 0 and 1 or 0 end
return out`,
)

/** KEYS incoming, incomingCount, raw, seriesSet → deletes them and every listed series hash. */
export const DELETE_METRIC = script(
  'deleteMetric',
  `for _, k in ipairs(redis.call('SMEMBERS', KEYS[4])) do redis.call('DEL', k) end
return redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])`,
)

/**
 * KEYS docs, changes; ARGV origin, changesJson, maxStreamLength, n, then per change
 * op ('p'|'d'), field, ifAbsent ('1'|'0'), valueJson → the change-stream id.
 * Refuses everything (error POLENTA_CONFLICT <field>) if an ifAbsent put finds its document.
 */
export const INDEX_COMMIT = script(
  'indexCommit',
  `local n = tonumber(ARGV[4])
for j = 0, n - 1 do
  local b = 5 + j * 4
  if ARGV[b] == 'p' and ARGV[b + 2] == '1' and redis.call('HEXISTS', KEYS[1], ARGV[b + 1]) == 1 then
    return redis.error_reply('POLENTA_CONFLICT ' .. ARGV[b + 1])
  end
end
for j = 0, n - 1 do
  local b = 5 + j * 4
  if ARGV[b] == 'p' then redis.call('HSET', KEYS[1], ARGV[b + 1], ARGV[b + 3]) else redis.call('HDEL', KEYS[1], ARGV[b + 1]) end
end
return redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'o', ARGV[1], 'c', ARGV[2])`,
)

/** Every script, loaded on every master at connection time. */
export const ALL_SCRIPTS: readonly LuaScript[] = [ACQUIRE_LOCK, RENEW_LOCK, RELEASE_LOCK, COMMIT_PROCESSING, READ_RANGES, HAS_INCOMING, DELETE_METRIC, INDEX_COMMIT]
