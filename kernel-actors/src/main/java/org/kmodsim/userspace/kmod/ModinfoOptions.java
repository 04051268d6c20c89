package org.kmodsim.userspace.kmod;

import java.util.List;
import org.kmodsim.userspace.GetoptLong;
import org.kmodsim.userspace.GetoptLong.HasArg;
import org.kmodsim.userspace.GetoptLong.LongOption;
import org.kmodsim.userspace.ToolExit;

/**
 * modinfo's command line (kmod tools/modinfo.c, cmdopts_s {@code "adlpn0mF:k:b:Vh"} through
 * getopt_long, each option acted on in order): {@code -a -d -l -p -n} print one field, {@code -F
 * FIELD} any, {@code -0} ends entries with NUL, {@code -k VERSION} and {@code -b ROOT} look modules
 * up in {@code ROOT/lib/modules/VERSION}, {@code -V} prints the version; a bad option ends modinfo
 * with getopt's message, no module with "missing module or filename.", exit 1. Pure; {@link
 * ModinfoRun} reads the modules.
 *
 * @param field the one field printed, null for all
 * @param separator {@code '\n'}, or {@code '\0'} with {@code -0}
 * @param root {@code -b ROOT}, or null
 * @param kversion {@code -k VERSION}, or null
 * @param exit how modinfo ends before reading a module ({@code -V}, a bad command line), or null
 */
public record ModinfoOptions(
    String field,
    char separator,
    List<String> targets,
    String root,
    String kversion,
    ToolExit exit) {
  public ModinfoOptions {
    targets = List.copyOf(targets);
  }

  private static final List<LongOption> LONG_OPTIONS =
      List.of(
          KmodOptions.noArg("author", 'a'),
          KmodOptions.noArg("description", 'd'),
          KmodOptions.noArg("license", 'l'),
          KmodOptions.noArg("parameters", 'p'),
          KmodOptions.noArg("filename", 'n'),
          KmodOptions.noArg("null", '0'),
          KmodOptions.noArg("modname", 'm'),
          new LongOption("field", HasArg.REQUIRED, 'F'),
          new LongOption("set-version", HasArg.REQUIRED, 'k'),
          new LongOption("basedir", HasArg.REQUIRED, 'b'),
          KmodOptions.noArg("version", 'V'),
          KmodOptions.noArg("help", 'h'));

  /**
   * @param args the command line after {@code modinfo}
   */
  public static ModinfoOptions parse(List<String> args) {
    GetoptLong.Result line = GetoptLong.parse("modinfo", "adlpn0mF:k:b:Vh", LONG_OPTIONS, args);
    String field = null;
    char separator = '\n';
    String root = null;
    String kversion = null;
    for (GetoptLong.Option option : line.options()) {
      switch (option.val()) {
        case 'a' -> field = "author";
        case 'd' -> field = "description";
        case 'l' -> field = "license";
        case 'p' -> field = "parm";
        case 'n' -> field = "filename";
        case '0' -> separator = '\0';
        case 'F' -> field = option.arg();
        case 'k' -> kversion = option.arg();
        case 'b' -> root = option.arg();
        case 'V' -> {
          return exit(ToolExit.printed(KmodOptions.VERSION));
        }
        default -> {}
      }
    }
    if (line.failed()) {
      return exit(ToolExit.failure(1, line.error()));
    } else if (line.operands().isEmpty()) {
      return exit(ToolExit.failure(1, "modinfo: ERROR: missing module or filename."));
    }
    return new ModinfoOptions(field, separator, line.operands(), root, kversion, null);
  }

  private static ModinfoOptions exit(ToolExit exit) {
    return new ModinfoOptions(null, '\n', List.of(), null, null, exit);
  }
}
