package org.kmodsim.userspace.kmod;

import java.util.List;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.module.ModuleSyscalls;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.Program;

/**
 * insmod (kmod tools/insmod.c): finit_module with the file's image and the joined arguments, with
 * kmod's messages and exit status ({@link InsmodCommand}); in 2.6 module-init-tools 3.9's
 * init_module and messages ({@link ModuleInitTools}). The 2.4 insmod is modutils' ({@link
 * org.kmodsim.userspace.modutils.Insmod24}).
 */
final class Insmod {
  private Insmod() {}

  /**
   * @param args the command line after {@code insmod}
   */
  static Step step(ModuleRepository repository, Era era, List<String> args) {
    InsmodCommand command =
        era == Era.V2_6 ? ModuleInitTools.insmod(args) : InsmodCommand.parse(args);
    if (command.exit() != null) {
      return command.exit().step("insmod");
    }
    return new Program("insmod", cpu -> run(cpu, repository, era, command));
  }

  private static StepResult run(
      CpuContext cpu, ModuleRepository repository, Era era, InsmodCommand command) {
    ModuleRepository.Found found = repository.file(command.file());
    if (found == null) {
      return cpu.fail(1, command.notFound());
    }
    ModuleDefinition def;
    try {
      def = found.definition(era);
    } catch (ModuleFile.ModuleFormatException e) {
      return cpu.fail(1, command.badFormat(e.getMessage()));
    }
    return ModuleSyscalls.initModule(
        cpu,
        command.info(def, found.inode()),
        (c, reply) -> {
          if (!(reply instanceof ModuleLoader.LoadFailed failed)) {
            return c.returning(0);
          }
          c.setResult(failed.errno().negative());
          return c.fail(1, command.failed(failed.errno()));
        });
  }
}
