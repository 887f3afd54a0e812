-- Applies a batch of records to one UTC day's aggregates, once per record id (docs/kpi.md, "Apply").
-- Every key starts with ARGV[1], the day's hash tag prefix {st:YYYY-MM-DD}:, so all of them live in one
-- cluster slot. ARGV[2]: an explicit generation (rebuild, verify), or '' for the live ones: the current
-- generation and, while a rebuild runs, the one being built. ARGV[3]: D, the number of changes; ARGV[4]: R, the
-- number of records. Then D changes of 4 values: kind, key, field, and the batch's value over its records that
-- are never revised (sum or maximum; '' when only revisable records use the change); kind 'S' is a set
-- addition whose field holds the members separated by \31. Then R records of 6 values: seen key (ss:<shard>, one
-- of 64), seen key in the layout of before 2026-12-07 (s:<shard>, one of 16,384; used in a generation whose 'is'
-- index lists such keys, docs/kpi.md), seen field, revision, revisable (1/0), and the record's own changes as
-- 'index:n' separated by spaces (sets of records that are never revised are left out: adding to a set twice
-- changes nothing).
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
local STRIDE = 6

local function sadd(key, members)
  for s = 1, #members, 1000 do
    redis.call('SADD', key, unpack(members, s, math.min(#members, s + 999)))
  end
end

-- one change to one key; histogram bins are collected in bits (one BITFIELD per key) when it is given
local function change(g, kind, k, f, n, bits)
  local key = p .. g .. ':' .. k
  if kind == 'i' then
    if n ~= 0 and redis.call('HINCRBY', key, f, n) == 0 then redis.call('HDEL', key, f) end
  elseif kind == 'h' then
    if n ~= 0 then
      if bits then
        local b = bits[key]
        if not b then b = { 'OVERFLOW', 'SAT' }; bits[key] = b end
        b[#b + 1] = 'INCRBY'; b[#b + 1] = 'u32'; b[#b + 1] = '#' .. f; b[#b + 1] = n
      else
        redis.call('BITFIELD', key, 'OVERFLOW', 'SAT', 'INCRBY', 'u32', '#' .. f, n)
      end
    end
  elseif kind == 'm' then
    if n ~= 0 then
      local cur = tonumber(redis.call('HGET', key, f) or '-1')
      if n > cur then redis.call('HSET', key, f, n) end
    end
  elseif kind == 's' then
    redis.call('SADD', key, f)
  elseif kind == 'S' then
    local members = {}
    for m in string.gmatch(f, '[^' .. SEP .. ']+') do members[#members + 1] = m end
    sadd(key, members)
  end
end

-- values: change index -> the value to write (a number, or the members of an 'S' change); undone: what earlier
-- revisions take back, {kind, key, field, n} by kind..key..field
local function write(g, values, undone)
  local bits = {}
  for j, n in pairs(values) do
    local o = CHANGES + (j - 1) * 4
    change(g, ARGV[o], ARGV[o + 1], ARGV[o + 2], n, bits)
  end
  for _, u in pairs(undone) do change(g, u[1], u[2], u[3], u[4], bits) end
  for key, b in pairs(bits) do redis.call('BITFIELD', key, unpack(b)) end
end

-- adds a revision's own change j (kind, n) to the batch's values: sums, maxima, set members
local function combine(values, j, kind, n)
  local cur = values[j]
  if kind == 'm' then
    if not cur or n > cur then values[j] = n end
  elseif kind == 's' then
    values[j] = 1
  else
    values[j] = (cur or 0) + n
  end
end

-- takes back what a stored revision added (counters and histogram bins), summed into undone
local function undo(stored, undone)
  local parts = {}
  for part in string.gmatch(stored, '[^' .. SEP .. ']+') do parts[#parts + 1] = part end
  for j = 2, #parts - 3, 4 do
    local kind = parts[j]
    if kind == 'i' or kind == 'h' then
      local id = kind .. SEP .. parts[j + 1] .. SEP .. parts[j + 2]
      local u = undone[id]
      if not u then u = { kind, parts[j + 1], parts[j + 2], 0 }; undone[id] = u end
      u[4] = u[4] - tonumber(parts[j + 3])
    end
  end
end

local function batchValue(o)
  local kind, v = ARGV[o], ARGV[o + 3]
  if kind == 'S' then return v end
  return tonumber(v)
end

local applied = 0
for gi, g in ipairs(gens) do
  local fresh = {}
  local stale = false
  local shards = {}
  local newShards = {}
  -- the revisions' own changes and what they take back, summed over the batch and written once below
  local revised = {}
  local undone = {}
  -- the generation's seen layout: 64 shards, or the 16,384 of a day written before 2026-12-07
  local used = redis.call('SRANDMEMBER', p .. g .. ':is')
  local old = (used and string.sub(used, 1, 2) == 's:') and 1 or 0
  for r = 1, R do
    local o = RECORDS + (r - 1) * STRIDE
    local seenKey, field, rev = ARGV[o + old], ARGV[o + 2], ARGV[o + 3]
    local sk = p .. g .. ':' .. seenKey
    local new = false
    if ARGV[o + 4] == '1' then
      local prev = redis.call('HGET', sk, field)
      local prevRev = prev and tonumber(string.match(prev, '^%d+')) or 0
      if tonumber(rev) > prevRev then
        if prev then undo(prev, undone) end
        local stored = { rev }
        local s = 1
        for js, n in string.gmatch(ARGV[o + 5], '(%d+):(%-?%d+)') do
          -- each number parsed once, and no length operator per append: this loop runs for every change of
          -- every handling record
          local j = tonumber(js)
          local c = CHANGES + (j - 1) * 4
          combine(revised, j, ARGV[c], tonumber(n))
          stored[s + 1] = ARGV[c]; stored[s + 2] = ARGV[c + 1]; stored[s + 3] = ARGV[c + 2]; stored[s + 4] = n
          s = s + 4
        end
        redis.call('HSET', sk, field, table.concat(stored, SEP))
        new = not prev
        if gi == 1 then applied = applied + 1 end
      end
    elseif redis.call('HSETNX', sk, field, rev) == 1 then
      fresh[r] = true
      new = true
      if gi == 1 then applied = applied + 1 end
    else
      stale = true
    end
    if new and not shards[seenKey] then
      shards[seenKey] = true
      newShards[#newShards + 1] = seenKey
    end
  end
  local values = {}
  for j = 1, D do
    local o = CHANGES + (j - 1) * 4
    if ARGV[o + 3] ~= '' and (not stale or ARGV[o] == 'S') then values[j] = batchValue(o) end
  end
  if stale then
    -- some record was applied before: sum the new ones' own changes instead of the batch's values
    for r = 1, R do
      local o = RECORDS + (r - 1) * STRIDE
      for js, ns in string.gmatch(fresh[r] and ARGV[o + 5] or '', '(%d+):(%-?%d+)') do
        local j = tonumber(js)
        local kind = ARGV[CHANGES + (j - 1) * 4]
        local cur = values[j]
        if kind == 'm' then local n = tonumber(ns); if not cur or n > cur then values[j] = n end
        else values[j] = (cur or 0) + tonumber(ns)
        end
      end
    end
  end
  for j, n in pairs(revised) do combine(values, j, ARGV[CHANGES + (j - 1) * 4], n) end
  write(g, values, undone)
  if #newShards > 0 then sadd(p .. g .. ':is', newShards) end
end
return applied
