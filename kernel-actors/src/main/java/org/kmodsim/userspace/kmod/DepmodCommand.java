package org.kmodsim.userspace.kmod;

import java.util.List;
import org.kmodsim.userspace.GetoptLong;
import org.kmodsim.userspace.GetoptLong.HasArg;
import org.kmodsim.userspace.GetoptLong.LongOption;
import org.kmodsim.userspace.ToolExit;

/**
 * What a depmod command line asks, parsed as kmod 30's do_depmod does (tools/depmod.c): getopt_long
 * over {@code "aAb:C:E:F:euqrvnP:wmVh"} and its long options, each option acted on in command-line
 * order ({@code -h} and {@code -V} end depmod at once, the deprecated {@code -u -q -r -m} are
 * warned about, {@code -P} takes one character, a bad option ends it with getopt's message, exit
 * 1); then an optional VERSION (is_version_number) and no module paths. Pure; {@link DepmodRun}
 * does the work.
 *
 * @param root {@code -b ROOT}, or null
 * @param version the release whose tree depmod works on (the machine's without VERSION)
 * @param show {@code -n}: print the files instead of writing them
 * @param quick {@code -A}: only when a module is newer than modules.dep
 * @param warnings what depmod printed on standard error while reading its options
 * @param exit how depmod ends before reading the tree (help, version, a bad command line), or null
 * @param symbols {@code -E}, {@code -F}, {@code -e}, {@code -w} and {@code -P}
 * @param configs each {@code -C PATH} in order (config_paths; empty: default_cfg_paths)
 * @param verbose how many {@code -v}
 */
