-- wrk script for the benchmark's comment POST: every request is a new comment (a duplicate
-- would be refused), sent with a form token the benchmark fetched beforehand.
-- Arguments: the form token, already URL-encoded.

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end

function init(args)
  token = args[1]
  sent = 0
  math.randomseed(number * 7919 + os.time())
end

function request()
  sent = sent + 1
  local body = "name=Bench&email=bench%40example.org&token=" .. token
    .. "&body=Kommentar+" .. number .. "-" .. sent .. "-" .. math.random(1, 1000000000)
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
