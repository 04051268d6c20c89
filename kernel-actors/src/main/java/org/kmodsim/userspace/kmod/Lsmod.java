package org.kmodsim.userspace.kmod;

import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.kernel.module.Taint;
import org.kmodsim.userspace.ModuleTools;

import org.kmodsim.kernel.Era;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * lsmod (kmod tools/lsmod.c; 2.4 modutils): reads /proc/sys/kernel/tainted (for the 2.4 header)
 * and /proc/modules, and prints them through {@link ProcModules#lsmod}.
 */
record Lsmod(Era era) implements Step {
  @Override
  public StepResult run(CpuContext cpu) {
    cpu.setVariable("$lsmod", 0);
    ModuleTools.read(cpu, "/proc/sys/kernel/tainted");
    return StepResult.WAIT;
  }

  @Override
  public StepResult resume(CpuContext cpu, Object reply) {
    if (cpu.variable("$lsmod") == 0) {
      String mask = ModuleTools.content(reply).trim();
      cpu.setVariable("$lsmod_taint", mask.isEmpty() ? 0 : Long.parseLong(mask));
      cpu.setVariable("$lsmod", 1);
      ModuleTools.read(cpu, "/proc/modules");
      return StepResult.WAIT;
    }
    long mask = cpu.variable("$lsmod_taint");
    String tainted = "";
    if ((mask & Taint.PROPRIETARY_MODULE.mask()) != 0) {
      tainted += "P";
    }
    if ((mask & Taint.FORCED_MODULE.mask()) != 0) {
      tainted += "F";
    }
    cpu.out(ProcModules.lsmod(ModuleTools.content(reply), era, tainted));
    return StepResult.NEXT;
  }

  @Override
  public String name() {
    return "lsmod";
  }
}
