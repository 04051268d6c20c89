#!/usr/bin/env bash
# The cluster demo (docs/cluster.md), not part of the build: one coordinator and WORKERS worker
# JVMs on localhost, `explore lost-update --runs RUNS --cluster`, one worker killed (kill -9)
# midway, then the totals compared with a local `explore` of the same seeds. Exit 0 when the
# histogram, coverage and first forbidden seed agree.
#
#   load-tests/cluster-demo.sh [RUNS] [WORKERS]        (default 20000 runs, 3 workers)
#   KILL=0 load-tests/cluster-demo.sh 10000 2          (no kill: a throughput measurement)
#   WARM=1 KILL=0 load-tests/cluster-demo.sh 100000 1  (one job first, unmeasured: the workers'
#                                                       JIT is warm, as on a long-running cluster)
#
# It prints the wall time of the cluster exploration and of the local one (same seeds, same
# machine, measured in this run); the machine's other load changes both.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-20000}"
workers="${2:-3}"
kill_one="${KILL:-1}"
port="${PORT:-25620}"
jar="$home/scenarios/target/kmodsim.jar"
[ -f "$jar" ] || "$home/kmodsim" version >/dev/null
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
k() { java -XX:TieredStopAtLevel=4 -Djava.awt.headless=true -jar "$jar" "$@"; }
# a node in the background: exec, so that $! is the JVM's own pid (kill -9 and the cleanup reach
# the JVM, not only the subshell that started it)
node() { exec java -XX:TieredStopAtLevel=4 -Djava.awt.headless=true -jar "$jar" "$@"; }

node cluster seed --port "$port" >"$work/seed.log" 2>&1 &
pids+=($!)
until grep -q "coordinator at" "$work/seed.log"; do sleep 0.5; done
for i in $(seq 1 "$workers"); do
  node cluster worker --join "127.0.0.1:$port" >"$work/worker$i.log" 2>&1 &
  pids+=($!)
done
until [ "$(grep -c "accepted worker" "$work/seed.log")" -ge "$workers" ]; do sleep 0.5; done
echo "cluster-demo: coordinator and $workers workers up ($work)"

if [ "${WARM:-0}" = 1 ]; then
  k explore lost-update --runs "$runs" --cluster "127.0.0.1:$port" --out "$work/warm" --json \
    >"$work/warm.json" 2>"$work/warm.err" || true # exit 1: forbidden outcomes found
  echo "cluster-demo: warm-up job done"
fi
start=$(date +%s.%N)
k explore lost-update --runs "$runs" --cluster "127.0.0.1:$port" --out "$work" --json \
  >"$work/cluster.json" 2>"$work/cluster.err" &
explore=$!
if [ "$kill_one" = 1 ]; then
  # midway: once the first results are in, kill -9 the last worker (no leave: the split-brain
  # resolver downs it, and its unconfirmed units are sent to the others)
  while kill -0 "$explore" 2>/dev/null && ! grep -q "accepted" "$work/seed.log"; do sleep 0.5; done
  sleep "${KILL_AFTER:-8}"
  victim="${pids[$workers]}"
  kill -9 "$victim" && echo "cluster-demo: killed worker pid $victim"
  sleep 0.5
  if kill -0 "$victim" 2>/dev/null; then
    echo "cluster-demo: worker pid $victim is still running after kill -9" >&2
    exit 1
  fi
fi
wait "$explore" || true
cluster_s=$(echo "$(date +%s.%N) - $start" | bc)

start=$(date +%s.%N)
k explore lost-update --runs "$runs" --out "$work/local" --json >"$work/local.json" 2>/dev/null || true
local_s=$(echo "$(date +%s.%N) - $start" | bc)

python3 - "$work/cluster.json" "$work/local.json" "$cluster_s" "$local_s" <<'PY'
import json, sys
c, l = (json.load(open(f)) for f in sys.argv[1:3])
same = all(c[k] == l[k] for k in ("runs", "histogram", "coverage", "rerun", "determinismLeaks"))
same &= c["firstForbidden"]["seed"] == l["firstForbidden"]["seed"]
print("cluster: %d runs in %.1fs; local: %d runs in %.1fs; ratio local/cluster %.2f" % (
    c["runs"], float(sys.argv[3]), l["runs"], float(sys.argv[4]),
    float(sys.argv[4]) / float(sys.argv[3])))
cl = c["cluster"]
print("explore's wallMs: cluster %d ms (joining %d ms), local %d ms" % (
    c["wallMs"], cl["joinMs"], l["wallMs"]))
# The coordination cost: how much longer the units took than their workers' own running time
# (per worker JVM), against the local run's time for the same seeds.
w = max(1, len(cl["nodes"]))
cost = cl["unitsMs"] - cl["workMs"] / w
print("units %d ms, workers' own time %d ms over %d worker(s): coordination %d ms = %.1f%% of"
      " the local run (%d units of %d seeds)" % (cl["unitsMs"], cl["workMs"], w, cost,
      100.0 * cost / l["wallMs"], cl["units"], cl["seedsPerUnit"]))
for node, units in c["cluster"]["nodes"].items():
    print("  %-21s %d units" % (node, len(units)))
print("  duplicates dropped: %d" % c["cluster"]["duplicatesDropped"])
print("histogram " + ("identical" if same else "DIFFERENT") + ":",
      {k: v["count"] for k, v in c["histogram"].items()})
sys.exit(0 if same else 1)
PY
