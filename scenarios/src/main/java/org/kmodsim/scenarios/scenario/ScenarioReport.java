package org.kmodsim.scenarios.scenario;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.kmodsim.sim.Access;
import org.kmodsim.sim.MemoryAccess;
import org.kmodsim.sim.Seeds;
import org.kmodsim.sim.StateDigest;

/**
 * What the scenario's own steps observed during one run: values recorded with {@code observe} and
 * the final contents of the shared memory cells. Written on the run's thread, read once the run is
 * over (like the machine's report). The values are shared memory of the engine (region {@code
 * observed}): two CPUs may observe one name, and the last write wins.
 */
public final class ScenarioReport implements StateDigest {
  /** The region name of the observed values. */
  static final String REGION = "observed";

  private final TreeMap<String, Long> values = new TreeMap<>();
  private final TreeMap<String, Long> memory = new TreeMap<>();

  synchronized void observed(MemoryAccess memory, String name, long value) {
    memory.access(REGION + ":" + name, Access.WRITE);
    values.put(name, value);
  }

  @Override
  public synchronized long stateDigest() {
    long sum = 0;
    for (var e : values.entrySet()) {
      sum += Seeds.mix(Seeds.hash(e.getKey()), e.getValue());
    }
    for (var e : memory.entrySet()) {
      sum += Seeds.mix(Seeds.hash("mem:" + e.getKey()), e.getValue());
    }
    return sum;
  }

  synchronized void memoryWritten(String cell, long value) {
    memory.put(cell, value);
  }

  /**
   * The observed values: a view, to read once the run is over (the runner's observation copies).
   */
  public synchronized SortedMap<String, Long> values() {
    return Collections.unmodifiableSortedMap(values);
  }

  /** The memory cells at the end: a view, to read once the run is over. */
  public synchronized SortedMap<String, Long> memory() {
    return Collections.unmodifiableSortedMap(memory);
  }
}
