package org.kmodsim.userspace.kmod;

import java.util.List;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.Program;
import org.kmodsim.userspace.modutils.Insmod24;
import org.kmodsim.userspace.modutils.RmmodAutoclean;

/**
 * The module tools of the batch shell, with kmod's messages and exit statuses (tools/insmod.c,
 * rmmod.c, lsmod.c, modinfo.c, modprobe.c, depmod.c): {@link Insmod}, {@link Rmmod}, {@link Lsmod},
 * {@code modinfo}, {@link Modprobe}, {@code depmod}. In 2.4 insmod is modutils' ({@link Insmod24}),
 * modprobe loads through it, and {@code rmmod -a} is the autoclean call ({@link RmmodAutoclean}).
 */
public final class Kmod {
  private Kmod() {}

  public static void register(Commands commands, ModuleRepository repository, Era era) {
    if (era == Era.V2_4) {
      commands.register(
          "insmod [-fkLq] FILE [name=value ...] (2.4 modutils)",
          args -> Insmod24.step(repository, List.copyOf(args)));
    } else {
      commands.register(
          "insmod [-fpsVh] FILE [name=value ...] (kmod 30; 2.4: modutils' insmod [-fkLq])",
          args -> Insmod.step(repository, era, List.copyOf(args)));
    }
    commands.register(
        "rmmod [-fsvVh] MODULE... (kmod 30; 2.6: -w; 2.4: modutils' [-aehrsvV])",
        args -> Rmmod.parse(args, era));
    commands.register("lsmod", args -> Lsmod.step(era, args));
    commands.register(
        "modinfo [-adlpn0] [-F FIELD] FILE|MODULE... (2.4: modutils' [-adlnpV] [-f FORMAT] FILE)",
        args -> modinfo(args, repository, era));
    commands.register(
        "modprobe [-r] [-f] [--first-time] [--show-depends] MODULE " + "[name=value ...] (2.4: -k)",
        args -> Modprobe.parse(args, repository, era));
    commands.register(
        "depmod [-aAn] [-b ROOT] [VERSION]", args -> DepmodTool.step(args, repository, era));
  }

  /** modinfo: user space only, reads the module files. */
  private static Step modinfo(List<String> args, ModuleRepository repository, Era era) {
    if (era == Era.V2_4) {
      Modinfo24.Parsed parsed = Modinfo24.parse(args);
      return parsed.exit() != null
          ? parsed.exit().step("modinfo")
          : new Program("modinfo", cpu -> modinfo24(cpu, repository, parsed));
    }
    ModinfoOptions options;
    try {
      options = ModinfoOptions.parse(args);
    } catch (Getopt.Failed e) {
      String message = "modinfo: " + e.getMessage() + "\n";
      return new Program("modinfo", cpu -> cpu.fail(1, message));
    } catch (IllegalArgumentException e) {
      String message = "modinfo: ERROR: " + e.getMessage() + "\n";
      return new Program("modinfo", cpu -> cpu.fail(1, message));
    }
    if (options.version()) {
      return new Program("modinfo", cpu -> version(cpu));
    }
    ModuleRepository tree = tree(repository, era, options);
    return new Program("modinfo", cpu -> modinfo(cpu, repository, tree, era, options));
  }

  /** modutils 2.4's modinfo of each module file ({@link Modinfo24}). */
  private static StepResult modinfo24(
      CpuContext cpu, ModuleRepository repository, Modinfo24.Parsed parsed) {
    for (String target : parsed.targets()) {
      ModuleRepository.Found found = repository.file(target);
      try {
        ModuleDefinition def = found == null ? null : found.definition(Era.V2_4);
        cpu.out(def == null ? "" : Modinfo24.render(def, found.shownPath(), parsed.format()));
        cpu.err(def == null ? "modinfo: " + target + ": No such file or directory\n" : "");
      } catch (ModuleFile.ModuleFormatException e) {
        cpu.fail(1, "modinfo: " + e.getMessage() + "\n");
      }
    }
    return StepResult.NEXT;
  }

  private static StepResult version(CpuContext cpu) {
    cpu.out(DepmodTool.VERSION);
    return StepResult.NEXT;
  }

  /**
   * -b ROOT / -k VERSION: the modules of ROOT/lib/modules/VERSION (the machine's own when the same
   * directory); null for another release of the machine, which has only its own tree.
   */
  private static ModuleRepository tree(
      ModuleRepository repository, Era era, ModinfoOptions options) {
    if (options.root() == null && options.kversion() == null) {
      return repository;
    }
    String version = options.kversion() == null ? repository.release() : options.kversion();
    if (options.root() == null) {
      return version.equals(repository.release()) ? repository : null;
    }
    java.nio.file.Path dir = java.nio.file.Paths.get(options.root(), "lib/modules", version);
    try {
      if (repository.directory() != null
          && java.nio.file.Files.isSameFile(repository.directory(), dir)) {
        return repository;
      }
    } catch (java.io.IOException e) {
      // not the same directory
    }
    return new ModuleRepository(dir.toString(), era);
  }

  /** modinfo: user space only, reads the module file. */
  private static StepResult modinfo(
      CpuContext cpu,
      ModuleRepository repository,
      ModuleRepository tree,
      Era era,
      ModinfoOptions options) {
    String field = options.field();
    for (String target : options.targets()) {
      ModuleRepository.Found found =
          target.contains("/") || target.contains(".")
              ? repository.file(target)
              : tree == null ? null : tree.byName(target);
      if (found == null) {
        cpu.fail(1, "modinfo: ERROR: Module " + target + " not found.\n");
        continue;
      }
      if (found.real() != null) {
        KoTools.modinfo(cpu, found, options);
        continue;
      }
      try {
        ModuleDefinition def = found.definition(era);
        cpu.out(Modinfo.render(def, found.shownPath(), field));
      } catch (ModuleFile.ModuleFormatException e) {
        cpu.fail(1, "modinfo: ERROR: " + e.getMessage() + "\n");
      }
    }
    return StepResult.NEXT;
  }
}
