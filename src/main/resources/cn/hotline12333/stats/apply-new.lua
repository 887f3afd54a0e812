-- The common case of apply.lua: a batch of new records applied with the batch's sums only (docs/kpi.md, "Apply").
-- ARGV[1] prefix, ARGV[2] generation ('' for the live ones), ARGV[3] K keys, ARGV[4] R records that are never
-- revised, ARGV[5] V revisable records (handling records' first revisions), ARGV[6] where the records start. Then
-- K keys, each as kind (i, m, h, s or S), name, number of fields m, and m fields with their values summed over all
-- the records (an 'S' key has one field, its members separated by \31); then R records of 2 values (seen key,
-- seen field; value '1') and V records of 3 (seen key, seen field, and the seen entry's value as apply.lua would
-- store it, written by Java: a later revision takes it back). If any record was applied before in any generation,
-- the script takes back the seen entries it set, writes nothing and returns -1: the caller then sends the batch to
-- apply.lua, which counts record by record. Without the per-record changes and lists, the script does one HSETNX
-- per record and one write per distinct field of the batch; grouped by key, a field costs two arguments and the
-- key's name is built once.
-- ARGV as a local: the loops below read it for every change, and a global is a table lookup each time
local ARGV = ARGV
local p = ARGV[1]
local gens = {}
if ARGV[2] ~= '' then
  gens[1] = ARGV[2]
else
  gens[1] = redis.call('GET', p .. 'gen') or '0'
  local building = redis.call('GET', p .. 'building')
  if building and building ~= gens[1] then gens[2] = building end
end
local SEP = string.char(31)
local K, R, V = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local RECORDS = tonumber(ARGV[6])
local REVISABLE = RECORDS + R * 2

local set = {}
for _, g in ipairs(gens) do
  local shards = {}
  local newShards = {}
  local base = p .. g .. ':'
  -- marks one record seen; false when it was seen before
  local function mark(o, value)
    local sk = base .. ARGV[o]
    if redis.call('HSETNX', sk, ARGV[o + 1], value) == 0 then return false end
    set[#set + 1] = sk
    set[#set + 1] = ARGV[o + 1]
    if not shards[ARGV[o]] then
      shards[ARGV[o]] = true
      newShards[#newShards + 1] = ARGV[o]
    end
    return true
  end
  local ok = true
  for r = 1, R do
    if not mark(RECORDS + (r - 1) * 2, '1') then ok = false; break end
  end
  if ok then
    for v = 1, V do
      local o = REVISABLE + (v - 1) * 3
      if not mark(o, ARGV[o + 2]) then ok = false; break end
    end
  end
  if not ok then
    for i = 1, #set, 2 do redis.call('HDEL', set[i], set[i + 1]) end
    return -1
  end
  for s = 1, #newShards, 1000 do
    redis.call('SADD', base .. 'is', unpack(newShards, s, math.min(#newShards, s + 999)))
  end
end

for _, g in ipairs(gens) do
  local base = p .. g .. ':'
  local o = 7
  for _ = 1, K do
    -- fields at o + 3, o + 5, …, last; each one's value after it
    local kind, key, last = ARGV[o], base .. ARGV[o + 1], o + 1 + 2 * tonumber(ARGV[o + 2])
    if kind == 'i' then
      for f = o + 3, last, 2 do
        -- the value as Java wrote it: a Lua number would be parsed here and printed again for the command
        local v = ARGV[f + 1]
        if v ~= '0' and redis.call('HINCRBY', key, ARGV[f], v) == 0 then redis.call('HDEL', key, ARGV[f]) end
      end
    elseif kind == 'h' then
      local b = { 'OVERFLOW', 'SAT' }
      for f = o + 3, last, 2 do
        if ARGV[f + 1] ~= '0' then
          b[#b + 1] = 'INCRBY'; b[#b + 1] = 'u32'; b[#b + 1] = '#' .. ARGV[f]; b[#b + 1] = ARGV[f + 1]
        end
      end
      if #b > 2 then redis.call('BITFIELD', key, unpack(b)) end
    elseif kind == 'm' then
      for f = o + 3, last, 2 do
        local n = tonumber(ARGV[f + 1])
        if n ~= 0 and n > tonumber(redis.call('HGET', key, ARGV[f]) or '-1') then
          redis.call('HSET', key, ARGV[f], ARGV[f + 1])
        end
      end
    elseif kind == 's' then
      -- a revisable record's set members (those of the others come as 'S')
      for f = o + 3, last, 2 do redis.call('SADD', key, ARGV[f]) end
    elseif kind == 'S' then
      local members = {}
      for m in string.gmatch(ARGV[o + 3], '[^' .. SEP .. ']+') do members[#members + 1] = m end
      for s = 1, #members, 1000 do
        redis.call('SADD', key, unpack(members, s, math.min(#members, s + 999)))
      end
    end
    o = last + 2
  end
end
return R + V
