package org.kmodsim.userspace.kmod;

import java.util.List;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.userspace.GetoptLong;
import org.kmodsim.userspace.ModuleArgs;
import org.kmodsim.userspace.ToolExit;

/**
 * The 2.6 era's user space was module-init-tools, not kmod: its 3.9 insmod, rmmod and lsmod
 * (insmod.c main, rmmod.c main and check_usage, lsmod.c main; logging.c's error() writes {@code
 * "ERROR: "} and the text, without the program's name). Pure; {@link Insmod}, {@link Rmmod} and
 * {@link Lsmod} make the calls.
 */
final class ModuleInitTools {
  private ModuleInitTools() {}

  /** {@code puts(PACKAGE " version " VERSION)}. */
  static final String VERSION = "module-init-tools version 3.9\n";

  static final String RMMOD_USAGE =
      "Usage: rmmod [-fhswvV] modulename ...\n"
          + " -f (or --force) forces a module unload, and may crash your\n"
          + "    machine.  This requires the Forced Module Removal option\n"
          + "    when the kernel was compiled.\n"
          + " -h (or --help) prints this help text\n"
          + " -s (or --syslog) says use syslog, not stderr\n"
          + " -v (or --verbose) enables more messages\n"
          + " -V (or --version) prints the version code\n"
          + " -w (or --wait) begins a module removal even if it is used\n"
          + "    and will stop new users from accessing the module (so it\n"
          + "    should eventually fall to zero).\n";

  private static final List<GetoptLong.LongOption> RMMOD_OPTIONS =
      List.of(
          KmodOptions.noArg("all", 'a'),
          KmodOptions.noArg("force", 'f'),
          KmodOptions.noArg("help", 'h'),
          KmodOptions.noArg("syslog", 's'),
          KmodOptions.noArg("verbose", 'v'),
          KmodOptions.noArg("version", 'V'),
          KmodOptions.noArg("wait", 'w'));

  /**
   * insmod.c main: {@code -V}/{@code --version} only as the first word, then the old options {@code
   * -p -s -f} skipped (ignored: 3.9's insmod never forces), then the file, whatever it looks like,
   * and its options.
   */
  static InsmodCommand insmod(List<String> args) {
    if (!args.isEmpty() && (args.get(0).equals("-V") || args.get(0).equals("--version"))) {
      return exit(ToolExit.printed(VERSION));
    }
    int first = 0;
    while (first < args.size() && List.of("-p", "-s", "-f").contains(args.get(first))) {
      first++;
    }
    if (first == args.size()) {
      return exit(ToolExit.failure(1, "Usage: insmod filename [args]"));
    }
    return new InsmodCommand(
        args.get(first), args.subList(first + 1, args.size()), false, true, null);
  }

  private static InsmodCommand exit(ToolExit exit) {
    return new InsmodCommand(null, List.of(), false, true, exit);
  }

  /** grab_file failed: {@code "insmod: can't read '%s': %s\n"}. */
  static String cannotRead(String file) {
    return "insmod: can't read '" + file + "': No such file or directory\n";
  }

  /** init_module failed: {@code "insmod: error inserting '%s': %li %s\n"} with moderror(errno). */
  static String errorInserting(String file, Errno errno) {
    return "insmod: error inserting '" + file + "': -1 " + InsmodCommand.error(errno) + "\n";
  }

  /** rmmod.c main: getopt_long over {@code "afh?swvV"}; any other answer prints the usage. */
  static RmmodCommand rmmod(List<String> args) {
    GetoptLong.Result line = GetoptLong.parse("rmmod", "afh?swvV", RMMOD_OPTIONS, args);
    boolean force = false;
    boolean wait = false;
    boolean syslog = false;
    for (GetoptLong.Option option : line.options()) {
      switch (option.val()) {
        case 'f' -> force = true;
        case 'w' -> wait = true;
        case 's' -> syslog = true;
        case 'V' -> {
          return rmmodExit(ToolExit.printed(VERSION));
        }
        case 'h', '?' -> {
          return rmmodExit(new ToolExit("", RMMOD_USAGE, 1));
        }
        default -> {
          // -a (all: unused in 3.9), -v (the "rmmod NAME, wait=..." line the model omits)
        }
      }
    }
    if (line.failed()) {
      return rmmodExit(new ToolExit("", line.error() + "\n" + RMMOD_USAGE, 1));
    } else if (line.operands().isEmpty()) {
      return rmmodExit(new ToolExit("", "no module names given\n" + RMMOD_USAGE, 1));
    }
    List<String> names = line.operands().stream().map(ModuleArgs::moduleName).toList();
    return new RmmodCommand(names, force, wait, false, syslog, null, true);
  }

  private static RmmodCommand rmmodExit(ToolExit exit) {
    return new RmmodCommand(List.of(), false, false, false, false, exit, true);
  }

  /** check_usage and mod_in_use: why {@code name} is not removed, or null when it may be. */
  static String inUse(List<ProcModules.Line> lines, String name) {
    for (ProcModules.Line line : lines) {
      if (!line.name().equals(name)) {
        continue;
      } else if (line.refcount() == 0) {
        return null;
      } else if (line.users().isEmpty()) {
        return "ERROR: Module " + name + " is in use\n";
      }
      return "ERROR: Module " + name + " is in use by " + String.join(",", line.users()) + "\n";
    }
    return "ERROR: Module " + name + " does not exist in /proc/modules\n";
  }

  /** rmmod(): {@code error("Removing '%s': %s\n", name, strerror(errno))}. */
  static String removing(String name, Errno errno) {
    return "ERROR: Removing '" + name + "': " + errno.message() + "\n";
  }
}
