package org.kmodsim.scenarios.scenario;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the scenario's own steps observed during one run: values recorded with {@code observe} and
 * the final contents of the shared memory cells. Written on the run's thread, read once the run is
 * over (like the machine's report).
 */
public final class ScenarioReport {
  private final TreeMap<String, Long> values = new TreeMap<>();
  private final TreeMap<String, Long> memory = new TreeMap<>();

  synchronized void observed(String name, long value) {
    values.put(name, value);
  }

  synchronized void memoryWritten(String cell, long value) {
    memory.put(cell, value);
  }

  public synchronized SortedMap<String, Long> values() {
    return new TreeMap<>(values);
  }

  public synchronized SortedMap<String, Long> memory() {
    return new TreeMap<>(memory);
  }
}
