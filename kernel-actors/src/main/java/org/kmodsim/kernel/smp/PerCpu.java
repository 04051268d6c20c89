package org.kmodsim.kernel.smp;

import java.util.Map;
import java.util.TreeMap;

/**
 * The per-CPU variables of one CPU (DEFINE_PER_CPU), such as the 2.6 module reference counters:
 * owned by the CPU actor, touched only by steps running on that CPU and by functions the CPU runs
 * for an IPI, so updates need no message and cannot race.
 */
public final class PerCpu {
  private final TreeMap<String, Long> values = new TreeMap<>();

  public long get(String name) {
    return values.getOrDefault(name, 0L);
  }

  public long add(String name, long delta) {
    long value = get(name) + delta;
    values.put(name, value);
    return value;
  }

  public void set(String name, long value) {
    values.put(name, value);
  }

  public void remove(String name) {
    values.remove(name);
  }

  public Map<String, Long> snapshot() {
    return Map.copyOf(values);
  }
}
