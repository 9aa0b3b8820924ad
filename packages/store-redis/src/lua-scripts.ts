// The store's Lua scripts: each change to shared state is one script, so it is atomic (Redis runs a
// script alone) and its publication goes out with it. They follow the rules of core's
// `circuit-record.ts` and `budget-window.ts` line by line; the conformance suite runs the same
// cases against both. Times come from the caller (ARGV), never from Redis: every replica's view
// and the in-memory store agree on them, fake time included.

/** A circuit record: load it (closed when absent), save it and publish it. KEYS[1]: the circuits hash; ARGV[1..3]: channel, origin, field. */
const CIRCUIT_PRELUDE = `
local channel, origin, field = ARGV[1], ARGV[2], ARGV[3]
local raw = redis.call('HGET', KEYS[1], field)
local r
if raw then r = cjson.decode(raw) else r = {failures = 0, openUntil = 0, cooldownMs = 0, trialUntil = 0, retryAfterUntil = 0, version = 0} end
local function save()
  r.version = r.version + 1
  local encoded = cjson.encode(r)
  redis.call('HSET', KEYS[1], field, encoded)
  redis.call('PUBLISH', channel, cjson.encode({type = 'circuit', key = field, record = r, origin = origin}))
  return encoded
end
`;

/** ARGV[4..8]: now, failureThreshold, cooldownMs, maxCooldownMs, trial (1 or 0). */
export const CIRCUIT_FAILURE = `${CIRCUIT_PRELUDE}
local now, threshold, cooldownMs, maxCooldownMs, trial = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8] == '1'
r.failures = r.failures + 1
if trial and r.openUntil > 0 and r.openUntil <= now then
  local cooldown = math.min(math.max(r.cooldownMs, cooldownMs) * 2, maxCooldownMs)
  r.openUntil = now + cooldown
  r.cooldownMs = cooldown
  r.trialUntil = 0
elseif r.openUntil == 0 and r.failures >= threshold then
  r.openUntil = now + cooldownMs
  r.cooldownMs = cooldownMs
  r.trialUntil = 0
end
return save()
`;

/** ARGV[4]: now. Returns the record unchanged (or nothing) when the success changes nothing. */
export const CIRCUIT_SUCCESS = `${CIRCUIT_PRELUDE}
local now = tonumber(ARGV[4])
if not raw then return false end
if r.openUntil > now then
  if r.failures == 0 then return raw end
  r.failures = 0
elseif r.failures == 0 and r.openUntil == 0 and r.trialUntil == 0 then
  return raw
else
  r.failures = 0
  r.openUntil = 0
  r.cooldownMs = 0
  r.trialUntil = 0
end
return save()
`;

/** ARGV[4]: until. A later deadline extends the cooldown; an earlier one changes nothing. */
export const CIRCUIT_COOLDOWN = `${CIRCUIT_PRELUDE}
local untilAt = tonumber(ARGV[4])
if untilAt <= r.retryAfterUntil then return raw end
r.retryAfterUntil = untilAt
return save()
`;

/** ARGV[4..5]: now, leaseMs. Returns {1, record} when this caller holds the trial, {0, record} otherwise. */
export const CIRCUIT_TRIAL = `${CIRCUIT_PRELUDE}
local now, leaseMs = tonumber(ARGV[4]), tonumber(ARGV[5])
if r.openUntil == 0 or r.openUntil > now or r.trialUntil > now or r.retryAfterUntil > now then return {0, raw or false} end
r.trialUntil = now + leaseMs
return {1, save()}
`;

/**
 * ARGV[4]: a record this replica kept while the store was down. Deadlines and counts are merged
 * upward (an open circuit or a cooldown seen alone is shared, never shortened by the merge).
 */
export const CIRCUIT_MERGE = `${CIRCUIT_PRELUDE}
local l = cjson.decode(ARGV[4])
if l.openUntil <= r.openUntil and l.retryAfterUntil <= r.retryAfterUntil and l.failures <= r.failures then return raw end
if l.openUntil > r.openUntil then
  r.openUntil = l.openUntil
  r.cooldownMs = math.max(r.cooldownMs, l.cooldownMs)
end
r.retryAfterUntil = math.max(r.retryAfterUntil, l.retryAfterUntil)
r.failures = math.max(r.failures, l.failures)
return save()
`;

/**
 * A budget's window. KEYS[1]: the log (sorted set: reservation id by time), KEYS[2]: tokens per
 * reservation plus '#total', KEYS[3]: reservations in flight (sorted set by when their slot is
 * given back at the latest). ARGV[1..2]: now, window. Drops what left the window, in chunks (Lua's
 * stack takes a few thousand arguments at most).
 */
const BUDGET_PRELUDE = `
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local function trim()
  local oldest = now - window
  local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', oldest)
  if #expired > 0 then
    local freed = 0
    for i = 1, #expired, 500 do
      local chunk = {}
      for j = i, math.min(i + 499, #expired) do chunk[#chunk + 1] = expired[j] end
      local amounts = redis.call('HMGET', KEYS[2], unpack(chunk))
      for _, amount in ipairs(amounts) do freed = freed + (tonumber(amount) or 0) end
      redis.call('HDEL', KEYS[2], unpack(chunk))
    end
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', oldest)
    redis.call('HINCRBY', KEYS[2], '#total', -freed)
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
end
`;

/**
 * ARGV[3..8]: id, tokens, rpm, tpm, concurrency (0: no such limit), holdMs. Returns {1}, or
 * {0, limit, used, max, retryAfterMs (-1: unknown), reason}: of several full limits, one that can
 * never fit, else the longest known wait (core's `pickRefusal`).
 */
