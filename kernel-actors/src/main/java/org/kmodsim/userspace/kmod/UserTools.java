package org.kmodsim.userspace.kmod;

import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.modutils.Insmod24;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * The module tools of the batch shell, with kmod's messages and exit statuses (tools/insmod.c,
 * rmmod.c, lsmod.c, modinfo.c, modprobe.c, depmod.c): {@link Insmod}, {@link Rmmod},
 * {@link Lsmod}, {@code modinfo}, {@link Modprobe}, {@code depmod}. In 2.4 insmod is modutils'
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
        args -> Rmmod.parse(args, era));
    commands.register("lsmod", "lsmod", args -> new Lsmod(era));
    commands.register("modinfo", "modinfo [-F FIELD] FILE|MODULE",
        args -> modinfo(args, repository, era));
    commands.register("modprobe", "modprobe [-r] [-f] [--first-time] [--show-depends] MODULE "
        + "[name=value ...] (2.4: -k)", args -> Modprobe.parse(args, repository, era));
    commands.register("depmod", "depmod [-n]", args -> new Depmodder(repository, era,
        args.contains("-n")));
  }

  /** The module name of a file or module argument: no directory, no suffix, '-' as '_'. */
  static String moduleName(String arg) {
    String name = arg.substring(arg.lastIndexOf('/') + 1);
    for (String suffix : new String[] {".conf", ".ko", ".o"}) {
      if (name.endsWith(suffix)) {
        name = name.substring(0, name.length() - suffix.length());
      }
    }
    return name.replace('-', '_');
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
          cpu.out(org.kmodsim.userspace.kmod.Modinfo.render(def, found.shownPath(), field));
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
