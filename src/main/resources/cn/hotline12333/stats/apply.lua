-- Applies a batch of records to one UTC day's aggregates, once per record id (docs/kpi.md, "Apply").
-- Every key starts with ARGV[1], the day's hash tag prefix {st:YYYY-MM-DD}:, so all of them live in one
-- cluster slot. ARGV[2]: an explicit generation (rebuild, verify), or '' for the live ones: the current
-- generation and, while a rebuild runs, the one being built. ARGV[3]: the number of records, then per record:
-- seen key, seen field, revision, revisable (1/0), op count, and 4 values per op: kind, key, field, n.
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

local function apply(g, kind, k, f, n)
  local key = p .. g .. ':' .. k
  if kind == 'i' then
    if redis.call('HINCRBY', key, f, n) == 0 then redis.call('HDEL', key, f) end
  elseif kind == 'm' then
    local cur = tonumber(redis.call('HGET', key, f) or '-1')
    if n > cur then redis.call('HSET', key, f, n) end
  elseif kind == 'h' then
    redis.call('BITFIELD', key, 'OVERFLOW', 'SAT', 'INCRBY', 'u32', '#' .. f, n)
  elseif kind == 's' then
    redis.call('SADD', key, f)
  elseif kind == 'p' then
    local cur = redis.call('HGET', key, f)
    if cur then redis.call('HSET', key, f, cur .. ',' .. n) else redis.call('HSET', key, f, n) end
  end
end

local function undo(g, stored)
  local parts = {}
  for part in string.gmatch(stored, '[^' .. SEP .. ']+') do parts[#parts + 1] = part end
  for j = 2, #parts - 3, 4 do
    local kind = parts[j]
    if kind == 'i' or kind == 'h' then apply(g, kind, parts[j + 1], parts[j + 2], -tonumber(parts[j + 3])) end
  end
end

-- Changes of records that are never revised are summed here per key and field and written once at the end:
-- a batch of calls from one quarter hour shares most of its keys. Handling records apply at once, because a
-- later revision must take back exactly what they stored.
local acc = {}
local function add(g, kind, k, f, n)
  local byGen = acc[g] or {}
  acc[g] = byGen
  local id = kind .. SEP .. k .. SEP .. f
  local cur = byGen[id]
  if kind == 'i' or kind == 'h' then byGen[id] = (cur or 0) + n
  elseif kind == 'm' then if not cur or n > cur then byGen[id] = n end
  elseif kind == 's' then byGen[id] = 1
  elseif kind == 'p' then byGen[id] = cur and (cur .. ',' .. n) or tostring(n)
  end
end

local applied = 0
local i = 4
for r = 1, tonumber(ARGV[3]) do
  local seenKey, field, rev, revisable, nops = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3], tonumber(ARGV[i + 4])
  local first = i + 5
  i = first + nops * 4
  for gi, g in ipairs(gens) do
    local sk = p .. g .. ':' .. seenKey
    local prev = redis.call('HGET', sk, field)
    local prevRev = prev and tonumber(string.match(prev, '^%d+')) or 0
    if rev > prevRev then
      if prev and revisable == '1' then undo(g, prev) end
      local stored = { tostring(rev) }
      for j = first, i - 1, 4 do
        local n = tonumber(ARGV[j + 3])
        if revisable == '1' then
          apply(g, ARGV[j], ARGV[j + 1], ARGV[j + 2], n)
          stored[#stored + 1] = ARGV[j]; stored[#stored + 1] = ARGV[j + 1]
          stored[#stored + 1] = ARGV[j + 2]; stored[#stored + 1] = ARGV[j + 3]
        else
          add(g, ARGV[j], ARGV[j + 1], ARGV[j + 2], n)
        end
      end
      if not prev then redis.call('SADD', p .. g .. ':is', seenKey) end
      redis.call('HSET', sk, field, table.concat(stored, SEP))
      if gi == 1 then applied = applied + 1 end
    end
  end
end
for g, byGen in pairs(acc) do
  for id, n in pairs(byGen) do
    local kind, k, f = string.match(id, '^(%a)' .. SEP .. '([^' .. SEP .. ']*)' .. SEP .. '(.*)$')
    if kind == 'p' then
      local key = p .. g .. ':' .. k
      local cur = redis.call('HGET', key, f)
      redis.call('HSET', key, f, cur and (cur .. ',' .. n) or n)
    elseif n ~= 0 or kind == 's' then
      apply(g, kind, k, f, n)
    end
  end
end
return applied
