package org.kmodsim.userspace.kmod;

import java.util.List;
import org.kmodsim.cpu.CpuContext;
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
 * calls. The continuations carry the order (computed once per call) and the index reached.
 */
record Modprobe(ModuleRepository repository, Era era, ModprobeCommand command) implements Step {

  /** The command line after {@code modprobe}. */
  static Step parse(List<String> args, ModuleRepository repository, Era era) {
    return new Modprobe(repository, era, ModprobeCommand.parse(args, repository, era));
  }

  @Override
  public StepResult run(CpuContext cpu) {
    boolean builtin =
        repository.byName(command.module()) == null
            && ModprobeCommand.builtin(repository).contains(command.module());
    if (repository.byName(command.module()) == null && !builtin) {
      return command.remove() ? StepResult.NEXT : cpu.fail(1, command.notFound(era));
    } else if (builtin && command.remove()) {
      return cpu.fail(1, "modprobe: FATAL: Module " + command.module() + " is builtin.\n");
    }
    List<ProbeList.Entry> probe = command.probe(Depmod.run(repository, era), repository);
    if (command.showDepends() || command.verbose()) {
      cpu.out(command.showDepends(probe, repository));
    }
    if (command.showDepends() || command.dryRun()) {
      return StepResult.NEXT;
    } else if (builtin) {
      return command.firstTime()
          ? cpu.fail(
              1, ModprobeCommand.couldNotInsert(command.module(), "Module already in kernel"))
          : StepResult.NEXT;
    }
    List<String> order =
        probe.stream().filter(e -> !e.builtin()).map(ProbeList.Entry::name).toList();
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
    return loaded == null ? StepResult.NEXT : next(cpu, order, 0, loaded);
  }

  /**
   * Loads (or removes) from {@code from} on; {@code skip} are the modules not to load again (those
   * loaded before modprobe started; after a 6.x load none, as kmod's EEXIST is silent).
   */
  private StepResult next(CpuContext cpu, List<String> order, int from, List<String> skip) {
    int at = from;
    while (at < order.size() && !command.remove() && skip.contains(order.get(at))) {
      at++;
    }
    if (at == order.size()) {
      return StepResult.NEXT;
    }
    String name = order.get(at);
    int index = at;
    if (command.remove()) {
      return ModuleSyscalls.deleteModule(
          cpu, name, true, false, (c, reply) -> removed(c, order, index, reply));
    }
    ModuleRepository.Found found = repository.byName(name);
    ModuleDefinition def;
    try {
      def = found.definition(era);
    } catch (ModuleFile.ModuleFormatException e) {
      cpu.err("modprobe: ERROR: " + e.getMessage() + "\n");
      return cpu.fail(1, ModprobeCommand.couldNotInsert(name, "Invalid module format"));
    }
    if (era == Era.V2_4) {
      cpu.call(
          "insmod",
          List.of(
              Insmod24.step(repository, command.insmod24(name, found.shownPath())),
              new Program("modprobe", c -> afterInsmod(c, found.shownPath(), order, index, skip))),
          1);
      return StepResult.NEXT;
    }
    LoadInfo info = command.info(name, def, found.inode());
    return ModuleSyscalls.initModule(cpu, info, (c, reply) -> inserted(c, order, index, reply));
  }

  private StepResult inserted(
      CpuContext cpu, List<String> order, int index, ModuleLoader.LoadReply reply) {
    if (reply instanceof ModuleLoader.LoadFailed failed && failed.errno() != Errno.EEXIST) {
      String why = ModprobeCommand.error(failed.errno());
      return cpu.fail(1, ModprobeCommand.couldNotInsert(order.get(index), why));
    }
    return next(cpu, order, index + 1, List.of());
  }

  private StepResult removed(
      CpuContext cpu, List<String> order, int index, ModuleLoader.DeleteReply reply) {
    if (reply instanceof ModuleLoader.DeleteFailed failed && index == 0) {
      String why = failed.errno().message();
      return cpu.fail(
          1, "modprobe: FATAL: could not remove '" + command.module() + "': " + why + "\n");
    }
    return next(cpu, order, index + 1, List.of());
  }

  /** The 2.4 insmod of one module is over: go on with the next, or report and stop. */
  private StepResult afterInsmod(
      CpuContext cpu, String path, List<String> order, int index, List<String> skip) {
    if (cpu.result() == 0) {
      return next(cpu, order, index + 1, skip);
    } else if (!command.autoclean()) {
      cpu.err(path + ": insmod " + path + " failed\n");
      cpu.err(path + ": insmod " + command.module() + " failed\n");
    }
    cpu.exit(255);
    return StepResult.NEXT;
  }

  @Override
  public String name() {
    return "modprobe";
  }
}
