package org.kmodsim.userspace.kmod;

import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.userspace.GetoptLong;
import org.kmodsim.userspace.ModuleArgs;
import org.kmodsim.userspace.ToolExit;

/**
 * What an rmmod command line asks and kmod's in-use check on /proc/modules. From 3.13 (the 4.x and
 * 6.x eras) it is kmod 30's do_rmmod (tools/rmmod.c): getopt_long over {@code "fsvVwh"} and {@code
 * --force --syslog --verbose --version --help}; {@code -w} is still in the short string but has no
 * case, so kmod answers "unexpected getopt_long() value 'w'."; {@code -s} sends kmod's messages to
 * syslog (the model has no syslog daemon: they are dropped). Before, it is module-init-tools' rmmod
 * ({@code -f}, {@code -w}; 2.4 modutils' {@code -a}). Pure; {@link Rmmod} makes the calls.
 *
 * @param blocking {@code -w}: delete_module without O_NONBLOCK
 * @param autoclean 2.4 {@code rmmod -a}: the autoclean call, no names
 * @param syslog {@code -s}: kmod's messages go to syslog, not stderr
 * @param exit how rmmod ends before removing anything (help, version, a bad command line), else
 *     null
 */
record RmmodCommand(
    List<String> names,
    boolean force,
    boolean blocking,
    boolean autoclean,
    boolean syslog,
    ToolExit exit,
    boolean moduleInitTools,
    boolean modutils) {
  static final String HELP =
      "Usage:\n"
          + "\trmmod [options] modulename ...\n"
          + "Options:\n"
          + "\t-f, --force       forces a module unload and may crash your\n"
          + "\t                  machine. This requires Forced Module Removal\n"
          + "\t                  option in your kernel. DANGEROUS\n"
          + "\t-s, --syslog      print to syslog, not stderr\n"
          + "\t-v, --verbose     enables more messages\n"
          + "\t-V, --version     show version\n"
          + "\t-h, --help        show this help\n";

  private static final List<GetoptLong.LongOption> LONG_OPTIONS =
      List.of(
          KmodOptions.noArg("force", 'f'),
          KmodOptions.noArg("syslog", 's'),
          KmodOptions.noArg("verbose", 'v'),
          KmodOptions.noArg("version", 'V'),
          KmodOptions.noArg("help", 'h'));

  RmmodCommand {
    names = List.copyOf(names);
  }

  RmmodCommand(List<String> names, boolean force, boolean blocking, boolean autoclean) {
    this(names, force, blocking, autoclean, false, null, false, false);
  }

  RmmodCommand(
      List<String> names,
      boolean force,
      boolean blocking,
      boolean autoclean,
      boolean syslog,
      ToolExit exit,
      boolean moduleInitTools) {
    this(names, force, blocking, autoclean, syslog, exit, moduleInitTools, false);
  }

  static RmmodCommand parse(List<String> args, Era era) {
    if (era.atLeast(Era.V4_X)) {
      return kmod(args);
    } else if (era == Era.V2_6) {
      return ModuleInitTools.rmmod(args);
    }
    return modutils(args);
  }

  /** kmod 30's do_rmmod. */
  static RmmodCommand kmod(List<String> args) {
    GetoptLong.Result line = GetoptLong.parse("rmmod", "fsvVwh", LONG_OPTIONS, args);
    boolean force = false;
    boolean syslog = false;
    for (GetoptLong.Option option : line.options()) {
      switch (option.val()) {
        case 'f' -> force = true;
        case 's' -> syslog = true;
        case 'h' -> {
          return exit(ToolExit.printed(HELP));
        }
        case 'V' -> {
          return exit(ToolExit.printed(KmodOptions.VERSION));
        }
        case 'w' -> {
          return exit(ToolExit.failure(1, "rmmod: ERROR: unexpected getopt_long() value 'w'."));
        }
        default -> {
          // -v: more of libkmod's messages, which the model does not have
        }
      }
    }
    if (line.failed()) {
      return exit(ToolExit.failure(1, line.error()));
    } else if (line.operands().isEmpty()) {
      // after log_open: with -s the message goes to syslog
      return exit(syslog ? new ToolExit("", "", 1) : ToolExit.failure(1, MISSING));
    }
    List<String> names = line.operands().stream().map(ModuleArgs::moduleName).toList();
    return new RmmodCommand(names, force, false, false, syslog, null, false);
  }

  private static final String MISSING = "rmmod: ERROR: missing module name.";

  /** 2.4: modutils 2.4.27's rmmod ({@link Rmmod24}). */
  private static RmmodCommand modutils(List<String> args) {
    Rmmod24.Parsed parsed = Rmmod24.parse(args);
    if (parsed.exit() != null) {
      return exit(parsed.exit());
    }
    return new RmmodCommand(
        parsed.names(), false, false, parsed.autoclean(), parsed.syslog(), null, false, true);
  }

  private static RmmodCommand exit(ToolExit exit) {
    return new RmmodCommand(List.of(), false, false, false, false, exit, false, false);
  }

  /** Why {@code name} is not removed, or null when it may be: the message and its newline. */
  String problem(List<ProcModules.Line> lines, String name) {
    if (modutils) {
      return null; // modutils calls delete_module and reports its errno
    } else if (moduleInitTools) {
      return ModuleInitTools.inUse(lines, name);
    }
    String problem = inUse(lines, name);
    return problem == null ? null : "rmmod: ERROR: " + problem + "\n";
  }

  /** The messages of a failed delete_module. */
  String failed(String name, org.kmodsim.kernel.Errno errno) {
    if (modutils) {
      return Rmmod24.failed(name, errno);
    }
    return moduleInitTools
        ? ModuleInitTools.removing(name, errno)
        : couldNotRemove(name, errno.message());
  }

  /** kmod's check_module_inuse: why {@code name} is not removed, or null when it may be. */
  static String inUse(List<ProcModules.Line> lines, String name) {
    for (ProcModules.Line line : lines) {
      if (line.name().equals(name) && !line.users().isEmpty()) {
        return "Module " + name + " is in use by: " + String.join(" ", line.users());
      } else if (line.name().equals(name)) {
        return line.refcount() > 0 ? "Module " + name + " is in use" : null;
      }
    }
    return "Module " + name + " is not currently loaded";
  }

  /** kmod's two messages for a failed delete_module. */
  static String couldNotRemove(String name, String why) {
    return "rmmod: ERROR: could not remove '"
        + name
        + "': "
        + why
        + "\n"
        + "rmmod: ERROR: could not remove module "
        + name
        + ": "
        + why
        + "\n";
  }
}
