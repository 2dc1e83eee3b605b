-- wrk script for the benchmark. Arguments:
--   new-page         every request a different address (?n=...): pages the cache has not seen
--   comment TOKEN    every request a new comment (a duplicate would be refused), sent with a
--                    form token the benchmark fetched beforehand (URL-encoded)

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end

function init(args)
  mode, token = args[1], args[2]
  sent = 0
  math.randomseed(number * 7919 + os.time())
end

function request()
  sent = sent + 1
  local unique = number .. "-" .. sent .. "-" .. math.random(1, 1000000000)
  if mode == "comment" then
    local body = "name=Bench&email=bench%40example.org&token=" .. token
      .. "&body=Kommentar+" .. unique
    return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
  end
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "n=" .. unique)
end
