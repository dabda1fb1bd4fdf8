-- wrk script for bench-gc.sh: cycles through distinct search pages (16 queries,
-- pages 1 to 100, three orders), so that few are answered from the page cache;
-- each accepts what a browser accepts.
local qs = {"Qavam", "Tabriz", "Bagirov", "oil", "fedai", "Security", "government", "Azerbaijan", "people",
  "%22Security+Council%22", "%22Soviet+government%22", "Qavam+year%3A1946", "Tabriz+lang%3Aru", "negotiat*", "Molotov", "Zanjan"}
local i = 0
request = function()
  i = i + 1
  local q = qs[(i % #qs) + 1]
  local page = (math.floor(i / #qs) % 100) + 1
  local sort = ({"", "&sort=oldest", "&sort=newest"})[(math.floor(i / (#qs * 100)) % 3) + 1]
  return wrk.format("GET", "/search?q=" .. q .. "&page=" .. page .. sort, {["Accept-Encoding"] = "gzip, deflate, br"})
end
