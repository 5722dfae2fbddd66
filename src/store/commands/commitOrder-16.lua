--[[
  Commit one transition of one order: everything below is written, or nothing is (R38).

  Input:
    KEYS[1]  order hash             P:order:{id}
    KEYS[2]  history list           P:history:{id}
    KEYS[3]  idempotency record     P:idem:<caller>:<key> (KEYS[1] when no key: untouched)
    KEYS[4]  number index hash      P:numbers
    KEYS[5]  slot bookings hash     P:slots
    KEYS[6]  outbox stream          P:outbox
    KEYS[7]  change feed stream     P:feed
    KEYS[8]  list index, all        P:orders:all
    KEYS[9]  list index, kind       P:orders:kind:<kind>
    KEYS[10] list index, old state  P:orders:state:<prev>           (unused on create)
    KEYS[11] list index, old s+k    P:orders:state:<prev>:kind:<k>  (unused on create)
    KEYS[12] list index, new state  P:orders:state:<state>
    KEYS[13] list index, new s+k    P:orders:state:<state>:kind:<k>
    KEYS[14] project members set    P:projects:{pid}:orders (KEYS[1] when no project: untouched)
    KEYS[15] search index           P:search                   (R62: lexicographic members, score 0)
    KEYS[16] attention index        P:orders:attention         (R62: score = epoch ms from which it needs attention)

    ARGV[1]  order id
    ARGV[2]  expected version (0 = create)
    ARGV[3]  snapshot JSON
    ARGV[4]  state
    ARGV[5]  kind
    ARGV[6]  project id ('' = none)
    ARGV[7]  createdAt, epoch ms (list score)
    ARGV[8]  updatedAt, UTC ISO
    ARGV[9]  history entry JSON
    ARGV[10] numbers to claim, JSON array
    ARGV[11] numbers to release, JSON array
    ARGV[12] slot key to reserve ('' = none)
    ARGV[13] slot key to release ('' = none)
    ARGV[14] slot capacity
    ARGV[15] feed entry JSON ('' = none)
    ARGV[16] idempotency TTL seconds ('' = no idempotency key)
    ARGV[17] idempotency response
    ARGV[18] '1' = raise an error after the checks (test hook, proves nothing is written)
    ARGV[19] search members to add, JSON array
    ARGV[20] search members to remove, JSON array
    ARGV[21] attention instant, epoch ms ('' = the order needs no attention: removed)
    ARGV[22] the outbox entries, one JSON array (one stream entry per commit)
    ARGV[23] '1' = store the snapshot (ARGV[3]) beside them (an entry tells the order), '' = not

  Output:
    {'ok', newVersion}
    {'idempotent_replay', storedResponse}
    {'version_conflict', storedVersion}
    {'number_in_active_order', number, owningOrderId}
    {'slot_full', slotKey}

  Redis does not roll back a script that fails midway, so every check runs before the first write:
  a refusal (or an error) in the check phase leaves the database untouched.
]]
local rcall = redis.call
local orderId = ARGV[1]
local expectedVersion = tonumber(ARGV[2])
local hasIdempotency = ARGV[16] ~= ''

-- Checks (no writes) ------------------------------------------------------------------------------

-- A replay is answered before the version check: the first request already moved the version on.
if hasIdempotency then
  local stored = rcall('GET', KEYS[3])
  if stored then return {'idempotent_replay', stored} end
end

local storedVersion = tonumber(rcall('HGET', KEYS[1], 'version')) or 0
if storedVersion ~= expectedVersion then return {'version_conflict', storedVersion} end

local claims = cjson.decode(ARGV[10])
for i = 1, #claims do
  local owner = rcall('HGET', KEYS[4], claims[i])
  if owner and owner ~= orderId then return {'number_in_active_order', claims[i], owner} end
end

local reserveSlot, releaseSlot = ARGV[12], ARGV[13]
if reserveSlot == releaseSlot then
  -- Rescheduled into the slot it already holds: its place stays taken.
  reserveSlot, releaseSlot = '', ''
