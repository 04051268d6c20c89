package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.step.Commands;
import org.kmodsim.kernel.step.CpuContext;
import org.kmodsim.kernel.step.Step;
import org.kmodsim.kernel.step.StepResult;

/**
 * The module tools of the batch shell, with kmod's messages and exit statuses (tools/insmod.c,
 * rmmod.c, lsmod.c, modinfo.c, modprobe.c, depmod.c): {@code insmod}, {@code rmmod},
 * {@code lsmod}, {@code modinfo}, {@code modprobe}, {@code depmod}. In 2.4 insmod is modutils'
 * ({@link Insmod24}), modprobe loads through it, and {@code rmmod -a} is the autoclean call.
 */
public final class UserTools {
  private UserTools() {}

  public static void register(Commands commands, ModuleRepository repository, Era era) {
    if (era == Era.V2_4) {
      commands.register("insmod", "insmod [-fkLq] FILE [name=value ...] (2.4 modutils)",
          args -> new Insmod24(repository, List.copyOf(args)));
    } else {
      commands.register("insmod", "insmod [-f] [--force-vermagic] [--force-modversion] FILE "
          + "[name=value ...] (2.4: modutils' insmod [-fkLq])",
          args -> new Insmod(repository, era, List.copyOf(args)));
    }
    commands.register("rmmod", "rmmod [-f] [-w] MODULE... (2.4: rmmod -a)",
        args -> rmmod(args, era));
    commands.register("lsmod", "lsmod", args -> new Lsmod(era));
    commands.register("modinfo", "modinfo [-F FIELD] FILE|MODULE",
        args -> modinfo(args, repository, era));
    commands.register("modprobe", "modprobe [-r] [-f] [--first-time] [--show-depends] MODULE "
        + "[name=value ...] (2.4: -k)", args -> modprobe(args, repository, era));
    commands.register("depmod", "depmod [-n]", args -> new Depmodder(repository, era,
        args.contains("-n")));
  }

  private static String moduleName(String arg) {
    String name = arg.substring(arg.lastIndexOf('/') + 1);
    for (String suffix : new String[] {".conf", ".ko", ".o"}) {
      if (name.endsWith(suffix)) {
        name = name.substring(0, name.length() - suffix.length());
      }
    }
    return name.replace('-', '_');
  }

  /** insmod (kmod): finit_module with the file's image and the joined arguments. */
  record Insmod(ModuleRepository repository, Era era, List<String> args)
      implements Step, ModuleTools.SyscallClient {
    @Override
    public StepResult run(CpuContext cpu) {
      LoadInfo info = prepare(cpu);
      if (info == null) {
        return StepResult.NEXT;
      }
      return ModuleTools.load(cpu, info);
    }

    /** Options, file and image; null (after printing the error) when there is nothing to load. */
    private LoadInfo prepare(CpuContext cpu) {
      boolean vermagic = false;
      boolean modversions = false;
      List<String> rest = new ArrayList<>();
      for (String arg : args) {
        if (rest.isEmpty() && (arg.equals("-f") || arg.equals("--force"))) {
          vermagic = true;
          modversions = true;
        } else if (rest.isEmpty() && arg.equals("--force-vermagic")) {
          vermagic = true;
        } else if (rest.isEmpty() && arg.equals("--force-modversion")) {
          modversions = true;
        } else if (!(rest.isEmpty() && arg.startsWith("-"))) {
          rest.add(arg);
        }
      }
      if (rest.isEmpty()) {
        cpu.err("insmod: ERROR: missing filename.\n");
        cpu.exit(1);
        return null;
      }
      String file = rest.get(0);
      ModuleRepository.Found found = repository.file(file);
      if (found == null) {
        cpu.err("insmod: ERROR: could not load module " + file + ": No such file or directory\n");
        cpu.exit(1);
        return null;
      }
      ModuleDefinition def;
      try {
        def = ModuleFile.parse(found.fileName(), found.text(), era);
      } catch (ModuleFile.ModuleFormatException e) {
        cpu.err("insmod: ERROR: " + e.getMessage() + "\n");
        cpu.err("insmod: ERROR: could not insert module " + file + ": Invalid module format\n");
        cpu.exit(1);
        return null;
      }
      return new LoadInfo(def, ModuleTools.joinArgs(rest.subList(1, rest.size())),
          "finit_module", modversions, vermagic, false, null, found.inode());
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      return handle(cpu, reply);
    }

    @Override
    public StepResult handle(CpuContext cpu, Object reply) {
      StepResult running = ModuleTools.runModuleCode(cpu, reply, this);
      if (running != null) {
        return running;
      }
      if (reply instanceof ModuleLoader.LoadFailed) {
        Errno errno = ((ModuleLoader.LoadFailed) reply).errno();
        cpu.err("insmod: ERROR: could not insert module " + fileArg() + ": "
            + ModuleTools.insmodError(errno) + "\n");
        cpu.setResult(errno.negative());
        cpu.exit(1);
      } else {
        cpu.setResult(0);
      }
      return StepResult.NEXT;
    }

    private String fileArg() {
      for (String arg : args) {
        if (!arg.startsWith("-")) {
          return arg;
        }
      }
      return "";
    }

    @Override
    public String name() {
      return "insmod";
    }
  }

