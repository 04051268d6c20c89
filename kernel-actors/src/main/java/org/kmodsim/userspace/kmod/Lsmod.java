package org.kmodsim.userspace.kmod;

import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.kernel.module.Taint;
import org.kmodsim.userspace.FileCalls;
import org.kmodsim.userspace.Program;

/**
 * lsmod (kmod tools/lsmod.c; 2.4 modutils, which prints the taint header): reads
 * /proc/sys/kernel/tainted and /proc/modules, and prints them through {@link ProcModules#lsmod}.
 */
final class Lsmod {
  private Lsmod() {}

  static Step step(Era era) {
    return new Program(
        "lsmod",
        cpu ->
            FileCalls.read(
                cpu,
                "/proc/sys/kernel/tainted",
                (c, tainted) -> modules(c, era, FileCalls.content(tainted).trim())));
  }

  private static StepResult modules(CpuContext cpu, Era era, String taintMask) {
    long mask = taintMask.isEmpty() ? 0 : Long.parseLong(taintMask);
    String tainted =
        ((mask & Taint.PROPRIETARY_MODULE.mask()) != 0 ? "P" : "")
            + ((mask & Taint.FORCED_MODULE.mask()) != 0 ? "F" : "");
    return FileCalls.read(
        cpu,
        "/proc/modules",
        (c, modules) -> {
          return c.printing(ProcModules.lsmod(FileCalls.content(modules), era, tainted));
        });
  }
}
