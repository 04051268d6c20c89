package org.kmodsim.userspace.kmod;

import java.util.List;
import org.kmodsim.kernel.Errno;
import org.kmodsim.userspace.GetoptLong;
import org.kmodsim.userspace.ToolExit;

/**
 * modutils 2.4.27's rmmod command line and messages (insmod/rmmod.c main() and rmmod_usage(), with
 * util/logger.c's error(), which prefixes {@code error_file = "rmmod"}), pure: getopt_long over
 * {@code "aehrsvV"} and {@code --all --persist --help --stacks --syslog --verbose --version}, with
 * glibc 2.3's messages; {@code -a} is the autoclean call (delete_module(NULL), perror("rmmod")),
 * {@code -h} the usage on stderr and exit 0, a bad option or no module the usage and exit 1, {@code
 * -V} {@code rmmod version 2.4.27} on stderr; {@code -e} saves the modules' persistent data and
 * unloads nothing (the model's modules have none). Each name is given to delete_module as it is (no
 * {@code -} to {@code _}, no check of /proc/modules first): ENOENT is {@code rmmod: module %s is
 * not loaded}, any other errno perror(name), {@code exporter: Device or resource busy}; exit 1 if
 * one failed.
 */
final class Rmmod24 {
  private Rmmod24() {}

  static final String USAGE =
      "Usage:\n"
          + "rmmod [-aehrsvV] module ...\n"
          + "\n"
          + "  -a, --all     Remove all unused modules\n"
          + "  -e, --persist Save persistent data, do not unload module\n"
          + "  -r, --stacks  Remove stacks, starting at the named module\n"
          + "  -s, --syslog  Use syslog for error messages\n"
          + "  -h, --help    Print this message\n"
          + "  -v, --verbose Be verbose\n"
          + "  -V, --version Print the release version number\n";

  private static final List<GetoptLong.LongOption> LONG_OPTIONS =
      List.of(
          KmodOptions.noArg("all", 'a'),
          KmodOptions.noArg("persist", 'e'),
          KmodOptions.noArg("help", 'h'),
          KmodOptions.noArg("stacks", 'r'),
          KmodOptions.noArg("syslog", 's'),
          KmodOptions.noArg("verbose", 'v'),
          KmodOptions.noArg("version", 'V'));

  /** The modules to remove, or how rmmod ends reading its command line. */
  record Parsed(List<String> names, boolean autoclean, boolean syslog, ToolExit exit) {
    Parsed {
      names = List.copyOf(names);
    }

    static Parsed exit(ToolExit exit) {
      return new Parsed(List.of(), false, false, exit);
    }
  }

  static Parsed parse(List<String> args) {
    GetoptLong.Result line = GetoptLong.parse("rmmod", "aehrsvV", LONG_OPTIONS, args, false);
    StringBuilder err = new StringBuilder();
    boolean syslog = false;
    boolean persistent = false;
    for (GetoptLong.Option option : line.options()) {
      switch (option.val()) {
        case 'a' -> {
          return new Parsed(List.of(), true, syslog, null);
        }
        case 'e' -> persistent = true;
        case 'h' -> {
          return Parsed.exit(new ToolExit("", err + USAGE, 0));
        }
        case 'r' -> {
          return Parsed.exit(ToolExit.failure(2, "rmmod: -r (--stacks) is not modelled"));
        }
        case 's' -> syslog = true;
        case 'V' -> err.append("rmmod version 2.4.27\n");
        default -> {
          // -v: the persistent-data messages, which the model has none of
        }
      }
    }
    if (line.failed()) {
      return Parsed.exit(new ToolExit("", err + line.error() + "\n" + USAGE, 1));
    } else if (persistent) {
      return Parsed.exit(new ToolExit("", err.toString(), 0));
    } else if (line.operands().isEmpty()) {
      return Parsed.exit(new ToolExit("", err + USAGE, 1));
    } else if (err.length() > 0) {
      return Parsed.exit(ToolExit.failure(2, "rmmod: -V before module names is not modelled"));
    }
    return new Parsed(line.operands(), false, syslog, null);
  }

  /** What rmmod prints when delete_module(name) failed with {@code errno}. */
  static String failed(String name, Errno errno) {
    return errno == Errno.ENOENT
        ? "rmmod: module " + name + " is not loaded\n"
        : name + ": " + errno.message() + "\n";
  }
}
