package org.kmodsim.scenarios.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.kmodsim.sim.EndReason;

/**
 * Checks a scenario can switch on, evaluated on every finished run (liveness at quiescence). A
 * failed monitor adds a violation of kind {@code monitor:NAME}, which makes the outcome forbidden
 * unless a rule names that violation. The model's own safety monitors (oops, negative count,
 * use-after-free) always run and need no switch. A run cut short by a limit is not finished:
 * liveness cannot be judged on it, and it is reported as truncated instead.
 */
public final class Monitors {
  private static final Map<String, Function<Observation, String>> MONITORS = new TreeMap<>();

  static {
    MONITORS.put(
        "programs-finish",
        o ->
            o.unfinished() == 0
                ? null
                : o.unfinished() + " program(s) never finished (a CPU or a request is stuck)");
    MONITORS.put(
        "boot-succeeds",
        o ->
            o.bootExits().stream().allMatch(s -> s == 0)
                ? null
                : "a boot command failed: exit statuses " + o.bootExits());
    MONITORS.put(
        "ends-cleanly",
        o ->
            o.end() == EndReason.HALTED || o.end() == EndReason.QUIESCENT
                ? null
                : "the run ended with " + o.end());
  }

  private Monitors() {}

  static boolean known(String name) {
    return MONITORS.containsKey(name);
  }

  static String names() {
    return String.join(", ", MONITORS.keySet());
  }

  /** The failures of the named monitors on this run, as (monitor, why) pairs. */
  static List<String[]> failures(List<String> monitors, Observation observation) {
    List<String[]> failed = new ArrayList<>();
    if (observation.end().truncated()) {
      return failed;
    }
    for (String name : monitors) {
      String why = MONITORS.get(name).apply(observation);
      if (why != null) {
        failed.add(new String[] {name, why});
      }
    }
    return failed;
  }
}
