package org.kmodsim.cpu.smp;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-CPU variables of one CPU (DEFINE_PER_CPU), such as the 2.6 module reference counters.
 * Only the owning CPU writes them: steps running on that CPU and functions the CPU runs for an IPI,
 * so updates need no message and cannot race. Other entities may read them without a lock, as the
 * kernel's {@code per_cpu_ptr()} readers do (the racy 2.6 {@code module_refcount}); such a read
 * sees each variable's last written value, never a torn one.
 */
public final class PerCpu {
  private final ConcurrentHashMap<String, Cell> values = new ConcurrentHashMap<>();

  /** One variable; written by the owning CPU only, so a plain read-add-write is its update. */
  private static final class Cell {
    volatile long value;
  }

  public long get(String name) {
    Cell cell = values.get(name);
    return cell == null ? 0 : cell.value;
  }

  public long add(String name, long delta) {
    Cell cell = values.computeIfAbsent(name, n -> new Cell());
    long value = cell.value + delta;
    cell.value = value;
    return value;
  }

  public void set(String name, long value) {
    values.computeIfAbsent(name, n -> new Cell()).value = value;
  }

  public void remove(String name) {
    values.remove(name);
  }

  /** Every variable, sorted by name. */
  public Map<String, Long> snapshot() {
    TreeMap<String, Long> copy = new TreeMap<>();
    values.forEach((name, cell) -> copy.put(name, cell.value));
    return copy;
  }
}
