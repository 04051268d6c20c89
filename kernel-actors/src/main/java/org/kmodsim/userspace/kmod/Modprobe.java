package org.kmodsim.userspace.kmod;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.kmodsim.userspace.ModuleArgs;
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
    Depmod.Result depmod = Depmod.run(repository, era);
    if (depmod.modulesDep() != null) {
      return tree(cpu, depmod);
    }
    if (repository.byName(command.module()) == null) {
      return command.remove() ? StepResult.NEXT : cpu.fail(1, command.notFound(era));
    }
    List<ProbeList.Entry> probe = command.probe(depmod, repository);
    if (command.showDepends() || command.verbose()) {
      cpu.out(command.showDepends(probe, repository));
    }
    if (command.showDepends() || command.dryRun()) {
      return StepResult.NEXT;
    }
    List<String> order = probe.stream().map(ProbeList.Entry::name).toList();
    Map<String, String> options = new HashMap<>();
    order.forEach(name -> options.put(name, ModuleArgs.join(command.options(name))));
    return FileCalls.read(
        cpu, "/proc/modules", (c, reply) -> start(c, order, options, FileCalls.content(reply)));
  }

  /**
   * modprobe over a real tree: the configuration of the machine's modprobe.d (its errors first, as
   * libkmod logs them), the lookup, built-in modules, blacklist, options, the probe list.
   */
  private StepResult tree(CpuContext cpu, Depmod.Result depmod) {
    ModprobeConfig config =
        ModprobeConfig.load(root(repository), depmod.indexes().get("modules.softdep"));
    config.errors().forEach(error -> cpu.err(error + "\n"));
    ModuleLookup lookup = ModprobeCommand.lookup(depmod, repository, config);
    List<ProbeList.Entry> found = lookup.lookup(command.given());
    boolean builtin = found.size() == 1 && found.get(0).builtin();
    if (found.isEmpty()) {
      return command.remove() ? StepResult.NEXT : cpu.fail(1, notFound());
    } else if (builtin && command.remove()) {
      return cpu.fail(1, "modprobe: FATAL: Module " + found.get(0).name() + " is builtin.\n");
    } else if (command.remove()) {
      List<String> order = command.order(depmod);
      return FileCalls.read(
          cpu, "/proc/modules", (c, reply) -> start(c, order, Map.of(), FileCalls.content(reply)));
    }
    List<ProbeList.Entry> targets = command.targets(lookup);
    List<ProbeList.Entry> probe = command.probe(depmod, repository, lookup);
    Map<String, String> options = new HashMap<>();
    probe.forEach(e -> options.put(e.name(), command.options(e.name(), lookup, targets)));
    if (command.showDepends() || command.verbose()) {
      cpu.out(command.showDepends(probe, repository, options::get));
    }
    if (command.showDepends() || command.dryRun() || targets.isEmpty()) {
      return StepResult.NEXT;
    } else if (builtin) {
      return command.firstTime()
          ? cpu.fail(
              1, ModprobeCommand.couldNotInsert(found.get(0).name(), "Module already in kernel"))
          : StepResult.NEXT;
    }
    List<String> order =
        probe.stream().filter(e -> !e.builtin()).map(ProbeList.Entry::name).distinct().toList();
    return FileCalls.read(
        cpu, "/proc/modules", (c, reply) -> start(c, order, options, FileCalls.content(reply)));
  }

  /** "not found in directory": the tree's /lib/modules/VERSION. */
  private String notFound() {
    return "modprobe: FATAL: Module "
        + command.given()
        + " not found in directory /lib/modules/"
        + repository.release()
        + "\n";
  }

  /**
   * The machine's root on disk: the directory above lib/modules/VERSION when the tree lies there (a
   * package unpacked with dpkg -x, or the host's own /lib/modules/VERSION), else none.
   */
  static Path root(ModuleRepository repository) {
    Path dir = repository.directory();
    if (dir == null) {
      return null;
    }
    Path tree = dir.toAbsolutePath().normalize();
    try {
      tree = tree.toRealPath();
    } catch (java.io.IOException e) {
      return null;
    }
    Path modules = tree.getParent();
    Path lib = modules == null ? null : modules.getParent();
    boolean under =
        lib != null
            && modules.getFileName().toString().equals("modules")
            && lib.getFileName() != null
            && lib.getFileName().toString().equals("lib");
    return under ? lib.getParent() : null;
  }

  /** What /proc/modules says decides whether there is anything to do. */
  private StepResult start(
      CpuContext cpu, List<String> order, Map<String, String> options, String procModules) {
    List<ProcModules.Line> lines = ProcModules.parse(procModules, era);
    List<String> loaded = command.loaded(lines);
    if (command.inUse(lines) != null) {
      return cpu.fail(1, command.inUse(lines));
    } else if (loaded == null && !command.remove() && command.firstTime()) {
      return cpu.fail(
          1, ModprobeCommand.couldNotInsert(command.module(), "Module already in kernel"));
    }
    return loaded == null ? StepResult.NEXT : next(cpu, order, options, 0, loaded);
  }

  /**
   * Loads (or removes) from {@code from} on; {@code skip} are the modules not to load again (those
   * loaded before modprobe started; after a 6.x load none, as kmod's EEXIST is silent).
   */
  private StepResult next(
      CpuContext cpu,
      List<String> order,
      Map<String, String> options,
      int from,
      List<String> skip) {
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
          cpu, name, true, false, (c, reply) -> removed(c, order, options, index, reply));
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
              new Program(
                  "modprobe", c -> afterInsmod(c, found.shownPath(), order, options, index, skip))),
          1);
      return StepResult.NEXT;
    }
    LoadInfo info = command.info(def, options.getOrDefault(name, ""), found.inode());
    return ModuleSyscalls.initModule(
        cpu, info, (c, reply) -> inserted(c, order, options, index, reply));
  }

  private StepResult inserted(
      CpuContext cpu,
      List<String> order,
      Map<String, String> options,
      int index,
      ModuleLoader.LoadReply reply) {
    if (reply instanceof ModuleLoader.LoadFailed failed && failed.errno() != Errno.EEXIST) {
      String why = ModprobeCommand.error(failed.errno());
      return cpu.fail(1, ModprobeCommand.couldNotInsert(order.get(index), why));
    }
    return next(cpu, order, options, index + 1, List.of());
  }

  private StepResult removed(
      CpuContext cpu,
      List<String> order,
      Map<String, String> options,
      int index,
      ModuleLoader.DeleteReply reply) {
    if (reply instanceof ModuleLoader.DeleteFailed failed && index == 0) {
      String why = failed.errno().message();
      return cpu.fail(
          1, "modprobe: FATAL: could not remove '" + command.module() + "': " + why + "\n");
    }
    return next(cpu, order, options, index + 1, List.of());
  }

  /** The 2.4 insmod of one module is over: go on with the next, or report and stop. */
  private StepResult afterInsmod(
      CpuContext cpu,
      String path,
      List<String> order,
      Map<String, String> options,
      int index,
      List<String> skip) {
    if (cpu.result() == 0) {
      return next(cpu, order, options, index + 1, skip);
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
