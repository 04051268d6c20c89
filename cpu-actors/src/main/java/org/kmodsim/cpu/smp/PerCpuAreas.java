package org.kmodsim.cpu.smp;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-CPU areas of a machine (mm/percpu.c, {@code __per_cpu_offset[]}): one {@link PerCpu} per
 * possible CPU, allocated at boot before the CPUs come online. CPU {@code n} writes area {@code n};
 * anyone may read every area, as {@code for_each_possible_cpu(cpu) per_cpu_ptr(...)} does.
 */
public final class PerCpuAreas {
  private final List<PerCpu> areas;

  public PerCpuAreas(int cpus) {
    List<PerCpu> list = new ArrayList<>();
    for (int cpu = 0; cpu < cpus; cpu++) {
      list.add(new PerCpu());
    }
    this.areas = List.copyOf(list);
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
}
