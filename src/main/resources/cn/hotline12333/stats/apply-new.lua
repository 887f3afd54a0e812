-- The common case of apply.lua: a batch of new records applied with the batch's sums only (docs/kpi.md, "Apply").
-- ARGV[1] prefix, ARGV[2] generation ('' for the live ones), ARGV[3] D changes, ARGV[4] R records that are never
-- revised, ARGV[5] V revisable records (handling records' first revisions); then D changes of 4 values (kind i, m,
-- h, s or S, key, field, value summed over all the records), R records of 2 (seen key, seen field; value '1') and
-- V records of 3 (seen key, seen field, and the seen entry's value as apply.lua would store it, written by Java:
-- a later revision takes it back). If any record was applied before in any generation, the script takes back the
-- seen entries it set, writes nothing and returns -1: the caller then sends the batch to apply.lua, which counts
-- record by record. Without the per-record changes and lists, the script does one HSETNX per record and one write
-- per distinct field of the batch.
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
local D, R, V = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local CHANGES = 6
local RECORDS = CHANGES + D * 4
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
  local bits = {}
  for j = 1, D do
    local o = CHANGES + (j - 1) * 4
    local kind, v = ARGV[o], ARGV[o + 3]
    if v ~= '' then
      local key = base .. ARGV[o + 1]
      if kind == 'i' then
        -- the value as Java wrote it: a Lua number would be parsed here and printed again for the command
        if v ~= '0' and redis.call('HINCRBY', key, ARGV[o + 2], v) == 0 then redis.call('HDEL', key, ARGV[o + 2]) end
      elseif kind == 'h' and v ~= '0' then
        local b = bits[key]
        if not b then b = { 'OVERFLOW', 'SAT' }; bits[key] = b end
        b[#b + 1] = 'INCRBY'; b[#b + 1] = 'u32'; b[#b + 1] = '#' .. ARGV[o + 2]; b[#b + 1] = v
      elseif kind == 'm' then
        local n = tonumber(v)
        if n ~= 0 and n > tonumber(redis.call('HGET', key, ARGV[o + 2]) or '-1') then
          redis.call('HSET', key, ARGV[o + 2], v)
        end
      elseif kind == 's' then
        -- a revisable record's set member (those of the others come grouped as 'S')
        redis.call('SADD', key, ARGV[o + 2])
      elseif kind == 'S' then
        local members = {}
        for m in string.gmatch(ARGV[o + 2], '[^' .. SEP .. ']+') do members[#members + 1] = m end
        for s = 1, #members, 1000 do
          redis.call('SADD', key, unpack(members, s, math.min(#members, s + 999)))
        end
      end
    end
  end
  for key, b in pairs(bits) do
    if #b > 2 then redis.call('BITFIELD', key, unpack(b)) end
  end
end
return R + V
