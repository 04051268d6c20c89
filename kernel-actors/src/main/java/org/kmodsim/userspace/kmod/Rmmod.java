package org.kmodsim.userspace.kmod;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.module.ModuleSyscalls;
import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.userspace.FileCalls;
import org.kmodsim.userspace.ModuleArgs;
import org.kmodsim.userspace.modutils.RmmodAutoclean;

/**
 * rmmod (kmod tools/rmmod.c): kmod's in-use checks on /proc/modules (skipped with -f or -w), then
 * delete_module(O_NONBLOCK[|O_TRUNC]) for each module named, with kmod's messages. In 2.4 {@code
 * rmmod -a} is modutils' autoclean call ({@link RmmodAutoclean}). The module being removed is the
 * index the continuations carry.
 */
record Rmmod(List<String> names, boolean force, boolean blocking, Era era) implements Step {

  /** The command line after {@code rmmod}. */
  static Step parse(List<String> args, Era era) {
    boolean force = false;
    boolean wait = false;
    List<String> names = new ArrayList<>();
    for (String arg : args) {
      if (era == Era.V2_4 && arg.equals("-a")) {
        return RmmodAutoclean.step();
      } else if (arg.equals("-f") || arg.equals("--force")) {
        force = true;
      } else if (arg.equals("-w") || arg.equals("--wait")) {
        wait = true;
      } else if (arg.startsWith("-")) {
        throw new IllegalArgumentException("unknown option " + arg);
      } else {
        names.add(ModuleArgs.moduleName(arg));
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("missing module name");
    }
    return new Rmmod(List.copyOf(names), force, wait, era);
  }

  @Override
  public StepResult run(CpuContext cpu) {
    return next(cpu, 0);
  }

  private StepResult next(CpuContext cpu, int index) {
    if (index >= names.size()) {
      return StepResult.NEXT;
    }
    if (force || blocking) {
      return delete(cpu, index);
    }
    return FileCalls.read(
        cpu,
        "/proc/modules",
        (c, reply) -> {
          String problem = inUse(FileCalls.content(reply), names.get(index));
          if (problem == null) {
            return delete(c, index);
          }
          c.err("rmmod: ERROR: " + problem + "\n");
          c.exit(1);
          return next(c, index + 1);
        });
  }

  private StepResult delete(CpuContext cpu, int index) {
    String name = names.get(index);
    return ModuleSyscalls.deleteModule(
        cpu,
        name,
        !blocking,
        force,
        (c, reply) -> {
          if (reply instanceof ModuleLoader.DeleteFailed failed) {
            String text = failed.errno().message();
            c.err("rmmod: ERROR: could not remove '" + name + "': " + text + "\n");
            c.err("rmmod: ERROR: could not remove module " + name + ": " + text + "\n");
            c.setResult(failed.errno().negative());
            c.exit(1);
          } else if (reply instanceof ModuleLoader.Deleted) {
            c.setResult(0); // delete_module returned 0
          }
          return next(c, index + 1);
        });
  }

  private String inUse(String procModules, String name) {
    for (ProcModules.Line line : ProcModules.parse(procModules, era)) {
      if (line.name().equals(name)) {
        if (!line.users().isEmpty()) {
          return "Module " + name + " is in use by: " + String.join(" ", line.users());
        }
        if (line.refcount() > 0) {
          return "Module " + name + " is in use";
        }
        return null;
      }
    }
    return "Module " + name + " is not currently loaded";
  }

  @Override
  public String name() {
    return "rmmod";
  }
}