export const BUDGET_RESERVE = `${BUDGET_PRELUDE}
trim()
local id, tokens = ARGV[3], tonumber(ARGV[4])
local rpm, tpm, concurrency, hold = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local best
local function refuse(candidate)
  if best == nil or (best[5] ~= 'too-large' and (candidate[5] == 'too-large' or candidate[4] > best[4])) then best = candidate end
end
local count = redis.call('ZCARD', KEYS[1])
if rpm > 0 and count + 1 > rpm then
  local freeing = redis.call('ZRANGE', KEYS[1], count - rpm, count - rpm, 'WITHSCORES')
  refuse({'rpm', count, rpm, tonumber(freeing[2]) + window - now, 'exhausted'})
end
local total = tonumber(redis.call('HGET', KEYS[2], '#total') or '0')
if tpm > 0 and total + tokens > tpm then
  if tokens > tpm then
    refuse({'tpm', total, tpm, -1, 'too-large'})
  else
    local needed, freed, at, offset = total + tokens - tpm, 0, nil, 0
    while at == nil do
      local batch = redis.call('ZRANGE', KEYS[1], offset, offset + 99, 'WITHSCORES')
      if #batch == 0 then break end
      local ids = {}
      for i = 1, #batch, 2 do ids[#ids + 1] = batch[i] end
      local amounts = redis.call('HMGET', KEYS[2], unpack(ids))
      for i = 1, #ids do
        freed = freed + (tonumber(amounts[i]) or 0)
        if freed >= needed then at = tonumber(batch[i * 2]) break end
      end
      offset = offset + 100
    end
    refuse({'tpm', total, tpm, (at or now) + window - now, 'exhausted'})
  end
end
local flying = redis.call('ZCARD', KEYS[3])
if concurrency > 0 and flying + 1 > concurrency then refuse({'concurrency', flying, concurrency, -1, 'exhausted'}) end
if best then return {0, best[1], best[2], best[3], best[4], best[5]} end
redis.call('ZADD', KEYS[1], now, id)
redis.call('HSET', KEYS[2], id, tokens)
redis.call('HINCRBY', KEYS[2], '#total', tokens)
if concurrency > 0 then redis.call('ZADD', KEYS[3], now + hold, id) end
-- Idle budgets leave Redis on their own: nothing in them matters once the window and holds are over.
local ttl = math.max(window, hold) + 60000
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
if concurrency > 0 then redis.call('PEXPIRE', KEYS[3], ttl) end
return {1}
`;

/** ARGV[3..4]: id, tokens. The real count replaces the estimate while the request is in the window; the slot is given back. */
export const BUDGET_SETTLE = `${BUDGET_PRELUDE}
local id, tokens = ARGV[3], tonumber(ARGV[4])
redis.call('ZREM', KEYS[3], id)
local at = redis.call('ZSCORE', KEYS[1], id)
local old = redis.call('HGET', KEYS[2], id)
if at and old and tonumber(at) > now - window then
  redis.call('HSET', KEYS[2], id, tokens)
  redis.call('HINCRBY', KEYS[2], '#total', tokens - tonumber(old))
end
return 1
`;

/** Returns {requests, tokens, in flight, the oldest request's time (-1: none)} in the window now. */
export const BUDGET_USE = `${BUDGET_PRELUDE}
trim()
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {redis.call('ZCARD', KEYS[1]), tonumber(redis.call('HGET', KEYS[2], '#total') or '0'), redis.call('ZCARD', KEYS[3]), oldest[2] or '-1'}
`;

/** KEYS[1]: the members (sorted set by expiry). ARGV: replica id, now, ttlMs. Returns how many replicas are alive. */
export const HEARTBEAT = `
local now, ttl = tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('PEXPIRE', KEYS[1], ttl * 10)
return redis.call('ZCARD', KEYS[1])
`;

/** KEYS[1]: the lease. ARGV: replica id, ttlMs. Granted (1) when free or already this replica's (then renewed). */
export const LEASE = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

/** KEYS[1]: the probes hash. ARGV: channel, origin, provider, probe (JSON). */
export const SHARE_PROBE = `
redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
redis.call('PUBLISH', ARGV[1], '{"type":"probe","origin":' .. cjson.encode(ARGV[2]) .. ',"provider":' .. cjson.encode(ARGV[3]) .. ',"probe":' .. ARGV[4] .. '}')
return 1
`;

/** Every script, by the name ioredis defines it under, with its number of keys. */
export const SCRIPTS = {
  sbCircuitFailure: { lua: CIRCUIT_FAILURE, numberOfKeys: 1 },
  sbCircuitSuccess: { lua: CIRCUIT_SUCCESS, numberOfKeys: 1 },
  sbCircuitCooldown: { lua: CIRCUIT_COOLDOWN, numberOfKeys: 1 },
  sbCircuitTrial: { lua: CIRCUIT_TRIAL, numberOfKeys: 1 },
  sbCircuitMerge: { lua: CIRCUIT_MERGE, numberOfKeys: 1 },
  sbBudgetReserve: { lua: BUDGET_RESERVE, numberOfKeys: 3 },
  sbBudgetSettle: { lua: BUDGET_SETTLE, numberOfKeys: 3 },
  sbBudgetUse: { lua: BUDGET_USE, numberOfKeys: 3 },
  sbHeartbeat: { lua: HEARTBEAT, numberOfKeys: 1 },
  sbLease: { lua: LEASE, numberOfKeys: 1 },
  sbShareProbe: { lua: SHARE_PROBE, numberOfKeys: 1 },
} as const;

export type ScriptName = keyof typeof SCRIPTS;
