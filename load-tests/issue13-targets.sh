#!/usr/bin/env bash
# Issue 13's cheap-run targets through the launcher (docs/performance.md, "Session 10"), the same
# jar in three JVM set-ups alternating, one JVM per figure, ROUNDS rounds (default 3):
#   jdk25  ./kmodsim as it is: the newest JDK 25+ found, its AOT cache, the serial collector
#   jdk17  KMODSIM_JAVA=java (the JDK 17 on the PATH): class-data sharing, the serial collector
#   plain  java -jar, G1 and no cache: how every command ran before session 10
# Each line: set-up, bench engine deliveries/s and tiny runs/s, explore lost-update --runs 10000
# and explore unload-while-in-use --runs 2000 runs/s, and lost-update's share of the engine's
# deliveries/s (18 deliveries a run: `kmodsim run lost-update` prints "steps 18"); then
# `bench explore` of both (docs/performance.md, "Session 12"): the same explorations cold and warm
# in one JVM, each as a share of the engine's deliveries/s measured in that JVM.
#   load-tests/issue13-targets.sh [ROUNDS]
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
jar="$home/scenarios/target/kmodsim.jar"
"$home/kmodsim" version >/dev/null # builds the jar and records the cache when they are stale
field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
for round in $(seq 1 "${1:-3}"); do
  for setup in jdk25 jdk17 plain; do
    case $setup in
      jdk25) run=("$home/kmodsim") ;;
      jdk17) run=(env KMODSIM_JAVA="$(command -v java)" "$home/kmodsim") ;;
      plain) run=(java -Djava.awt.headless=true -jar "$jar") ;;
    esac
    load=$(cut -d' ' -f1 /proc/loadavg)
    bench=$("${run[@]}" bench engine --json 2>/dev/null)
    dps=$(field deliveriesPerSec <<<"$bench")
    tiny=$(field runsPerSec <<<"$bench")
    # exit 1: lost-update finds its forbidden outcome, as it should
    lu=$( ("${run[@]}" explore lost-update --runs 10000 --json 2>/dev/null || true) | field runsPerSec)
    uwiu=$("${run[@]}" explore unload-while-in-use --runs 2000 --json 2>/dev/null | field runsPerSec)
    share=$(python3 -c "print('%.1f%%' % (100.0 * $lu * 18 / $dps))")
    echo "round $round $setup load=$load engine=$dps tiny=$tiny lost-update=$lu ($share) unload-while-in-use=$uwiu"
    for args in "lost-update --runs 10000" "unload-while-in-use --runs 2000"; do
      # shellcheck disable=SC2086 # the scenario and its options are words
      "${run[@]}" bench explore $args --json 2>/dev/null | python3 -c "import json,sys
d = json.load(sys.stdin)
print('  bench explore %s: cold %d runs/s (%.1f%%), warm %d runs/s (%.1f%%) after %d explorations, engine %d'
      % ('$args', d['coldRunsPerSec'], 100 * d['coldShare'], d['runsPerSec'], 100 * d['share'],
         d['warmUpExplorations'], d['engineDeliveriesPerSec']))"
    done
  done
done