  private static Step rmmod(List<String> args, Era era) {
    boolean force = false;
    boolean wait = false;
    List<String> names = new ArrayList<>();
    for (String arg : args) {
      if (era == Era.V2_4 && arg.equals("-a")) {
        return new RmmodAll();
      } else if (arg.equals("-f") || arg.equals("--force")) {
        force = true;
      } else if (arg.equals("-w") || arg.equals("--wait")) {
        wait = true;
      } else if (arg.startsWith("-")) {
        throw new IllegalArgumentException("unknown option " + arg);
      } else {
        names.add(moduleName(arg));
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("missing module name");
    }
    return new Rmmod(List.copyOf(names), force, wait, era);
  }

  /** rmmod: kmod's in-use checks (skipped with -f), then delete_module(O_NONBLOCK[|O_TRUNC]). */
  record Rmmod(List<String> names, boolean force, boolean blocking, Era era)
      implements Step, ModuleTools.SyscallClient {
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
    public StepResult resume(CpuContext cpu, Object reply) {
      return handle(cpu, reply);
    }

    @Override
    public StepResult handle(CpuContext cpu, Object reply) {
      StepResult running = ModuleTools.runModuleCode(cpu, reply, this);
      if (running != null) {
        return running;
      }
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
  }

  /**
   * modutils' {@code rmmod -a}: delete_module(NULL), the autoclean call; its error through
   * perror("rmmod").
   */
  record RmmodAll() implements Step, ModuleTools.SyscallClient {
    @Override
    public StepResult run(CpuContext cpu) {
      return ModuleTools.delete(cpu, null, true, false);
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      return handle(cpu, reply);
    }

    @Override
    public StepResult handle(CpuContext cpu, Object reply) {
      StepResult running = ModuleTools.runModuleCode(cpu, reply, this);
      if (running != null) {
        return running;
      }
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

  /** lsmod: reads /proc/sys/kernel/tainted (2.4 header) and /proc/modules. */
  record Lsmod(Era era) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.setVariable("$lsmod", 0);
      ModuleTools.read(cpu, "/proc/sys/kernel/tainted");
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      if (cpu.variable("$lsmod") == 0) {
        String mask = ModuleTools.content(reply).trim();
        cpu.setVariable("$lsmod_taint", mask.isEmpty() ? 0 : Long.parseLong(mask));
        cpu.setVariable("$lsmod", 1);
        ModuleTools.read(cpu, "/proc/modules");
        return StepResult.WAIT;
      }
      long mask = cpu.variable("$lsmod_taint");
      String tainted = "";
      if ((mask & Taint.PROPRIETARY_MODULE.mask()) != 0) {
        tainted += "P";
      }
      if ((mask & Taint.FORCED_MODULE.mask()) != 0) {
        tainted += "F";
      }
      cpu.out(ProcModules.lsmod(ModuleTools.content(reply), era, tainted));
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "lsmod";
    }
  }

  private static Step modinfo(List<String> args, ModuleRepository repository, Era era) {
    String field = null;
    List<String> targets = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("-F") && i + 1 < args.size()) {
        field = args.get(++i);
      } else {
        targets.add(args.get(i));
      }
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("missing module or filename");
    }
    return new Modinfo(repository, era, field, List.copyOf(targets));
  }

  /** modinfo: user space only, reads the module file. */
  record Modinfo(ModuleRepository repository, Era era, String field, List<String> targets)
      implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      for (String target : targets) {
        ModuleRepository.Found found = target.contains("/") || target.contains(".")
            ? repository.file(target) : repository.byName(target);
        if (found == null) {
          cpu.err("modinfo: ERROR: Module " + target + " not found.\n");
          cpu.exit(1);
          continue;
        }
        try {
          ModuleDefinition def = ModuleFile.parse(found.fileName(), found.text(), era);
          cpu.out(org.kmodsim.kernel.module.Modinfo.render(def, found.shownPath(), field));
        } catch (ModuleFile.ModuleFormatException e) {
          cpu.err("modinfo: ERROR: " + e.getMessage() + "\n");
          cpu.exit(1);
        }
      }
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "modinfo";
    }
  }

  private static Step modprobe(List<String> args, ModuleRepository repository, Era era) {
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
        rest.add(moduleName(arg));
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

  /** depmod: computes modules.dep; {@code -n} prints it. */
  record Depmodder(ModuleRepository repository, Era era, boolean print) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      Depmod.Result result = Depmod.run(repository, era);
      for (String warning : result.warnings()) {
        cpu.err(warning + "\n");
      }
      for (String error : result.errors()) {
        cpu.err(error + "\n");
      }
      if (!result.errors().isEmpty()) {
        cpu.exit(1);
      }
      if (print) {
        cpu.out(Depmod.render(result));
      }
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "depmod";
    }
  }

  static List<String> reversed(List<String> list) {
    List<String> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }
}
