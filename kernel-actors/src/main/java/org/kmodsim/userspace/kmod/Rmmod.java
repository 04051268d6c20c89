package org.kmodsim.userspace.kmod;

import java.util.List;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.module.ModuleSyscalls;
import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.userspace.FileCalls;
import org.kmodsim.userspace.modutils.RmmodAutoclean;

/**
 * rmmod (kmod tools/rmmod.c): kmod's in-use checks on /proc/modules (skipped with -f or -w), then
 * delete_module(O_NONBLOCK[|O_TRUNC]) for each module named, with kmod's messages. In 2.4 {@code
 * rmmod -a} is modutils' autoclean call ({@link RmmodAutoclean}). The decisions are {@link
 * RmmodCommand}'s; the module being removed is the index the continuations carry.
 */
record Rmmod(RmmodCommand command, Era era) implements Step {

  /** The command line after {@code rmmod}. */
  static Step parse(List<String> args, Era era) {
    RmmodCommand command = RmmodCommand.parse(args, era);
    if (command.exit() != null) {
      return command.exit().step("rmmod");
    }
    return command.autoclean() ? RmmodAutoclean.step() : new Rmmod(command, era);
  }

  @Override
  public StepResult run(CpuContext cpu) {
    return next(cpu, 0);
  }

  private StepResult next(CpuContext cpu, int index) {
    if (index >= command.names().size()) {
      return StepResult.NEXT;
    } else if (command.force() || command.blocking()) {
      return delete(cpu, index);
    }
    return FileCalls.read(
        cpu,
        "/proc/modules",
        (c, reply) -> {
          List<ProcModules.Line> lines = ProcModules.parse(FileCalls.content(reply), era);
          String problem = command.problem(lines, command.names().get(index));
          if (problem == null) {
            return delete(c, index);
          }
          c.fail(1, command.syslog() ? "" : problem);
          return next(c, index + 1);
        });
  }

  private StepResult delete(CpuContext cpu, int index) {
    String name = command.names().get(index);
    return ModuleSyscalls.deleteModule(
        cpu,
        name,
        !command.blocking(),
        command.force(),
        (c, reply) -> {
          if (reply instanceof ModuleLoader.DeleteFailed failed) {
            c.setResult(failed.errno().negative());
            c.fail(1, command.syslog() ? "" : command.failed(name, failed.errno()));
          } else if (reply instanceof ModuleLoader.Deleted) {
            c.setResult(0); // delete_module returned 0
          }
          return next(c, index + 1);
        });
  }

  @Override
  public String name() {
    return "rmmod";
  }
}
