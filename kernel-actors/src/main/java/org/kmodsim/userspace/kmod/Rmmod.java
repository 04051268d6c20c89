package org.kmodsim.userspace.kmod;

import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.userspace.ModuleTools;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * rmmod (kmod tools/rmmod.c): kmod's in-use checks on /proc/modules (skipped with -f or -w),
 * then delete_module(O_NONBLOCK[|O_TRUNC]) for each module named, with kmod's messages. In 2.4
 * {@code rmmod -a} is modutils' autoclean call ({@link All}).
 */
record Rmmod(List<String> names, boolean force, boolean blocking, Era era)
    implements ModuleTools.SyscallClient {

  /** The command line after {@code rmmod}. */
  static Step parse(List<String> args, Era era) {
    boolean force = false;
    boolean wait = false;
    List<String> names = new ArrayList<>();
    for (String arg : args) {
      if (era == Era.V2_4 && arg.equals("-a")) {
        return new All();
      } else if (arg.equals("-f") || arg.equals("--force")) {
        force = true;
      } else if (arg.equals("-w") || arg.equals("--wait")) {
        wait = true;
      } else if (arg.startsWith("-")) {
        throw new IllegalArgumentException("unknown option " + arg);
      } else {
        names.add(UserTools.moduleName(arg));
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("missing module name");
    }
    return new Rmmod(List.copyOf(names), force, wait, era);
  }

  @Override
  public StepResult run(CpuContext cpu) {
    cpu.setVariable("$rmmod", 0);
    return next(cpu);
  }

  private StepResult next(CpuContext cpu) {
    int index = (int) cpu.variable("$rmmod");
    if (index >= names.size()) {
      return StepResult.NEXT;
    }
    if (force || blocking) {
      cpu.setVariable("$rmmod_phase", 1);
      return ModuleTools.delete(cpu, names.get(index), !blocking, force);
    }
    cpu.setVariable("$rmmod_phase", 0);
    ModuleTools.read(cpu, "/proc/modules");
    return StepResult.WAIT;
  }

  @Override
  public StepResult returned(CpuContext cpu, Object reply) {
    int index = (int) cpu.variable("$rmmod");
    String name = names.get(index);
    if (cpu.variable("$rmmod_phase") == 0) {
      String problem = inUse(ModuleTools.content(reply), name);
      if (problem == null) {
        cpu.setVariable("$rmmod_phase", 1);
        return ModuleTools.delete(cpu, name, !blocking, false);
      }
      cpu.err("rmmod: ERROR: " + problem + "\n");
      cpu.exit(1);
    } else if (reply instanceof ModuleLoader.DeleteFailed) {
      String text = ((ModuleLoader.DeleteFailed) reply).errno().message();
      cpu.err("rmmod: ERROR: could not remove '" + name + "': " + text + "\n");
      cpu.err("rmmod: ERROR: could not remove module " + name + ": " + text + "\n");
      cpu.setResult(((ModuleLoader.DeleteFailed) reply).errno().negative());
      cpu.exit(1);
    } else if (reply instanceof ModuleLoader.Deleted) {
      cpu.setResult(0); // delete_module returned 0
    }
    cpu.setVariable("$rmmod", index + 1);
    return next(cpu);
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

  /**
   * modutils' {@code rmmod -a}: delete_module(NULL), the autoclean call; its error through
   * perror("rmmod").
   */
  record All() implements ModuleTools.SyscallClient {
    @Override
    public StepResult run(CpuContext cpu) {
      return ModuleTools.delete(cpu, null, true, false);
    }

    @Override
    public StepResult returned(CpuContext cpu, Object reply) {
      if (reply instanceof ModuleLoader.DeleteFailed) {
        Errno errno = ((ModuleLoader.DeleteFailed) reply).errno();
        cpu.err("rmmod: " + errno.message() + "\n");
        cpu.setResult(errno.negative());
        cpu.exit(1);
      } else {
        cpu.setResult(0);
      }
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "rmmod";
    }
  }
}
