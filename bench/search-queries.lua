-- wrk script for bench/search: each request is a path drawn at random from the file given after
-- "--" (one per line, written by SearchQueriesMain); each thread seeds its own generator.
local paths = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  math.randomseed(seed or 1)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
