--[[
  Add one record beside an order — a note (R60) or a document's metadata (R61) — together with what
  it publishes: its outbox entries (mail, webhooks) and its change-feed entry. All or nothing, like
  the order commit (R38), but outside the order's version and history seq (SPEC §5.1).

  Input:
    KEYS[1]  order hash             P:order:{id}          (must exist)
    KEYS[2]  record hash            P:notes:{id} or P:documents:{id}
    KEYS[3]  outbox stream          P:outbox
    KEYS[4]  change feed stream     P:feed

    ARGV[1]  record id (the hash field)
    ARGV[2]  record JSON
    ARGV[3]  most records one order may hold (§9: every key has a bound)
    ARGV[4]  feed entry JSON
    ARGV[5]  outbox entries, one JSON array (one stream entry)

  Output:
    {'ok'}
    {'not_found'}                 the order does not exist
    {'limit_reached', count}      the order already holds ARGV[3] records
]]
local rcall = redis.call

if rcall('EXISTS', KEYS[1]) == 0 then return {'not_found'} end
local count = rcall('HLEN', KEYS[2])
if count >= tonumber(ARGV[3]) then return {'limit_reached', count} end

rcall('HSET', KEYS[2], ARGV[1], ARGV[2])
rcall('XADD', KEYS[3], '*', 'entries', ARGV[5])
rcall('XADD', KEYS[4], '*', 'entry', ARGV[4])
return {'ok'}
