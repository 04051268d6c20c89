package org.kmodsim.userspace.kmod;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kmodsim.kernel.Era;
import org.kmodsim.userspace.GetoptLong;
import org.kmodsim.userspace.GetoptLong.HasArg;
import org.kmodsim.userspace.GetoptLong.LongOption;
import org.kmodsim.userspace.ModuleArgs;
import org.kmodsim.userspace.ToolExit;

/**
 * A modprobe command line as the era's modprobe reads it. From 3.13 it is kmod 30's do_modprobe
 * (tools/modprobe.c): getopt_long over {@code cmdopts_s} and {@code cmdopts} (GNU order: an option
 * after the module name is still an option), then the operands: every one a module with {@code -a}
 * or {@code -r}, else the module and its parameters (options_from_array). In 2.6 it is
 * module-init-tools 3.9's main (modprobe.c: {@code "vVC:o:rnqQsclt:aifbwd:"}, a bad option prints
 * the usage, exit 1); in 2.4 modutils' modprobe with the same letters as kmod's and {@code -k}.
 * Options the model does not have are refused in one line naming them, exit 2. Pure.
 *
 * @param names the modules to handle, in order (their dashes as given)
 * @param params the module parameters (only without {@code -a} and {@code -r})
 * @param configs {@code -C FILE}, in order
 * @param version {@code -S VERSION}, or null
 * @param verbose kmod's log priority (LOG_WARNING 4; {@code -q} 0, each {@code -v} one more)
 * @param waitMsec kmod's {@code -w MSEC} (wait_msec, an unsigned long long; 0: none)
 * @param exit how modprobe ends before doing anything, else null
 */