record DepmodCommand(
    String root,
    String version,
    boolean show,
    boolean quick,
    String warnings,
    ToolExit exit,
    Symbols symbols,
    List<String> configs,
    int verbose) {
  DepmodCommand {
    configs = List.copyOf(configs);
  }

  /**
   * The symbol options: {@code -E FILE} (module_symvers, cfg.check_symvers), {@code -F FILE}
   * (system_map), {@code -e} (cfg.print_unknown), {@code -w} (cfg.warn_dups), {@code -P C}
   * (cfg.sym_prefix, '\0' without).
   */
  record Symbols(String symvers, String systemMap, boolean errsyms, boolean warnDups, char prefix) {
    static final Symbols NONE = new Symbols(null, null, false, false, '\0');
  }

  private static final List<LongOption> LONG_OPTIONS =
      List.of(
          KmodOptions.noArg("all", 'a'),
          KmodOptions.noArg("quick", 'A'),
          new LongOption("basedir", HasArg.REQUIRED, 'b'),
          new LongOption("config", HasArg.REQUIRED, 'C'),
          new LongOption("symvers", HasArg.REQUIRED, 'E'),
          new LongOption("filesyms", HasArg.REQUIRED, 'F'),
          KmodOptions.noArg("errsyms", 'e'),
          KmodOptions.noArg("unresolved-error", 'u'),
          KmodOptions.noArg("quiet", 'q'),
          KmodOptions.noArg("root", 'r'),
          KmodOptions.noArg("verbose", 'v'),
          KmodOptions.noArg("show", 'n'),
          KmodOptions.noArg("dry-run", 'n'),
          new LongOption("symbol-prefix", HasArg.REQUIRED, 'P'),
          KmodOptions.noArg("warn", 'w'),
          KmodOptions.noArg("map", 'm'),
          KmodOptions.noArg("version", 'V'),
          KmodOptions.noArg("help", 'h'));

  /**
   * @param args the command line after {@code depmod}
   * @param release the machine's release (uname -r), the version without a VERSION operand
   */
  static DepmodCommand parse(List<String> args, String release) {
    GetoptLong.Result line =
        GetoptLong.parse("depmod", "aAb:C:E:F:euqrvnP:wmVh", LONG_OPTIONS, args);
    StringBuilder warnings = new StringBuilder();
    String root = null;
    boolean show = false;
    boolean quick = false;
    String symvers = null;
    String systemMap = null;
    boolean errsyms = false;
    boolean warnDups = false;
    char prefix = '\0';
    List<String> configs = new java.util.ArrayList<>();
    int verbose = 0;
    for (GetoptLong.Option option : line.options()) {
      switch (option.val()) {
        case 'h' -> {
          return exit(warnings, ToolExit.printed(HELP));
        }
        case 'V' -> {
          return exit(warnings, ToolExit.printed(KmodOptions.VERSION));
        }
        case 'u', 'q', 'r', 'm' ->
            // idx > 0 for every long form of these: "--%s" with cmdopts[idx].name
            warnings.append(
                "depmod: WARNING: Ignored deprecated option "
                    + (option.longName() != null
                        ? "--" + option.longName()
                        : "-" + (char) option.val())
                    + "\n");
        case 'P' -> {
          if (option.arg().length() != 1) {
            return exit(
                warnings, ToolExit.failure(1, "depmod: FATAL: -P only takes a single char"));
          }
          prefix = option.arg().charAt(0);
        }
        case 'E' -> symvers = option.arg();
        case 'F' -> systemMap = option.arg();
        case 'e' -> errsyms = true;
        case 'w' -> warnDups = true;
        case 'b' -> root = option.arg();
        case 'C' -> configs.add(option.arg());
        case 'v' -> verbose++;
        case 'n' -> show = true;
        case 'A' -> quick = true;
        default -> {}
      }
    }
    if (line.failed()) {
      return exit(warnings, ToolExit.failure(1, line.error()));
    }
    List<String> operands = line.operands();
    String version = release;
    if (!operands.isEmpty()) {
      if (!operands.get(0).matches("\\d+\\.\\d+.*")) {
        return exit(
            warnings, ToolExit.failure(1, "depmod: ERROR: Bad version passed " + operands.get(0)));
      }
      version = operands.get(0);
    }
    if (operands.size() > 1) {
      String path = operands.get(1);
      return exit(
          warnings,
          ToolExit.failure(
              1,
              path.startsWith("/")
                  ? "depmod: FATAL: depmod of the listed files only is not modelled: " + path
                  : "depmod: FATAL: " + path + ": not absolute path."));
    }
    Symbols symbols = new Symbols(symvers, systemMap, errsyms, warnDups, prefix);
    return new DepmodCommand(
        root, version, show, quick, warnings.toString(), null, symbols, configs, verbose);
  }

  /** The warnings printed so far come first on standard error. */
  private static DepmodCommand exit(StringBuilder warnings, ToolExit exit) {
    ToolExit all = new ToolExit(exit.out(), warnings + exit.err(), exit.status());
    return new DepmodCommand(null, null, false, false, "", all, Symbols.NONE, List.of(), 0);
  }

  /** {@code ROOT/lib/modules/VERSION}: the directory depmod reads and writes (cfg.dirname). */
  String dirname() {
    return (root == null ? "" : root) + "/lib/modules/" + version;
  }

  static final String HELP =
      "Usage:\n"
          + "\tdepmod -[aA] [options] [forced_version]\n"
          + "\n"
          + "If no arguments (except options) are given, \"depmod -a\" is assumed\n"
          + "\n"
          + "depmod will output a dependency list suitable for the modprobe utility.\n"
          + "\n"
          + "Options:\n"
          + "\t-a, --all            Probe all modules\n"
          + "\t-A, --quick          Only does the work if there's a new module\n"
          + "\t-e, --errsyms        Report not supplied symbols\n"
          + "\t-n, --show           Write the dependency file on stdout only\n"
          + "\t-P, --symbol-prefix  Architecture symbol prefix\n"
          + "\t-C, --config=PATH    Read configuration from PATH\n"
          + "\t-v, --verbose        Enable verbose mode\n"
          + "\t-w, --warn           Warn on duplicates\n"
          + "\t-V, --version        show version\n"
          + "\t-h, --help           show this help\n"
          + "\n"
          + "The following options are useful for people managing distributions:\n"
          + "\t-b, --basedir=DIR    Use an image of a module tree.\n"
          + "\t-F, --filesyms=FILE  Use the file instead of the\n"
          + "\t                     current kernel symbols.\n"
          + "\t-E, --symvers=FILE   Use Module.symvers file to check\n"
          + "\t                     symbol versions.\n";
}
