package org.kmodsim.cpu.smp;

import java.util.List;
import org.kmodsim.sim.MemoryAccess;
import org.kmodsim.sim.Seeds;
import org.kmodsim.sim.StateDigest;

/**
 * The per-CPU areas of a machine (mm/percpu.c, {@code __per_cpu_offset[]}): one {@link PerCpu} per
 * possible CPU, allocated at boot before the CPUs come online. CPU {@code n} writes area {@code n};
 * anyone may read every area, as {@code for_each_possible_cpu(cpu) per_cpu_ptr(...)} does. The
 * shared memory region {@code percpu} of the engine.
 */
public final class PerCpuAreas implements StateDigest {
  /** The region name of the locations of every area. */
  public static final String REGION = "percpu";

  private final List<PerCpu> areas;

  /** Areas outside any run (pure tests): accesses are not declared. */
  public PerCpuAreas(int cpus) {
    this(MemoryAccess.NONE, cpus);
  }

  public PerCpuAreas(MemoryAccess memory, int cpus) {
    PerCpu[] list = new PerCpu[cpus];
    for (int cpu = 0; cpu < cpus; cpu++) {
      list[cpu] = new PerCpu(memory, cpu);
    }
    this.areas = List.of(list);
  }

  public PerCpu of(int cpu) {
    return areas.get(cpu);
  }

  /** The sum of one variable over every CPU: a lock-free read, racy against the writers. */
  public long sum(String name) {
    long sum = 0;
    for (PerCpu area : areas) {
      sum += area.get(name);
    }
    return sum;
  }

  @Override
  public long stateDigest() {
    long digest = 0;
    for (int cpu = 0; cpu < areas.size(); cpu++) {
      digest = Seeds.mix(digest + cpu, areas.get(cpu).digest());
    }
    return digest;
  }
}
