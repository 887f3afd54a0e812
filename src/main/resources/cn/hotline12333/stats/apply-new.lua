-- The common case of apply.lua: a batch of records that are never revised, applied with the batch's sums only
-- (docs/kpi.md, "Apply"). ARGV[1] prefix, ARGV[2] generation ('' for the live ones), ARGV[3] D changes, ARGV[4] R
-- records; then D changes of 4 values (kind i, m, h or S, key, field, value) and R records of 2 (seen key, seen
-- field). If any record was applied before in any generation, the script takes back the seen entries it set,
-- writes nothing and returns -1: the caller then sends the batch to apply.lua, which counts record by record.
-- Without the per-record changes and lists, the script does one HSETNX per record and one write per distinct
-- field of the batch.
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
local D, R = tonumber(ARGV[3]), tonumber(ARGV[4])
local CHANGES = 5
local RECORDS = CHANGES + D * 4

local set = {}
for _, g in ipairs(gens) do
  local shards = {}
  local newShards = {}
  local base = p .. g .. ':'
  for r = 1, R do
    local o = RECORDS + (r - 1) * 2
    local sk = base .. ARGV[o]
    if redis.call('HSETNX', sk, ARGV[o + 1], '1') == 0 then
      for i = 1, #set, 2 do redis.call('HDEL', set[i], set[i + 1]) end
      return -1
    end
    set[#set + 1] = sk
    set[#set + 1] = ARGV[o + 1]
    if not shards[ARGV[o]] then
      shards[ARGV[o]] = true
      newShards[#newShards + 1] = ARGV[o]
    end
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
return R
