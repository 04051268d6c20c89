#!/usr/bin/env bash
# Issue 18, run by run (docs/performance.md, "Session 8's end"): this build and a base jar
# alternating, stress unload atomic at 2 processors and with -XX:ActiveProcessorCount=4 and =8,
# then per-CPU.   load-tests/issue18-apc.sh BASE_JAR
NEW="$(cd "$(dirname "$0")/.." && pwd)/scenarios/target/kmodsim.jar"
OLD="${1:?usage: load-tests/issue18-apc.sh BASE_JAR}"
for round in 1 2 3; do
  for apc in default 4 8; do
    for which in NEW OLD; do
      jar=${!which}
      flag=""; [ $apc != default ] && flag="-XX:ActiveProcessorCount=$apc"
      load=$(cut -d' ' -f1 /proc/loadavg)
      java $flag -jar $jar stress unload --mode concurrent --refcount atomic --no-call --think 0ns --duration 3s --json 2>/dev/null \
       | python3 -c "import json,sys; j=json.load(sys.stdin); c=j.get('ceiling',{}); print('$round $apc $which atomic load=$load ops/s=%d ceiling=%s ratio=%s spread=%s' % (j['opsPerSec'], c.get('requestReplyPerSec'), j.get('ceilingRatio'), c.get('requestReplySpread')))"
    done
  done
  for which in NEW; do
    jar=${!which}
    java -jar $jar stress unload --mode concurrent --refcount percpu --no-call --think 0ns --duration 3s --json 2>/dev/null \
       | python3 -c "import json,sys; j=json.load(sys.stdin); c=j.get('ceiling',{}); print('$round default $which percpu ops/s=%d ratio=%s' % (j['opsPerSec'], j.get('ceilingRatio')))"
  done
done
