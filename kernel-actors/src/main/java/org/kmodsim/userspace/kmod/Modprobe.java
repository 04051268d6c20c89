package org.kmodsim.userspace.kmod;

import java.util.ArrayList;
import java.util.Collections;
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
 * failed") and modprobe exits 255. The load (or removal) order is computed once per call; the
 * continuations carry it and the index reached.
 *
 * @param autoclean 2.4 {@code -k}: the modules it loads are autoclean (and it is quiet)
 */
record Modprobe(
    ModuleRepository repository,
    Era era,
    String module,
    List<String> args,
    boolean remove,
    boolean showDepends,
    boolean force,
    boolean firstTime,
    boolean autoclean)
    implements Step {

  /** The command line after {@code modprobe}. */
  static Step parse(List<String> args, ModuleRepository repository, Era era) {
    boolean remove = false;
    boolean showDepends = false;
    boolean force = false;
    boolean firstTime = false;
    boolean autoclean = false;
    List<String> rest = new ArrayList<>();
    for (String arg : args) {
      if (!rest.isEmpty()) {
        rest.add(arg);
      } else if (era == Era.V2_4 && (arg.equals("-k") || arg.equals("--autoclean"))) {
        autoclean = true; // modutils: loaded modules are autoclean; implies -q
      } else if (arg.equals("-r") || arg.equals("--remove")) {
        remove = true;
      } else if (arg.equals("--show-depends") || arg.equals("-D")) {
        showDepends = true;
      } else if (arg.equals("-f") || arg.equals("--force")) {
        force = true;
      } else if (arg.equals("--first-time")) {
        firstTime = true;
      } else if (arg.equals("-q") || arg.equals("--quiet")) {
        continue;
      } else if (arg.startsWith("-")) {
        throw new IllegalArgumentException("unknown option " + arg);
      } else {
        rest.add(ModuleArgs.moduleName(arg));
      }
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("missing module name");
    }
    String name = rest.get(0);
    ModuleRepository.Found found = repository.byName(name);
    if (found != null) {
      try {
        name = found.definition(era).name(); // an alias
      } catch (ModuleFile.ModuleFormatException e) {
        // reported when modprobe loads it
      }
    }
    return new Modprobe(
        repository,
        era,
        name,
        List.copyOf(rest.subList(1, rest.size())),
        remove,
        showDepends,
        force,
        firstTime,
        autoclean);
  }

  @Override
  public StepResult run(CpuContext cpu) {
    ModuleRepository.Found found = repository.byName(module);
    if (found == null) {
      if (remove) {
        return StepResult.NEXT;
      }
      return cpu.fail(
          1,
          "modprobe: FATAL: Module "
              + module
              + " not found in directory /lib/modules/"
              + era.release()
              + "\n");
    }
    if (showDepends) {
      for (String name : order()) {
        cpu.out(
            "insmod "
                + repository.byName(name).shownPath()
                + " "
                + (name.equals(module) ? String.join(" ", args) : "")
                + "\n");
      }
      return StepResult.NEXT;
    }
    return FileCalls.read(
        cpu,
        "/proc/modules",
        (c, reply) -> start(c, remove ? removeOrder() : order(), FileCalls.content(reply)));
  }

  /** The load order: dependencies right to left, then the module. */
  private List<String> order() {
    Depmod.Result depmod = Depmod.run(repository, era);
    List<String> order = new ArrayList<>(depmod.dependencies().getOrDefault(module, List.of()));
    Collections.reverse(order);
    order.add(module);
    return order;
  }

  private List<String> removeOrder() {
    Depmod.Result depmod = Depmod.run(repository, era);
    List<String> order = new ArrayList<>();
    order.add(module);
    order.addAll(depmod.dependencies().getOrDefault(module, List.of()));
    return order;
  }

  /** What /proc/modules says decides whether there is anything to do. */
  private StepResult start(CpuContext cpu, List<String> order, String procModules) {
    List<String> loaded = new ArrayList<>();
    for (ProcModules.Line line : ProcModules.parse(procModules, era)) {
      loaded.add(line.name());
      if (remove
          && line.name().equals(module)
          && (line.refcount() > 0 || !line.users().isEmpty())) {
        return cpu.fail(1, "modprobe: FATAL: Module " + module + " is in use.\n");
      }
    }
    if (remove && !loaded.contains(module)) {
      return StepResult.NEXT;
    }
    if (!remove && loaded.contains(module)) {
      if (firstTime) {
        cpu.err("modprobe: ERROR: could not insert '" + module + "': Module already in kernel\n");
        cpu.exit(1);
      }
      return StepResult.NEXT;
    }
    return next(cpu, order, 0, List.copyOf(loaded));
  }

  /**
   * Loads (or removes) from {@code from} on; {@code skip} are the modules not to load again (those
   * loaded before modprobe started; after a 6.x load none, as kmod's EEXIST is silent).
   */
  private StepResult next(CpuContext cpu, List<String> order, int from, List<String> skip) {
    for (int index = from; index < order.size(); index++) {
      String name = order.get(index);
      int at = index;
      if (remove) {
        return ModuleSyscalls.deleteModule(
            cpu, name, true, false, (c, reply) -> removed(c, order, at, reply));
      }
      if (skip.contains(name)) {
        continue;
      }
      ModuleRepository.Found found = repository.byName(name);
      ModuleDefinition def;
      try {
        def = found.definition(era);
      } catch (ModuleFile.ModuleFormatException e) {
        cpu.err("modprobe: ERROR: " + e.getMessage() + "\n");
        return cpu.fail(
            1, "modprobe: ERROR: could not insert '" + name + "': Invalid module format\n");
      }
      if (era == Era.V2_4) {
        return insmod24(cpu, found, order, at, skip);
      }
      String options = name.equals(module) ? ModuleArgs.join(args) : "";
      return ModuleSyscalls.initModule(
          cpu,
          new LoadInfo(def, options, "finit_module", force, force, false, null, found.inode()),
          (c, reply) -> inserted(c, order, at, reply));
    }
    return StepResult.NEXT;
  }

  private StepResult inserted(
      CpuContext cpu, List<String> order, int index, ModuleLoader.LoadReply reply) {
    if (reply instanceof ModuleLoader.LoadFailed failed && failed.errno() != Errno.EEXIST) {
      return cpu.fail(
          1,
          "modprobe: ERROR: could not insert '"
              + order.get(index)
              + "': "
              + Kmod.modprobeError(failed.errno())
              + "\n");
    }
    return next(cpu, order, index + 1, List.of());
  }

  private StepResult removed(
      CpuContext cpu, List<String> order, int index, ModuleLoader.DeleteReply reply) {
    if (reply instanceof ModuleLoader.DeleteFailed failed && index == 0) {
      return cpu.fail(
          1,
          "modprobe: FATAL: could not remove '" + module + "': " + failed.errno().message() + "\n");
    }
    return next(cpu, order, index + 1, List.of());
  }

  /**
   * modutils: {@code /sbin/insmod [-k -q] [-f] PATH [options]} as a nested call, then {@link
   * #afterInsmod} with its result.
   */
  private StepResult insmod24(
      CpuContext cpu,
      ModuleRepository.Found found,
      List<String> order,
      int index,
      List<String> skip) {
    String name = order.get(index);
    List<String> insmod = new ArrayList<>();
    if (autoclean) {
      insmod.add("-k");
      insmod.add("-q");
    }
    if (force) {
      insmod.add("-f");
    }
    insmod.add(found.shownPath());
    if (name.equals(module)) {
      insmod.addAll(args);
    }
    String path = found.shownPath();
    cpu.call(
        "insmod",
        List.of(
            Insmod24.step(repository, List.copyOf(insmod)),
            new Program("modprobe", c -> afterInsmod(c, path, order, index, skip))),
        1);
    return StepResult.NEXT;
  }

  /** The 2.4 insmod of one module is over: go on with the next, or report and stop. */
  private StepResult afterInsmod(
      CpuContext cpu, String path, List<String> order, int index, List<String> skip) {
    if (cpu.result() != 0) {
      if (!autoclean) {
        cpu.err(path + ": insmod " + path + " failed\n");
        cpu.err(path + ": insmod " + module + " failed\n");
      }
      cpu.exit(255);
      return StepResult.NEXT;
    }
    return next(cpu, order, index + 1, skip);
  }

  @Override
  public String name() {
    return "modprobe";
  }
}
