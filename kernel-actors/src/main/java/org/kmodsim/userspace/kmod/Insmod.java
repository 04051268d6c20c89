package org.kmodsim.userspace.kmod;

import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.ModuleTools;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.StepResult;

/**
 * insmod (kmod tools/insmod.c): finit_module with the file's image and the joined arguments,
 * with kmod's messages and exit status. The 2.4 insmod is modutils' ({@link Insmod24}).
 *
 * @param args the command line after {@code insmod}
 */
record Insmod(ModuleRepository repository, Era era, List<String> args)
    implements ModuleTools.SyscallClient {
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
  public StepResult returned(CpuContext cpu, Object reply) {
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
