#!/bin/bash
# Usage: load-tests/alternate-jars.sh OLD.jar NEW.jar: three rounds, one JVM per command, OLD then NEW
# in each round (docs/performance.md, "Session 7"); prints the load average before each command.
# alternating old/new jars, one JVM per command
OLD=${1:?old jar}; NEW=${2:?new jar}
run() { # jar label cmd...
  local jar=$1 label=$2; shift 2
  local load=$(cut -d' ' -f1 /proc/loadavg)
  local out=$(nice java -jar $jar "$@" --json 2>/dev/null)
  local v=$(echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("runsPerSec") or "", d.get("deliveriesPerSec") or "", d.get("wallMs") or "")')
  echo "$(date -u +%H:%M:%S) load=$load $label $* :: $v"
}
for round in 1 2 3; do
  for pair in "OLD $OLD" "NEW $NEW"; do
    set -- $pair
    run $2 "r$round $1" bench engine
    run $2 "r$round $1" explore lost-update --runs 3000
    run $2 "r$round $1" explore unload-while-in-use --runs 1000
    run $2 "r$round $1" explore lost-update --runs 10000
    run $2 "r$round $1" explore unload-while-in-use --runs 2000
  done
done