end
if reserveSlot ~= '' then
  local booked = tonumber(rcall('HGET', KEYS[5], reserveSlot)) or 0
  if booked >= tonumber(ARGV[14]) then return {'slot_full', reserveSlot} end
end

if ARGV[18] == '1' then error('portflow test hook: failure injected after the checks') end

-- Writes -------------------------------------------------------------------------------------------

local newVersion = expectedVersion + 1
local creating = expectedVersion == 0
local state = ARGV[4]

if creating then
  rcall('HSET', KEYS[1], 'snapshot', ARGV[3], 'version', newVersion, 'state', state, 'updatedAt', ARGV[8],
    'kind', ARGV[5], 'projectId', ARGV[6], 'createdAt', ARGV[7])
else
  rcall('HSET', KEYS[1], 'snapshot', ARGV[3], 'version', newVersion, 'state', state, 'updatedAt', ARGV[8])
end
rcall('RPUSH', KEYS[2], ARGV[9])

-- Release before claim, so a number both released and claimed ends up claimed.
local releases = cjson.decode(ARGV[11])
for i = 1, #releases do
  if rcall('HGET', KEYS[4], releases[i]) == orderId then rcall('HDEL', KEYS[4], releases[i]) end
end
for i = 1, #claims do
  rcall('HSET', KEYS[4], claims[i], orderId)
end

if releaseSlot ~= '' then
  local booked = tonumber(rcall('HGET', KEYS[5], releaseSlot))
  if booked then
    -- Never below zero; an empty slot leaves the hash so it stays small.
    if booked <= 1 then rcall('HDEL', KEYS[5], releaseSlot) else rcall('HINCRBY', KEYS[5], releaseSlot, -1) end
  end
end
if reserveSlot ~= '' then rcall('HINCRBY', KEYS[5], reserveSlot, 1) end
-- Readers cache the open slots by this version (GET /v1/porting-calendar/slots): any booking change bumps it.
if reserveSlot ~= '' or releaseSlot ~= '' then rcall('HINCRBY', KEYS[5], 'version', 1) end

local score = ARGV[7]
if creating then
  rcall('ZADD', KEYS[8], score, orderId)
  rcall('ZADD', KEYS[9], score, orderId)
  rcall('ZADD', KEYS[12], score, orderId)
  rcall('ZADD', KEYS[13], score, orderId)
  if ARGV[6] ~= '' then rcall('SADD', KEYS[14], orderId) end
elseif KEYS[10] ~= KEYS[12] then
  rcall('ZREM', KEYS[10], orderId)
  rcall('ZREM', KEYS[11], orderId)
  rcall('ZADD', KEYS[12], score, orderId)
  rcall('ZADD', KEYS[13], score, orderId)
end

local searchRemove = cjson.decode(ARGV[20])
for i = 1, #searchRemove do rcall('ZREM', KEYS[15], searchRemove[i]) end
local searchAdd = cjson.decode(ARGV[19])
for i = 1, #searchAdd do rcall('ZADD', KEYS[15], 0, searchAdd[i]) end
if ARGV[21] == '' then rcall('ZREM', KEYS[16], orderId) else rcall('ZADD', KEYS[16], ARGV[21], orderId) end

-- The transition's effects as one stream entry, in order. A notice, an invite or a publication tells
-- the order as this transition left it: the snapshot is stored beside them, not sent again inside.
if ARGV[23] == '1' then
  rcall('XADD', KEYS[6], '*', 'entries', ARGV[22], 'snapshot', ARGV[3])
else
  rcall('XADD', KEYS[6], '*', 'entries', ARGV[22])
end
if ARGV[15] ~= '' then rcall('XADD', KEYS[7], '*', 'entry', ARGV[15]) end

if hasIdempotency then rcall('SET', KEYS[3], ARGV[17], 'EX', ARGV[16]) end

return {'ok', newVersion}
