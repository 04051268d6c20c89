package org.kmodsim.scenarios.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kmodsim.scenarios.machine.Machine;
import org.kmodsim.sim.RunMark;
import org.kmodsim.sim.RunResult;

/**
 * The warm-up of a concurrent stress run ({@code --warmup}), as JMH has one: the workload runs that
 * long before its rate counts, so that the rate is of compiled code, as the Pekko ceiling it is
 * compared with is (each of the ceiling's phases runs unmeasured first). The rate is the count
 * between the machine's marks {@link Machine#WARMED_UP} and {@link Machine#STOPPED} over the wall
 * time between them (from {@link Machine#STARTED} without a warm-up, to the run's end when nothing
 * stopped it); the outcomes the commands report stay totals of the whole run.
 *
 * @param requestedNanos the warm-up asked for (0: none)
 * @param reached whether the run got past it (a run of {@code --ops} may end first; then the rate
 *     counts from the programs' start)
 * @param warmUpNanos wall time from the programs' start to the end of the warm-up
 * @param warmUpCount what the warm-up counted
 * @param elapsedNanos wall time of the measured part
 * @param count what the measured part counted
 * @param cpuNanos the process's CPU time in the measured part, -1 when unknown (no stop mark)
 */
record WarmUp(
    long requestedNanos,
    boolean reached,
    long warmUpNanos,
    long warmUpCount,
    long elapsedNanos,
    long count,
    long cpuNanos) {

  /** The warm-up of a concurrent run when none is given. */
  static final String DEFAULT = "2s";

  /** {@code --warmup} in nanoseconds: the default in concurrent mode, none in deterministic. */
  static long nanos(String option, boolean concurrent) {
    if (option == null) {
      return concurrent ? org.kmodsim.cpu.CommandLine.parseDuration(DEFAULT) : 0;
    }
    long nanos = org.kmodsim.cpu.CommandLine.parseDuration(option);
    if (nanos < 0) {
      throw new IllegalArgumentException("--warmup must not be negative");
    }
    if (nanos > 0 && !concurrent) {
      throw new IllegalArgumentException(
          "--warmup is for concurrent mode (a deterministic run's rate is of virtual time, exact"
              + " from its first step)");
    }
    return nanos;
  }

  /**
   * {@code config} with the machine's warm-up mark ({@code kmodsim.machine.warm-up}) at {@code
   * nanos}, over any {@code --set} of it; {@code config} itself when there is no warm-up. The
   * commands read the mode (and so {@link #nanos}' default) from the loaded configuration first.
   */
  static Config configure(Config config, long nanos) {
    return nanos == 0
        ? config
        : config.withValue(
            "kmodsim.machine.warm-up", ConfigValueFactory.fromAnyRef(nanos + "ns", "--warmup"));
  }

  /** The measured part of {@code result}: the sum of {@code probes} between the marks. */
  static WarmUp of(RunResult result, long requestedNanos, String... probes) {
    RunMark start = result.marks().get(Machine.STARTED);
    RunMark warm = requestedNanos > 0 ? result.marks().get(Machine.WARMED_UP) : null;
    RunMark stop = result.marks().get(Machine.STOPPED);
    RunMark from = warm != null ? warm : start;
    long startWall = start == null ? 0 : start.wallNanos();
    long fromWall = from == null ? 0 : from.wallNanos();
    long endWall = stop == null ? result.wallNanos() : stop.wallNanos();
    long startCount = count(start, probes);
    long fromCount = count(from, probes);
    long endCount = stop == null ? total(result, probes) : count(stop, probes);
    return new WarmUp(
        requestedNanos,
        requestedNanos == 0 || warm != null,
        fromWall - startWall,
        fromCount - startCount,
        endWall - fromWall,
        endCount - fromCount,
        from == null || stop == null || from.cpuNanos() < 0 || stop.cpuNanos() < 0
            ? -1
            : stop.cpuNanos() - from.cpuNanos());
  }

  /** CPU nanoseconds (every thread of the JVM) per counted event of the measured part, or -1. */
  double cpuNanosPerCount() {
    return cpuNanos < 0 || count == 0 ? -1 : cpuNanos / (double) count;
  }

  private static long count(RunMark mark, String... probes) {
    long sum = 0;
    if (mark != null) {
      for (String probe : probes) {
        sum += mark.covered(probe);
      }
    }
    return sum;
  }

  private static long total(RunResult result, String... probes) {
    long sum = 0;
    for (String probe : probes) {
      sum += result.coverage().getOrDefault(probe, 0L);
    }
    return sum;
  }

  /** The warm-up's own figures, {@code countKey} naming its count ({@code ops}, {@code calls}). */
  Map<String, Object> json(String countKey) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("reached", reached);
    json.put("elapsedNs", warmUpNanos);
    json.put(countKey, warmUpCount);
    json.put(
        countKey + "PerSec", warmUpNanos <= 0 ? 0 : Math.round(warmUpCount * 1e9 / warmUpNanos));
    return json;
  }

  /**
   * The text line of {@link #json}, e.g. {@code warm-up 1.000 s: 612034 ops (612034/s), left out}.
   */
  static String text(Map<String, Object> json, long requestedNanos, String countKey) {
    if (requestedNanos == 0) {
      return "no warm-up: the rate counts from the programs' start";
    }
    return "warm-up "
        + org.kmodsim.sim.ModelEvent.time(requestedNanos)
        + ": "
        + json.get(countKey)
        + " "
        + countKey
        + " ("
        + json.get(countKey + "PerSec")
        + "/s), left out of the rate"
        + (Boolean.TRUE.equals(json.get("reached"))
            ? ""
            : "; the run ended before it was over: the rate counts from the start");
  }
}
