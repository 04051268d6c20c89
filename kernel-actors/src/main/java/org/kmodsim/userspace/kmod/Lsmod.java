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
                (c, tainted) ->
                    FileCalls.read(
                        c,
                        "/proc/modules",
                        (c2, modules) ->
                            print(
                                c2,
                                era,
                                FileCalls.content(tainted).trim(),
                                FileCalls.content(modules)))));
  }

  private static StepResult print(CpuContext cpu, Era era, String taintMask, String modules) {
    long mask = taintMask.isEmpty() ? 0 : Long.parseLong(taintMask);
    String tainted = "";
    if ((mask & Taint.PROPRIETARY_MODULE.mask()) != 0) {
      tainted += "P";
    }
    if ((mask & Taint.FORCED_MODULE.mask()) != 0) {
      tainted += "F";
    }
    cpu.out(ProcModules.lsmod(modules, era, tainted));
    return StepResult.NEXT;
  }
}
