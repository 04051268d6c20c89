package org.kmodsim.userspace.kmod;

import java.util.List;
import java.util.stream.IntStream;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Each;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.module.ModuleSyscalls;
import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.userspace.FileCalls;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.Program;
import org.kmodsim.userspace.modutils.Insmod24;

/**
 * modprobe (kmod tools/modprobe.c): loads a module by name with its dependencies from modules.dep
 * (right to left, those already loaded skipped), or with {@code -r} removes it and then the
 * dependencies nobody uses any more. Messages and exit statuses as kmod's. In 2.4 (modutils
 * modprobe/modprobe.c) each module is loaded by running modutils' insmod, with {@code -k -q} under
 * {@code modprobe -k}; a failed insmod is reported twice ("insmod PATH failed", "insmod NAME
 * failed") and modprobe exits 255. The decisions are {@link ModprobeCommand}'s; here are the system
 * calls, each module in turn ({@link Each}).
 */
record Modprobe(ModuleRepository repository, Era era, ModprobeCommand command) {

  /** The command line after {@code modprobe}. */
  static Step parse(List<String> args, ModuleRepository repository, Era era) {
    Modprobe modprobe = new Modprobe(repository, era, ModprobeCommand.parse(args, repository, era));
    return new Program("modprobe", modprobe::run);
  }

  private StepResult run(CpuContext cpu) {
    if (repository.byName(command.module()) == null) {
      return command.remove() ? StepResult.NEXT : cpu.fail(1, command.notFound(era));
    }
    List<String> order = command.order(Depmod.run(repository, era));
    if (command.showDepends()) {
      return cpu.printing(command.showDepends(order, repository));
    }
    return FileCalls.read(
        cpu, "/proc/modules", (c, reply) -> start(c, order, FileCalls.content(reply)));
  }

  /** What /proc/modules says decides whether there is anything to do. */
  private StepResult start(CpuContext cpu, List<String> order, String procModules) {
    List<ProcModules.Line> lines = ProcModules.parse(procModules, era);
    List<String> loaded = command.loaded(lines);
    if (command.inUse(lines) != null) {
      return cpu.fail(1, command.inUse(lines));
    } else if (loaded == null && !command.remove() && command.firstTime()) {
      return cpu.fail(
          1, ModprobeCommand.couldNotInsert(command.module(), "Module already in kernel"));
    }
    if (loaded == null) {
      return StepResult.NEXT;
    } else if (command.remove()) {
      List<Integer> each = IntStream.range(0, order.size()).boxed().toList();
      return Each.of(cpu, each, (c, i, next) -> remove(c, order.get(i), i == 0, next));
    }
    return Each.of(cpu, command.toInsert(order, loaded, era), this::insert);
  }

  private StepResult insert(CpuContext cpu, String name, Each.Next next) {
    ModuleRepository.Found found = repository.byName(name);
    ModuleDefinition def;
    try {
      def = found.definition(era);
    } catch (ModuleFile.ModuleFormatException e) {
      cpu.err("modprobe: ERROR: " + e.getMessage() + "\n");
      return cpu.fail(1, ModprobeCommand.couldNotInsert(name, "Invalid module format"));
    }
    if (era == Era.V2_4) {
      return cpu.calling(
          "insmod",
          List.of(
              Insmod24.step(repository, command.insmod24(name, found.shownPath())),
              new Program("modprobe", c -> afterInsmod(c, found.shownPath(), next))));
    }
    LoadInfo info = command.info(name, def, found.inode());
    return ModuleSyscalls.initModule(
        cpu,
        info,
        (c, reply) -> {
          if (reply instanceof ModuleLoader.LoadFailed failed && failed.errno() != Errno.EEXIST) {
            String why = ModprobeCommand.error(failed.errno());
            return c.fail(1, ModprobeCommand.couldNotInsert(name, why));
          }
          return next.apply(c);
        });
  }

  private StepResult remove(CpuContext cpu, String name, boolean first, Each.Next next) {
    return ModuleSyscalls.deleteModule(
        cpu,
        name,
        true,
        false,
        (c, reply) -> {
          if (reply instanceof ModuleLoader.DeleteFailed failed && first) {
            String why = failed.errno().message();
            return c.fail(
                1, "modprobe: FATAL: could not remove '" + command.module() + "': " + why + "\n");
          }
          return next.apply(c);
        });
  }

  /** The 2.4 insmod of one module is over: go on with the next, or report and stop. */
  private StepResult afterInsmod(CpuContext cpu, String path, Each.Next next) {
    if (cpu.result() == 0) {
      return next.apply(cpu);
    } else if (!command.autoclean()) {
      cpu.err(path + ": insmod " + path + " failed\n");
      cpu.err(path + ": insmod " + command.module() + " failed\n");
    }
    cpu.exit(255);
    return StepResult.NEXT;
  }
}
