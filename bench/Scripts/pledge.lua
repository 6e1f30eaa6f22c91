-- wrk script: every request a new pledge with a unique email. Argument: a run id.
local next_thread = 1

function setup(thread)
  thread:set("thread_id", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  prefix = (args[1] or "run") .. "-" .. thread_id
  counter = 0
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"firstName":"Bench","lastName":"Mark","email":"%s.%d@bench.example","country":"US","region":"CO",' ..
    '"personas":["parent"],"flexibility":["telecommuting"],"consentToUpdates":true,"listPublicly":true}',
    prefix, counter)
  return wrk.format("POST", "/api/pledges", { ["Content-Type"] = "application/json" }, body)
end