record ModprobeOptions(
    List<String> names,
    List<String> params,
    Set<Flag> flags,
    List<String> configs,
    String version,
    int verbose,
    long waitMsec,
    ToolExit exit) {

  /** What the options switch on. */
  enum Flag {
    ALL,
    REMOVE,
    /** {@code -f}: both force flags, and delete_module's O_TRUNC. */
    FORCE,
    FIRST_TIME,
    IGNORE_COMMANDS,
    USE_BLACKLIST,
    FORCE_MODVERSION,
    FORCE_VERMAGIC,
    /** --show-depends: ignore_loaded, dry_run and do_show. */
    SHOW_DEPENDS,
    DRY_RUN,
    RESOLVE_ALIAS,
    SHOW_CONFIG,
    SYSLOG,
    /** 2.4 modutils {@code -k}: insmod -k -q. */
    AUTOCLEAN,
    /** module-init-tools 3.9 {@code -w}: delete_module without O_NONBLOCK. */
    WAIT,
    /** kmod 30 {@code --remove-holders} (and {@code --remove-dependencies}): holders first. */
    REMOVE_HOLDERS
  }

  /** kmod's LOG_WARNING: the default verbosity; above it print_action shows. */
  static final int DEFAULT_VERBOSE = 4;

  ModprobeOptions {
    names = List.copyOf(names);
    params = List.copyOf(params);
    flags = Set.copyOf(flags);
    configs = List.copyOf(configs);
  }

  boolean has(Flag flag) {
    return flags.contains(flag);
  }

  /** {@code -q}: kmod's verbose LOG_EMERG, module-init-tools' quiet. */
  boolean quiet() {
    return verbose == 0;
  }

  /** kmod's {@code do_show || verbose > DEFAULT_VERBOSE}: print_action's lines. */
  boolean show() {
    return has(Flag.SHOW_DEPENDS) || verbose > DEFAULT_VERBOSE;
  }

  boolean dryRun() {
    return has(Flag.DRY_RUN) || has(Flag.SHOW_DEPENDS);
  }

  static ModprobeOptions parse(List<String> args, Era era) {
    return era == Era.V2_6 ? moduleInitTools(args) : kmod(args, era == Era.V2_4);
  }

  private static final String KMOD_SHORT = "arw:RibfDcnC:d:S:sqvVh";

  private static final int FORCE_VERMAGIC = 1;
  private static final int FORCE_MODVERSION = 2;
  private static final int FIRST_TIME = 3;
  private static final int SHOW_MODVERSIONS = 4;
  private static final int REMOVE_HOLDERS = 5;
  private static final int SHOW_EXPORTS = 6;

  /** kmod 30 modprobe.c cmdopts, in its order (the order decides ambiguity messages). */
  private static final List<LongOption> KMOD_LONG =
      List.of(
          KmodOptions.noArg("all", 'a'),
          KmodOptions.noArg("remove", 'r'),
          new LongOption("remove-dependencies", HasArg.NO, REMOVE_HOLDERS),
          new LongOption("remove-holders", HasArg.NO, REMOVE_HOLDERS),
          new LongOption("wait", HasArg.REQUIRED, 'w'),
          KmodOptions.noArg("resolve-alias", 'R'),
          new LongOption("first-time", HasArg.NO, FIRST_TIME),
          KmodOptions.noArg("ignore-install", 'i'),
          KmodOptions.noArg("ignore-remove", 'i'),
          KmodOptions.noArg("use-blacklist", 'b'),
          KmodOptions.noArg("force", 'f'),
          new LongOption("force-modversion", HasArg.NO, FORCE_MODVERSION),
          new LongOption("force-vermagic", HasArg.NO, FORCE_VERMAGIC),
          KmodOptions.noArg("show-depends", 'D'),
          KmodOptions.noArg("showconfig", 'c'),
          KmodOptions.noArg("show-config", 'c'),
          new LongOption("show-modversions", HasArg.NO, SHOW_MODVERSIONS),
          new LongOption("dump-modversions", HasArg.NO, SHOW_MODVERSIONS),
          new LongOption("show-exports", HasArg.NO, SHOW_EXPORTS),
          KmodOptions.noArg("dry-run", 'n'),
          KmodOptions.noArg("show", 'n'),
          new LongOption("config", HasArg.REQUIRED, 'C'),
          new LongOption("dirname", HasArg.REQUIRED, 'd'),
          new LongOption("set-version", HasArg.REQUIRED, 'S'),
          KmodOptions.noArg("syslog", 's'),
          KmodOptions.noArg("quiet", 'q'),
          KmodOptions.noArg("verbose", 'v'),
          KmodOptions.noArg("version", 'V'),
          KmodOptions.noArg("help", 'h'));

  /** strtoul(optarg, &endptr, 0) consumes it all: blanks, a sign, hex, octal or decimal. */
  private static final Pattern STRTOUL =
      Pattern.compile("[ \\t\\n\\x0B\\f\\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)");

  /**
   * kmod 30's {@code wait_msec = strtoul(optarg, &endptr, 0)} with {@code !*optarg || *endptr}
   * refused: the value as an unsigned 64-bit number (a minus sign negates it modulo 2^64, a value
   * past ULONG_MAX is ULONG_MAX), or null.
   */
  static Long strtoul(String text) {
    Matcher m = STRTOUL.matcher(text);
    if (!m.matches()) {
      return null;
    }
    String digits = m.group(2);
    BigInteger value =
        digits.startsWith("0x") || digits.startsWith("0X")
            ? new BigInteger(digits.substring(2), 16)
            : digits.startsWith("0") && digits.length() > 1
                ? new BigInteger(digits.substring(1), 8)
                : new BigInteger(digits);
    BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    if (value.compareTo(max) > 0) {
      return -1L; // ERANGE: ULONG_MAX
    }
    return m.group(1).equals("-") ? -value.longValue() : value.longValue();
  }

  /** kmod 30's do_modprobe (2.4: modutils' letters, {@code -k} too). */
  static ModprobeOptions kmod(List<String> args, boolean modutils) {
    String shorts = modutils ? KMOD_SHORT + "k" : KMOD_SHORT;
    List<LongOption> longs = new ArrayList<>(KMOD_LONG);
    if (modutils) {
      longs.add(KmodOptions.noArg("autoclean", 'k'));
    }
    GetoptLong.Result line = GetoptLong.parse("modprobe", shorts, longs, args);
    Set<Flag> flags = EnumSet.noneOf(Flag.class);
    List<String> configs = new ArrayList<>();
    String version = null;
    int verbose = DEFAULT_VERBOSE;
    long waitMsec = 0;
    for (GetoptLong.Option option : line.options()) {
      String refused = null;
      switch (option.val()) {
        case 'a' -> flags.add(Flag.ALL);
        case 'r' -> flags.add(Flag.REMOVE);
        case 'w' -> {
          Long value = strtoul(option.arg());
          if (value == null) {
            return exit(
                ToolExit.failure(
                    1, "modprobe: ERROR: unexpected wait value '" + option.arg() + "'."));
          }
          waitMsec = value;
          refused = modutils ? "--wait" : null;
        }
        case FIRST_TIME -> flags.add(Flag.FIRST_TIME);
        case 'i' -> flags.add(Flag.IGNORE_COMMANDS);
        case 'b' -> flags.add(Flag.USE_BLACKLIST);
        case 'f' -> flags.addAll(List.of(Flag.FORCE, Flag.FORCE_MODVERSION, Flag.FORCE_VERMAGIC));
        case FORCE_MODVERSION -> flags.add(Flag.FORCE_MODVERSION);
        case FORCE_VERMAGIC -> flags.add(Flag.FORCE_VERMAGIC);
        case 'D' -> flags.add(Flag.SHOW_DEPENDS);
        case 'R' -> flags.add(Flag.RESOLVE_ALIAS);
        case 'c' -> flags.add(Flag.SHOW_CONFIG);
        case 'n' -> flags.add(Flag.DRY_RUN);
        case 'C' -> configs.add(option.arg());
        case 'S' -> version = option.arg();
        case 's' -> flags.add(Flag.SYSLOG);
        case 'q' -> verbose = 0;
        case 'v' -> verbose++;
        case 'k' -> flags.add(Flag.AUTOCLEAN);
        case 'V' -> {
          return exit(ToolExit.printed(KmodOptions.VERSION));
        }
        case 'h' -> {
          return exit(ToolExit.printed(HELP));
        }
        case '?' -> {
          return exit(ToolExit.failure(1, line.error()));
        }
        case REMOVE_HOLDERS -> {
          flags.add(Flag.REMOVE_HOLDERS);
          refused = modutils ? "--remove-holders" : null;
        }
        case SHOW_MODVERSIONS -> refused = "--show-modversions";
        case SHOW_EXPORTS -> refused = "--show-exports";
        default -> refused = "--dirname"; // 'd'
      }
      if (refused != null) {
        return exit(ToolExit.failure(2, "modprobe: " + refused + " is not modelled"));
      }
    }
    if (line.failed()) {
      return exit(ToolExit.failure(1, line.error()));
    }
    List<String> rest = line.operands();
    if (rest.isEmpty() && !flags.contains(Flag.SHOW_CONFIG)) {
      // after log_open: with -s the message goes to syslog
      String missing = "modprobe: ERROR: missing parameters. See -h.";
      return exit(flags.contains(Flag.SYSLOG) ? new ToolExit("", "", 1) : failure(missing));
    }
    return of(rest, flags, configs, version, verbose, waitMsec);
  }

  private static ModprobeOptions of(
      List<String> rest,
      Set<Flag> flags,
      List<String> configs,
      String version,
      int verbose,
      long waitMsec) {
    boolean many = flags.contains(Flag.ALL) || flags.contains(Flag.REMOVE);
    List<String> names = many || rest.isEmpty() ? rest : rest.subList(0, 1);
    List<String> params = many || rest.isEmpty() ? List.of() : rest.subList(1, rest.size());
    return new ModprobeOptions(names, params, flags, configs, version, verbose, waitMsec, null);
  }

  private static ToolExit failure(String message) {
    return ToolExit.failure(1, message);
  }

  private static ModprobeOptions exit(ToolExit exit) {
    return new ModprobeOptions(
        List.of(), List.of(), Set.of(), List.of(), null, DEFAULT_VERBOSE, 0, exit);
  }

  /** module-init-tools 3.9 modprobe.c options[], in its order. */
  private static final List<LongOption> MIT_LONG =
      List.of(
          KmodOptions.noArg("verbose", 'v'),
          KmodOptions.noArg("version", 'V'),
          new LongOption("config", HasArg.REQUIRED, 'C'),
          new LongOption("name", HasArg.REQUIRED, 'o'),
          KmodOptions.noArg("remove", 'r'),
          KmodOptions.noArg("wait", 'w'),
          KmodOptions.noArg("showconfig", 'c'),
          KmodOptions.noArg("quiet", 'q'),
          KmodOptions.noArg("show", 'n'),
          KmodOptions.noArg("dry-run", 'n'),
          KmodOptions.noArg("syslog", 's'),
          new LongOption("type", HasArg.REQUIRED, 't'),
          KmodOptions.noArg("list", 'l'),
          KmodOptions.noArg("all", 'a'),
          KmodOptions.noArg("ignore-install", 'i'),
          KmodOptions.noArg("ignore-remove", 'i'),
          KmodOptions.noArg("force", 'f'),
          new LongOption("force-vermagic", HasArg.NO, FORCE_VERMAGIC),
          new LongOption("force-modversion", HasArg.NO, FORCE_MODVERSION),
          new LongOption("set-version", HasArg.REQUIRED, 'S'),
          KmodOptions.noArg("show-depends", 'D'),
          new LongOption("dirname", HasArg.REQUIRED, 'd'),
          new LongOption("first-time", HasArg.NO, FIRST_TIME),
          new LongOption("dump-modversions", HasArg.NO, SHOW_MODVERSIONS),
          KmodOptions.noArg("use-blacklist", 'b'));

  /** print_usage(argv[0]): on stderr, exit 1. */
  static final String MIT_USAGE =
      "Usage: modprobe [-v] [-V] [-C config-file] [-n] [-i] [-q] [-b] [-o <modname>] <modname>"
          + " [parameters...]\n"
          + "modprobe -r [-n] [-i] [-v] <modulename> ...\n"
          + "modprobe -l -t <dirname> [ -a <modulename> ...]\n";

  /**
   * module-init-tools 3.9 main: {@code -V} prints at once; any answer without a case (a bad option,
   * {@code -Q}) prints the usage and exits 1; without a module (and without {@code -r}, {@code -c},
   * {@code -l}) the usage too. {@code -v} is its verbose (info() lines), {@code -q} its quiet.
   */
  static ModprobeOptions moduleInitTools(List<String> args) {
    GetoptLong.Result line = GetoptLong.parse("modprobe", "vVC:o:rnqQsclt:aifbwd:", MIT_LONG, args);
    Set<Flag> flags = EnumSet.noneOf(Flag.class);
    List<String> configs = new ArrayList<>();
    String version = null;
    int verbose = DEFAULT_VERBOSE;
    boolean quiet = false;
    for (GetoptLong.Option option : line.options()) {
      String refused = null;
      switch (option.val()) {
        case 'v' -> verbose = DEFAULT_VERBOSE + 1;
        case 'V' -> {
          return exit(ToolExit.printed(ModuleInitTools.VERSION));
        }
        case 'S' -> version = option.arg();
        case 'C' -> configs.add(option.arg());
        case 'q' -> quiet = true;
        case 'D' -> {
          flags.add(Flag.SHOW_DEPENDS);
          verbose = DEFAULT_VERBOSE + 1;
        }
        case 'r' -> flags.add(Flag.REMOVE);
        case 'a' -> flags.add(Flag.ALL);
        case 'n' -> flags.add(Flag.DRY_RUN);
        case 's' -> flags.add(Flag.SYSLOG);
        case 'i' -> flags.add(Flag.IGNORE_COMMANDS);
        case 'f' -> flags.addAll(List.of(Flag.FORCE, Flag.FORCE_MODVERSION, Flag.FORCE_VERMAGIC));
        case 'b' -> flags.add(Flag.USE_BLACKLIST);
        case 'w' -> flags.add(Flag.WAIT);
        case FORCE_VERMAGIC -> flags.add(Flag.FORCE_VERMAGIC);
        case FORCE_MODVERSION -> flags.add(Flag.FORCE_MODVERSION);
        case FIRST_TIME -> flags.add(Flag.FIRST_TIME);
        case 'o' -> refused = "-o (--name)";
        case 'c' -> refused = "-c (--showconfig)";
        case 't', 'l' -> refused = "-l (--list) and -t (--type)";
        case 'd' -> refused = "-d (--dirname)";
        case SHOW_MODVERSIONS -> refused = "--dump-modversions";
        default -> {
          // '?', -Q: print_usage
          String error = option.val() == '?' ? line.error() + "\n" : "";
          return exit(new ToolExit("", error + MIT_USAGE, 1));
        }
      }
      if (refused != null) {
        return exit(ToolExit.failure(2, "modprobe: " + refused + " is not modelled"));
      }
    }
    if (line.failed()) {
      return exit(new ToolExit("", line.error() + "\n" + MIT_USAGE, 1));
    } else if (line.operands().isEmpty() && !flags.contains(Flag.REMOVE)) {
      return exit(new ToolExit("", MIT_USAGE, 1));
    }
    return of(line.operands(), flags, configs, version, quiet ? 0 : verbose, 0);
  }

  /** The module's name as modprobe looks it up. */
  static String modname(String given) {
    return ModuleArgs.moduleName(given);
  }

  /** kmod 30 modprobe.c help(), program_invocation_short_name "modprobe". */
  static final String HELP =
      "Usage:\n"
          + "\tmodprobe [options] [-i] [-b] modulename\n"
          + "\tmodprobe [options] -a [-i] [-b] modulename [modulename...]\n"
          + "\tmodprobe [options] -r [-i] modulename\n"
          + "\tmodprobe [options] -r -a [-i] modulename [modulename...]\n"
          + "\tmodprobe [options] -c\n"
          + "\tmodprobe [options] --dump-modversions filename\n"
          + "Management Options:\n"
          + "\t-a, --all                   Consider every non-argument to\n"
          + "\t                            be a module name to be inserted\n"
          + "\t                            or removed (-r)\n"
          + "\t-r, --remove                Remove modules instead of inserting\n"
          + "\t    --remove-dependencies   Deprecated: use --remove-holders\n"
          + "\t    --remove-holders        Also remove module holders (use together with -r)\n"
          + "\t-w, --wait <MSEC>           When removing a module, wait up to MSEC for\n"
          + "\t                            module's refcount to become 0 so it can be\n"
          + "\t                            removed (use together with -r)\n"
          + "\t    --first-time            Fail if module already inserted or removed\n"
          + "\t-i, --ignore-install        Ignore install commands\n"
          + "\t-i, --ignore-remove         Ignore remove commands\n"
          + "\t-b, --use-blacklist         Apply blacklist to resolved alias.\n"
          + "\t-f, --force                 Force module insertion or removal.\n"
          + "\t                            implies --force-modversions and\n"
          + "\t                            --force-vermagic\n"
          + "\t    --force-modversion      Ignore module's version\n"
          + "\t    --force-vermagic        Ignore module's version magic\n"
          + "\n"
          + "Query Options:\n"
          + "\t-R, --resolve-alias         Only lookup and print alias and exit\n"
          + "\t-D, --show-depends          Only print module dependencies and exit\n"
          + "\t-c, --showconfig            Print out known configuration and exit\n"
          + "\t-c, --show-config           Same as --showconfig\n"
          + "\t    --show-modversions      Dump module symbol version and exit\n"
          + "\t    --dump-modversions      Same as --show-modversions\n"
          + "\t    --show-exports          Only print module exported symbol versions and exit\n"
          + "\n"
          + "General Options:\n"
          + "\t-n, --dry-run               Do not execute operations, just print out\n"
          + "\t-n, --show                  Same as --dry-run\n"
          + "\t-C, --config=FILE           Use FILE instead of default search paths\n"
          + "\t-d, --dirname=DIR           Use DIR as filesystem root for /lib/modules\n"
          + "\t-S, --set-version=VERSION   Use VERSION instead of `uname -r`\n"
          + "\t-s, --syslog                print to syslog, not stderr\n"
          + "\t-q, --quiet                 disable messages\n"
          + "\t-v, --verbose               enables more messages\n"
          + "\t-V, --version               show version\n"
          + "\t-h, --help                  show this help\n";
}
