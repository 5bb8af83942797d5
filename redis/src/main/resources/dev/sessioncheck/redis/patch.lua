-- sessioncheck RedisStore: UPDATE and touch of one session record, server-side and atomic.
--
-- The stored value is the express-session JSON: {"cookie":{...}, "__sessioncheck":{...}, attrs...}.
-- This script never decodes and re-encodes the attributes: it finds the top-level members by
-- scanning the text and copies every member it does not change byte for byte, so values written by
-- a Node app (number spellings, key order, unicode escapes) survive untouched. cjson is used only
-- to check that the value is JSON at all, and to decode a member name that contains escapes.
--
-- KEYS[1]  the session key
-- ARGV[1]  'update' or 'touch'
-- ARGV[2]  TTL in seconds; <= 0 means the record is past its deadline: delete it (connect-redis)
-- ARGV[3]  the reserved bookkeeping key ("__sessioncheck")
-- ARGV[4]  the new cookie object, JSON
-- update:  ARGV[5] the new bookkeeping object, JSON; ARGV[6] n = number of attributes set;
--          ARGV[7 .. 6+n] their names; ARGV[7+n .. 6+2n] their members ("name":value);
--          ARGV[7+2n ..] the names of removed attributes
-- touch:   ARGV[5] the new lastAccess, as a JSON string
--
-- Returns 1 (written or deleted), 0 (no such key: nothing is created), -1 (not JSON),
-- -2 (JSON, but not a session object: no top-level object, no "cookie" object, a duplicate member,
-- a bookkeeping member that is not an object).

local cur = redis.call('GET', KEYS[1])
if not cur then
  return 0
end
if not pcall(cjson.decode, cur) then
  return -1
end

local WS = '[^ \t\r\n]'

-- index of the closing quote of the string that opens at i
local function string_end(s, i)
  local j = i + 1
  while true do
    local k = string.find(s, '["\\]', j)
    if not k then return nil end
    if string.byte(s, k) == 34 then return k end
    j = k + 2
  end
end

-- index of the last byte of the (valid) JSON value that starts at i
local function value_end(s, i)
  local c = string.byte(s, i)
  if c == 34 then
    return string_end(s, i)
  end
  if c == 123 or c == 91 then
    local depth = 0
    local j = i
    while true do
      local k = string.find(s, '[{}%[%]"]', j)
      if not k then return nil end
      local b = string.byte(s, k)
      if b == 34 then
        k = string_end(s, k)
        if not k then return nil end
      elseif b == 123 or b == 91 then
        depth = depth + 1
      else
        depth = depth - 1
        if depth == 0 then return k end
      end
      j = k + 1
    end
  end
  local k = string.find(s, '[,}%] \t\r\n]', i)
  if not k then return nil end
  return k - 1
end

-- the members of the object that starts at i (after whitespace): a list of
-- {name, member start, value start, value end}, and a set of the names; nil if not an object or a
-- name repeats
local function members(s, i)
  i = string.find(s, WS, i)
  if not i or string.byte(s, i) ~= 123 then return nil end
  local list, seen = {}, {}
  i = string.find(s, WS, i + 1)
  if i and string.byte(s, i) == 125 then return list, seen end
  while true do
    if not i or string.byte(s, i) ~= 34 then return nil end
    local ke = string_end(s, i)
    if not ke then return nil end
    local name = string.sub(s, i + 1, ke - 1)
    if string.find(name, '\\', 1, true) then
      name = cjson.decode('"' .. name .. '"')
    end
    if seen[name] then return nil end
    seen[name] = true
    local colon = string.find(s, WS, ke + 1)
    if not colon or string.byte(s, colon) ~= 58 then return nil end
    local vs = string.find(s, WS, colon + 1)
    if not vs then return nil end
    local ve = value_end(s, vs)
    if not ve then return nil end
    list[#list + 1] = {name, i, vs, ve}
    local n = string.find(s, WS, ve + 1)
    if not n then return nil end
    local b = string.byte(s, n)
    if b == 125 then return list, seen end
    if b ~= 44 then return nil end
    i = string.find(s, WS, n + 1)
  end
end

local list, seen = members(cur, 1)
if not list or not seen['cookie'] then
  return -2
end

local mode, ttl, metakey, cookie = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local metamember = '"' .. metakey .. '":'
local meta = nil
local sets, used, removed = {}, {}, {}
local names = {}

for _, m in ipairs(list) do
  if m[1] == 'cookie' and string.byte(cur, m[3]) ~= 123 then
    return -2
  end
end

if mode == 'update' then
  meta = ARGV[5]
  local n = tonumber(ARGV[6])
  for k = 1, n do
    names[k] = ARGV[6 + k]
    sets[names[k]] = ARGV[6 + n + k]
  end
  for k = 7 + 2 * n, #ARGV do
    removed[ARGV[k]] = true
  end
else
  -- touch: keep the bookkeeping object's other members (created), replace lastAccess
  local la = '"lastAccess":' .. ARGV[5]
  meta = '{' .. la .. '}'
  for _, m in ipairs(list) do
    if m[1] == metakey then
      local inner = members(cur, m[3])
      if not inner then return -2 end
      local kept = {}
      for _, im in ipairs(inner) do
        if im[1] ~= 'lastAccess' then
          kept[#kept + 1] = string.sub(cur, im[2], im[4])
        end
      end
      kept[#kept + 1] = la
      meta = '{' .. table.concat(kept, ',') .. '}'
    end
  end
end

if ttl <= 0 then
  redis.call('DEL', KEYS[1])
  return 1
end

local out = {}
for _, m in ipairs(list) do
  local name = m[1]
  if name == 'cookie' then
    out[#out + 1] = '"cookie":' .. cookie
    if not seen[metakey] then
      out[#out + 1] = metamember .. meta
    end
  elseif name == metakey then
    out[#out + 1] = metamember .. meta
  elseif sets[name] then
    out[#out + 1] = sets[name]
    used[name] = true
  elseif not removed[name] then
    out[#out + 1] = string.sub(cur, m[2], m[4])
  end
end
for _, name in ipairs(names) do
  if not used[name] then
    out[#out + 1] = sets[name]
  end
end

redis.call('SET', KEYS[1], '{' .. table.concat(out, ',') .. '}', 'EX', ttl)
return 1
