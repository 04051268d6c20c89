package org.kmodsim.cpu.smp;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.kmodsim.sim.Access;
import org.kmodsim.sim.MemoryAccess;
import org.kmodsim.sim.Seeds;

/**
 * The per-CPU variables of one CPU (DEFINE_PER_CPU), such as the 2.6 module reference counters.
 * Only the owning CPU writes them: steps running on that CPU and functions the CPU runs for an IPI,
 * so updates need no message and cannot race. Other entities may read them without a lock, as the
 * kernel's {@code per_cpu_ptr()} readers do (the racy 2.6 {@code module_refcount}); such a read
 * sees each variable's last written value, never a torn one. Every read and write is declared to
 * the engine as {@code percpu:CPU/NAME}.
 */
public final class PerCpu {
  private final ConcurrentHashMap<String, Cell> values = new ConcurrentHashMap<>();
  private final MemoryAccess memory;
  private final String prefix;

  /** One variable; written by the owning CPU only, so a plain read-add-write is its update. */
  private static final class Cell {
    final String location;
    volatile long value;

    Cell(String location) {
      this.location = location;
    }
  }

  /** A per-CPU area outside any run (pure tests): accesses are not declared. */
  public PerCpu() {
    this(MemoryAccess.NONE, 0);
  }

  public PerCpu(MemoryAccess memory, int cpu) {
    this.memory = memory;
    this.prefix = "percpu:" + cpu + "/";
  }

  private Cell cell(String name) {
    return values.computeIfAbsent(name, n -> new Cell(prefix + n));
  }

  public long get(String name) {
    Cell cell = values.get(name);
    memory.access(cell == null ? prefix + name : cell.location, Access.READ);
    return cell == null ? 0 : cell.value;
  }

  public long add(String name, long delta) {
    Cell cell = cell(name);
    memory.access(cell.location, Access.WRITE);
    long value = cell.value + delta;
    cell.value = value;
    return value;
  }

  public void set(String name, long value) {
    Cell cell = cell(name);
    memory.access(cell.location, Access.WRITE);
    cell.value = value;
  }

  public void remove(String name) {
    memory.access(prefix + name, Access.WRITE);
    values.remove(name);
  }

  /** Every variable, sorted by name. */
  public Map<String, Long> snapshot() {
    TreeMap<String, Long> copy = new TreeMap<>();
    values.forEach(
        (name, cell) -> {
          memory.access(cell.location, Access.READ);
          copy.put(name, cell.value);
        });
    return copy;
  }

  /** The digest of every variable (for state caching). */
  long digest() {
    long sum = 0;
    for (Map.Entry<String, Cell> e : values.entrySet()) {
      sum += Seeds.mix(Seeds.hash(e.getKey()), e.getValue().value);
    }
    return sum;
  }
}
