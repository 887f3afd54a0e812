-- The common case of apply.lua: a batch of new records applied with the batch's sums only (docs/kpi.md, "Apply").
-- ARGV[1] prefix, ARGV[2] generation ('' for the live ones), ARGV[3] K keys, ARGV[4] N records, ARGV[5] G seen
-- groups, ARGV[6] where the groups start. Then K keys, each as kind (i, m, h, s or S), name, number of fields m, and
-- m fields with their values summed over all the records (for an 'S' key, m members without values, one argument each);
-- then G groups of the records' seen entries, each as the seen shard's key (ss:<shard>), the number of records n, and
-- n pairs of seen field and value ('1', or for a handling record's first revision the seen entry's value as
-- apply.lua would store it, written by Java: a later revision takes it back). A group tests its records with one
-- HMGET and marks them with one HSET. If any record was applied before in any generation, or comes twice in the
-- batch, the script takes back the seen entries it set, writes nothing and returns -1; if a generation keeps its
-- seen entries in the 16,384 shards of before 2026-12-07 (its 'is' index lists s:<shard> keys), it returns -2 before
-- writing anything. In both cases the caller sends the batch to apply.lua, which counts record by record in either
-- layout. Otherwise the script does two commands a seen shard of the batch (up to 64) and one write per distinct
-- field of the batch; grouped by key, a field costs two arguments and the key's name is built once.
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
local K, N, G = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local SEEN = tonumber(ARGV[6])

-- the generations' layouts first, so that -2 leaves nothing to take back
for _, g in ipairs(gens) do
  local used = redis.call('SRANDMEMBER', p .. g .. ':is')
  if used and string.sub(used, 1, 2) == 's:' then return -2 end
end

-- the seen groups set so far (key, fields), taken back when a record turns out seen
local set = {}
local function takeBack()
  for i = 1, #set, 2 do redis.call('HDEL', set[i], unpack(set[i + 1])) end
end
for _, g in ipairs(gens) do
  local base = p .. g .. ':'
  local keys = {}
  local o = SEEN
  for k = 1, G do
    local name, n = ARGV[o], tonumber(ARGV[o + 1])
    local key = base .. name
    local fields = {}
    for i = 1, n do fields[i] = ARGV[o + i * 2] end
    local before = redis.call('HMGET', key, unpack(fields))
    for i = 1, n do
      if before[i] then takeBack(); return -1 end
    end
    set[#set + 1] = key
    set[#set + 1] = fields
    -- fewer new fields than records: one record came twice in the batch
    if redis.call('HSET', key, unpack(ARGV, o + 2, o + 1 + n * 2)) < n then takeBack(); return -1 end
    keys[k] = name
    o = o + 2 + n * 2
  end
  if G > 0 then redis.call('SADD', base .. 'is', unpack(keys)) end
end

for _, g in ipairs(gens) do
  local base = p .. g .. ':'
  local o = 7
  for _ = 1, K do
    -- fields at o + 3, o + 5, …, last; each one's value after it ('S': members at o + 3 … o + 2 + m, no values)
    local kind, key, m = ARGV[o], base .. ARGV[o + 1], tonumber(ARGV[o + 2])
    local last = o + 1 + 2 * m
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
      -- a revisable record's set members (those of the others come as 'S'): every record here is new, so they are
      -- added as the others', one SADD a key (a batch of handling records names hundreds of agents)
      local members = {}
      for f = o + 3, last, 2 do members[#members + 1] = ARGV[f] end
      for s = 1, #members, 1000 do
        redis.call('SADD', key, unpack(members, s, math.min(#members, s + 999)))
      end
    elseif kind == 'S' then
      last = o + 1 + m
      for s = o + 3, last + 1, 1000 do
        redis.call('SADD', key, unpack(ARGV, s, math.min(last + 1, s + 999)))
      end
    end
    o = last + 2
  end
end
return N
