package org.kmodsim.userspace.kmod;

import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.ModuleTools;
import org.kmodsim.userspace.modutils.Insmod24;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * modprobe (kmod tools/modprobe.c): loads a module by name with its dependencies from
 * modules.dep (right to left, those already loaded skipped), or with {@code -r} removes it and
 * then the dependencies nobody uses any more. Messages and exit statuses as kmod's. In 2.4
 * (modutils modprobe/modprobe.c) each module is loaded by running modutils' insmod, with
 * {@code -k -q} under {@code modprobe -k}; a failed insmod is reported twice ("insmod PATH
 * failed", "insmod NAME failed") and modprobe exits 255.
 *
 * @param autoclean 2.4 {@code -k}: the modules it loads are autoclean (and it is quiet)
 */
record Modprobe(ModuleRepository repository, Era era, String module, List<String> args,
    boolean remove, boolean showDepends, boolean force, boolean firstTime, boolean autoclean)
    implements ModuleTools.SyscallClient {

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
        rest.add(UserTools.moduleName(arg));
      }
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("missing module name");
    }
    String name = rest.get(0);
    ModuleRepository.Found found = repository.byName(name);
    if (found != null) {
      try {
        name = ModuleFile.parse(found.fileName(), found.text(), era).name(); // an alias
      } catch (ModuleFile.ModuleFormatException e) {
        // reported when modprobe loads it
      }
    }
    return new Modprobe(repository, era, name, List.copyOf(rest.subList(1, rest.size())),
        remove, showDepends, force, firstTime, autoclean);
  }

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
  public StepResult returned(CpuContext cpu, Object reply) {
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
      long mask = 0;
      for (int i = 0; i < order.size() && i < 64; i++) {
        mask |= loaded.contains(order.get(i)) ? 1L << i : 0;
      }
      cpu.setVariable("$modprobe_loaded", mask);
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
      if (era == Era.V2_4) {
        return insmod24(cpu, found, name);
      }
      String options = name.equals(module) ? ModuleTools.joinArgs(args) : "";
      return ModuleTools.load(cpu, new LoadInfo(def, options, "finit_module", force, force,
          false, null, found.inode()));
    }
    return StepResult.NEXT;
  }

  /** modutils: {@code /sbin/insmod [-k -q] [-f] PATH [options]}, then {@link Insmodded}. */
  private StepResult insmod24(CpuContext cpu, ModuleRepository.Found found, String name) {
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
    cpu.call("insmod", List.of(new Insmod24(repository, List.copyOf(insmod)),
        new Insmodded(this, found.shownPath(), name)), 1);
    return StepResult.NEXT;
  }

  /** The 2.4 insmod of one module is over: go on with the next, or report and stop. */
  private StepResult afterInsmod(CpuContext cpu, String path, String name) {
    int index = (int) cpu.variable("$modprobe");
    if (cpu.result() != 0) {
      if (!autoclean) {
        cpu.err(path + ": insmod " + path + " failed\n");
        cpu.err(path + ": insmod " + module + " failed\n");
      }
      cpu.exit(255);
      return StepResult.NEXT;
    }
    long loaded = cpu.variable("$modprobe_loaded");
    List<String> order = order();
    List<String> skip = new ArrayList<>();
    for (int i = 0; i < order.size() && i < 64; i++) {
      if ((loaded & (1L << i)) != 0) {
        skip.add(order.get(i));
      }
    }
    return next(cpu, order, index + 1, skip);
  }

  @Override
  public String name() {
    return "modprobe";
  }

  /** After modutils' insmod of {@code name}: its result decides. */
  record Insmodded(Modprobe modprobe, String path, String name) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      return modprobe.afterInsmod(cpu, path, name);
    }

    @Override
    public String name() {
      return "modprobe";
    }
  }
}
