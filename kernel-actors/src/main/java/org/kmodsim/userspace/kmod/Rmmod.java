package org.kmodsim.userspace.kmod;

import java.util.List;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Each;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.module.ModuleSyscalls;
import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.userspace.FileCalls;
import org.kmodsim.userspace.Program;
import org.kmodsim.userspace.modutils.RmmodAutoclean;

/**
 * rmmod (kmod tools/rmmod.c): kmod's in-use checks on /proc/modules (skipped with -f or -w), then
 * delete_module(O_NONBLOCK[|O_TRUNC]) for each module named, with kmod's messages. In 2.4 {@code
 * rmmod -a} is modutils' autoclean call ({@link RmmodAutoclean}). The decisions are {@link
 * RmmodCommand}'s; each module named in turn ({@link Each}).
 */
final class Rmmod {
  private Rmmod() {}

  /** The command line after {@code rmmod}. */
  static Step parse(List<String> args, Era era) {
    RmmodCommand command = RmmodCommand.parse(args, era);
    if (command.exit() != null) {
      return command.exit().step("rmmod");
    }
    if (command.autoclean()) {
      return RmmodAutoclean.step();
    }
    return new Program(
        "rmmod",
        cpu ->
            Each.of(cpu, command.names(), (c, name, next) -> rmmod(c, command, era, name, next)));
  }

  private static StepResult rmmod(
      CpuContext cpu, RmmodCommand command, Era era, String name, Each.Next next) {
    if (command.force() || command.blocking()) {
      return delete(cpu, command, name, next);
    }
    return FileCalls.read(
        cpu,
        "/proc/modules",
        (c, reply) -> {
          List<ProcModules.Line> lines = ProcModules.parse(FileCalls.content(reply), era);
          String problem = command.problem(lines, name);
          if (problem == null) {
            return delete(c, command, name, next);
          }
          c.fail(1, command.syslog() ? "" : problem);
          return next.apply(c);
        });
  }

  private static StepResult delete(
      CpuContext cpu, RmmodCommand command, String name, Each.Next next) {
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
          return next.apply(c);
        });
  }
}
