package org.kmodsim.userspace.kmod;

import java.util.List;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.userspace.FileCalls;
import org.kmodsim.userspace.Program;
import org.kmodsim.userspace.ToolExit;

/**
 * lsmod: kmod 30's (tools/lsmod.c do_lsmod) from 3.13 and module-init-tools 3.9's (lsmod.c main) in
 * 2.6, both "Usage: lsmod" for any argument; modutils 2.4.27's (insmod/lsmod.c main, {@link
 * Lsmod24}) in 2.4, which reads /proc/sys/kernel/tainted for its header. The lines are {@link
 * ProcModules#lsmod}'s.
 */
final class Lsmod {
  private Lsmod() {}

  static Step step(Era era, List<String> args) {
    if (era == Era.V2_4) {
      ToolExit exit = Lsmod24.parse(args);
      return exit != null
          ? exit.step("lsmod")
          : new Program(
              "lsmod",
              cpu ->
                  FileCalls.read(
                      cpu,
                      "/proc/sys/kernel/tainted",
                      (c, tainted) -> modules24(c, FileCalls.content(tainted).trim())));
    } else if (!args.isEmpty()) {
      return ToolExit.failure(1, "Usage: lsmod").step("lsmod");
    }
    return new Program(
        "lsmod",
        cpu ->
            FileCalls.read(
                cpu,
                "/proc/modules",
                (c, modules) -> {
                  c.out(ProcModules.lsmod(FileCalls.content(modules), era, ""));
                  return StepResult.NEXT;
                }));
  }

  private static StepResult modules24(CpuContext cpu, String taintMask) {
    long mask = taintMask.isEmpty() ? 0 : Long.parseLong(taintMask);
    boolean root = cpu.cred().isRoot();
    return FileCalls.read(
        cpu,
        "/proc/modules",
        (c, modules) -> {
          return c.printing(Lsmod24.render(FileCalls.content(modules), mask, root));
        });
  }
}
