package org.kmodsim.scenarios.cli;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.AtomicIncReturn;
import org.kmodsim.cpu.Repeat;
import org.kmodsim.cpu.Spin;
import org.kmodsim.scenarios.machine.ProgramSpec;

/**
 * The contention workload of {@code boot} and {@code bench engine}: every CPU repeats "compute for
 * a while, then atomic_inc_return on one shared counter", so all CPUs queue at one actor.
 */
public final class BootWorkload {
  private BootWorkload() {}

  public static List<ProgramSpec> programs(int cpus, int rounds, long spinNanos) {
    List<ProgramSpec> programs = new ArrayList<>();
    for (int cpu = 0; cpu < cpus; cpu++) {
      programs.add(
          ProgramSpec.of(
              cpu,
              "contend",
              commands ->
                  List.of(
                      new Repeat(rounds, List.of(new Spin(spinNanos), new AtomicIncReturn())))));
    }
    return programs;
  }
}
