-- wrk script for bench-gc.sh: cycles through 4,800 distinct search pages (16
-- queries, three orders, pages 1 to 100), so that few are answered from the
-- page cache; each accepts what a browser accepts. Any run of requests holds
-- the orders, the queries and the pages alike (the page jumps by 37), so
-- that a faster program, which gets further in a minute, is not given
-- other work: the date orders, which cost more, come every third request.
local qs = {"Qavam", "Tabriz", "Bagirov", "oil", "fedai", "Security", "government", "Azerbaijan", "people",
  "%22Security+Council%22", "%22Soviet+government%22", "Qavam+year%3A1946", "Tabriz+lang%3Aru", "negotiat*", "Molotov", "Zanjan"}
local sorts = {"", "&sort=oldest", "&sort=newest"}
local i = 0
request = function()
  local sort = sorts[(i % #sorts) + 1]
  local q = qs[(math.floor(i / #sorts) % #qs) + 1]
  local page = (math.floor(i / (#sorts * #qs)) * 37) % 100 + 1
  i = i + 1
  return wrk.format("GET", "/search?q=" .. q .. "&page=" .. page .. sort, {["Accept-Encoding"] = "gzip, deflate, br"})
end
