package org.kmodsim.userspace.kmod;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.module.ModuleSyscalls;
import org.kmodsim.userspace.ModuleArgs;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.Program;

/**
 * insmod (kmod tools/insmod.c): finit_module with the file's image and the joined arguments, with
 * kmod's messages and exit status. The 2.4 insmod is modutils' ({@link
 * org.kmodsim.userspace.modutils.Insmod24}).
 */
final class Insmod {
  private Insmod() {}

  /**
   * @param args the command line after {@code insmod}
   */
  static Step step(ModuleRepository repository, Era era, List<String> args) {
    return new Program(
        "insmod",
        cpu -> {
          LoadInfo info = prepare(cpu, repository, era, args);
          return info == null
              ? StepResult.NEXT
              : ModuleSyscalls.initModule(cpu, info, (c, reply) -> returned(c, args, reply));
        });
  }

  /** Options, file and image; null (after printing the error) when there is nothing to load. */
  private static LoadInfo prepare(
      CpuContext cpu, ModuleRepository repository, Era era, List<String> args) {
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
      def = found.definition(era);
    } catch (ModuleFile.ModuleFormatException e) {
      cpu.err("insmod: ERROR: " + e.getMessage() + "\n");
      cpu.err("insmod: ERROR: could not insert module " + file + ": Invalid module format\n");
      cpu.exit(1);
      return null;
    }
    return new LoadInfo(
        def,
        ModuleArgs.join(rest.subList(1, rest.size())),
        "finit_module",
        modversions,
        vermagic,
        false,
        null,
        found.inode());
  }

  private static StepResult returned(
      CpuContext cpu, List<String> args, ModuleLoader.LoadReply reply) {
    if (reply instanceof ModuleLoader.LoadFailed failed) {
      cpu.err(
          "insmod: ERROR: could not insert module "
              + fileArg(args)
              + ": "
              + Kmod.insmodError(failed.errno())
              + "\n");
      cpu.setResult(failed.errno().negative());
      cpu.exit(1);
    } else {
      cpu.setResult(0);
    }
    return StepResult.NEXT;
  }

  private static String fileArg(List<String> args) {
    return args.stream().filter(arg -> !arg.startsWith("-")).findFirst().orElse("");
  }
}
