package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.step.CpuContext;
import org.kmodsim.kernel.step.Step;
import org.kmodsim.kernel.step.StepResult;

/**
 * modprobe (kmod tools/modprobe.c): loads a module by name with its dependencies from
 * modules.dep (right to left, those already loaded skipped), or with {@code -r} removes it and
 * then the dependencies nobody uses any more. Messages and exit statuses as kmod's.
 */
record Modprobe(ModuleRepository repository, Era era, String module, List<String> args,
    boolean remove, boolean showDepends, boolean force, boolean firstTime)
    implements Step, ModuleTools.SyscallClient {

  @Override
  public StepResult run(CpuContext cpu) {
    ModuleRepository.Found found = repository.byName(module);
    if (found == null) {
      if (remove) {
        return StepResult.NEXT;
      }
      cpu.err("modprobe: FATAL: Module " + module + " not found in directory /lib/modules/"
          + era.release() + "\n");
      cpu.exit(1);
      return StepResult.NEXT;
    }
    if (showDepends) {
      for (String name : order()) {
        cpu.out("insmod " + repository.byName(name).shownPath() + " "
            + (name.equals(module) ? String.join(" ", args) : "") + "\n");
      }
      return StepResult.NEXT;
    }
    cpu.setVariable("$modprobe", -1);
    ModuleTools.read(cpu, "/proc/modules");
    return StepResult.WAIT;
  }

  /** The load order: dependencies right to left, then the module. */
  private List<String> order() {
    Depmod.Result depmod = Depmod.run(repository, era);
    List<String> order = UserTools.reversed(depmod.dependencies().getOrDefault(module,
        List.of()));
    order.add(module);
    return order;
  }

  @Override
  public StepResult resume(CpuContext cpu, Object reply) {
    return handle(cpu, reply);
  }

  @Override
  public StepResult handle(CpuContext cpu, Object reply) {
    StepResult running = ModuleTools.runModuleCode(cpu, reply, this);
    if (running != null) {
      return running;
    }
    int index = (int) cpu.variable("$modprobe");
    List<String> order = remove ? removeOrder() : order();
    if (index == -1) {
      List<String> loaded = new ArrayList<>();
      for (ProcModules.Line line : ProcModules.parse(ModuleTools.content(reply), era)) {
        loaded.add(line.name());
        if (remove && line.name().equals(module) && (line.refcount() > 0
            || !line.users().isEmpty())) {
          cpu.err("modprobe: FATAL: Module " + module + " is in use.\n");
          cpu.exit(1);
          return StepResult.NEXT;
        }
      }
      if (remove && !loaded.contains(module)) {
        return StepResult.NEXT;
      }
      if (!remove && loaded.contains(module)) {
        if (firstTime) {
          cpu.err("modprobe: ERROR: could not insert '" + module
              + "': Module already in kernel\n");
          cpu.exit(1);
        }
        return StepResult.NEXT;
      }
      cpu.setVariable("$modprobe_loaded", 0);
      return next(cpu, order, 0, loaded);
    }
    if (reply instanceof ModuleLoader.LoadFailed) {
      Errno errno = ((ModuleLoader.LoadFailed) reply).errno();
      if (errno != Errno.EEXIST) {
        cpu.err("modprobe: ERROR: could not insert '" + order.get(index) + "': "
            + ModuleTools.modprobeError(errno) + "\n");
        cpu.exit(1);
        return StepResult.NEXT;
      }
    } else if (reply instanceof ModuleLoader.DeleteFailed && index == 0) {
      String text = ((ModuleLoader.DeleteFailed) reply).errno().message();
      cpu.err("modprobe: FATAL: could not remove '" + module + "': " + text + "\n");
      cpu.exit(1);
      return StepResult.NEXT;
    }
    return next(cpu, order, index + 1, List.of());
  }

  private List<String> removeOrder() {
    Depmod.Result depmod = Depmod.run(repository, era);
    List<String> order = new ArrayList<>();
    order.add(module);
    order.addAll(depmod.dependencies().getOrDefault(module, List.of()));
    return order;
  }

  private StepResult next(CpuContext cpu, List<String> order, int from, List<String> loaded) {
    for (int index = from; index < order.size(); index++) {
      String name = order.get(index);
      cpu.setVariable("$modprobe", index);
      if (remove) {
        return ModuleTools.delete(cpu, name, true, false);
      }
      if (loaded.contains(name)) {
        continue;
      }
      ModuleRepository.Found found = repository.byName(name);
      ModuleDefinition def;
      try {
        def = ModuleFile.parse(found.fileName(), found.text(), era);
      } catch (ModuleFile.ModuleFormatException e) {
        cpu.err("modprobe: ERROR: " + e.getMessage() + "\n");
        cpu.err("modprobe: ERROR: could not insert '" + name + "': Invalid module format\n");
        cpu.exit(1);
        return StepResult.NEXT;
      }
      String options = name.equals(module) ? ModuleTools.joinArgs(args) : "";
      return ModuleTools.load(cpu, new LoadInfo(def, options, "finit_module", force, force,
          false, null, found.inode()));
    }
    return StepResult.NEXT;
  }

  @Override
  public String name() {
    return "modprobe";
  }
}
