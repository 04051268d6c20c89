package org.kmodsim.userspace.kmod;

import java.util.List;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.userspace.GetoptLong;
import org.kmodsim.userspace.ModuleArgs;
import org.kmodsim.userspace.ToolExit;

/**
 * What a kmod insmod command line asks, parsed as kmod 30's do_insmod does (tools/insmod.c):
 * getopt_long over {@code "psfVh"} and {@code --version}, {@code --help} (GNU order, so an option
 * after the file is still an option; {@code --} ends them); {@code -p} and {@code -s} are ignored
 * "for compatibility only", {@code -f} sets both force flags; then the file and its parameters.
 * kmod 30 has no {@code --force-vermagic} or {@code --force-modversion} (kmod 34 added them). Pure;
 * {@link Insmod} makes the call.
 *
 * @param moduleInitTools module-init-tools 3.9's insmod of the 2.6 era ({@link ModuleInitTools}):
 *     init_module(2), and its messages
 * @param exit how insmod ends before loading anything (help, version, a bad command line), else
 *     null
 */
record InsmodCommand(
    String file, List<String> params, boolean force, boolean moduleInitTools, ToolExit exit) {
  static final String HELP =
      "Usage:\n"
          + "\tinsmod [options] filename [args]\n"
          + "Options:\n"
          + "\t-V, --version     show version\n"
          + "\t-h, --help        show this help\n";

  private static final List<GetoptLong.LongOption> LONG_OPTIONS =
      List.of(KmodOptions.noArg("version", 'V'), KmodOptions.noArg("help", 'h'));

  static InsmodCommand parse(List<String> args) {
    GetoptLong.Result line = GetoptLong.parse("insmod", "psfVh", LONG_OPTIONS, args);
    boolean force = false;
    for (GetoptLong.Option option : line.options()) {
      switch (option.val()) {
        case 'h' -> {
          return exit(ToolExit.printed(HELP));
        }
        case 'V' -> {
          return exit(ToolExit.printed(KmodOptions.VERSION));
        }
        case 'f' -> force = true;
        default -> {
          // -p, -s: ignored, for compatibility only
        }
      }
    }
    List<String> rest = line.operands();
    if (line.failed()) {
      return exit(ToolExit.failure(1, line.error()));
    } else if (rest.isEmpty()) {
      return exit(ToolExit.failure(1, "insmod: ERROR: missing filename."));
    } else if (rest.get(0).equals("-")) {
      return exit(
          ToolExit.failure(1, "insmod: ERROR: this tool does not support loading from stdin!"));
    }
    return new InsmodCommand(rest.get(0), rest.subList(1, rest.size()), force, false, null);
  }

  private static InsmodCommand exit(ToolExit exit) {
    return new InsmodCommand(null, List.of(), false, false, exit);
  }

  InsmodCommand {
    params = List.copyOf(params);
  }

  /**
   * kmod insmod's mod_strerror (its ESRCH case, "Module has wrong symbol version", is for a kernel
   * the model does not have).
   */
  static String error(Errno errno) {
    return switch (errno) {
      case ENOEXEC -> "Invalid module format";
      case ENOENT -> "Unknown symbol in module";
      case EINVAL -> "Invalid parameters";
      default -> errno.message();
    };
  }

  /**
   * The load request: finit_module(fd, params, flags) with the file's image, the joined arguments
   * and -f's both force bits; module-init-tools' 2.6 insmod calls init_module.
   */
  LoadInfo info(ModuleDefinition def, String inode) {
    String options = ModuleArgs.join(params);
    long flags = force ? LoadInfo.IGNORE_MODVERSIONS | LoadInfo.IGNORE_VERMAGIC : 0;
    return moduleInitTools
        ? LoadInfo.initModule(def, options, flags, inode)
        : LoadInfo.finitModule(def, options, flags, inode);
  }

  String couldNotInsert(String why) {
    return "insmod: ERROR: could not insert module " + file + ": " + why + "\n";
  }

  /** No such file: grab_file's message in module-init-tools, kmod's could not load. */
  String notFound() {
    return moduleInitTools
        ? ModuleInitTools.cannotRead(file)
        : "insmod: ERROR: could not load module " + file + ": No such file or directory\n";
  }

  /** The file does not read as a module ({@code why}): ENOEXEC as each tool says it. */
  String badFormat(String why) {
    return moduleInitTools
        ? ModuleInitTools.errorInserting(file, Errno.ENOEXEC)
        : "insmod: ERROR: " + why + "\n" + couldNotInsert("Invalid module format");
  }

  /** The load failed with {@code errno}. */
  String failed(Errno errno) {
    return moduleInitTools
        ? ModuleInitTools.errorInserting(file, errno)
        : couldNotInsert(error(errno));
  }
}
