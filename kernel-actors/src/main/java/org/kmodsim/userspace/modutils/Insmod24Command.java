package org.kmodsim.userspace.modutils;

import java.util.List;
import java.util.Map;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.License;
import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ParamValue;
import org.kmodsim.kernel.module.Taint;
import org.kmodsim.userspace.GetoptLong;
import org.kmodsim.userspace.ModuleArgs;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.ToolExit;

/**
 * What a 2.4 insmod command line asks (modutils insmod/insmod.c main: getopt_long over {@code
 * "fhkLmnpqrsSvVxXyYe:o:O:P:R:"} and its long options, with glibc 2.3's messages), and insmod's
 * decisions that need no system call: the image it passes, the taint bits it sets, its error
 * messages. Pure; {@link Insmod24} makes the calls. {@code -f -k -q} are modelled, {@code -L} is
 * the default, {@code -r -X -y -Y} change nothing in the model (its files are root's, it adds no
 * ksymoops symbols); {@code -V} prints the version on stderr and goes on; {@code -h}, a bad option
 * (after glibc's message) and {@code -R} (in the option string, not in the switch) print the usage,
 * exit 1; the other options answer that they are not modelled, exit 2.
 *
 * @param file the file as given (a path, or a module name searched in the module directory)
 * @param version what {@code -V} printed on stderr before anything else
 * @param exit how the run ends before loading anything (usage, a bad option), or null
 */
record Insmod24Command(
    boolean force,
    boolean autoclean,
    boolean quiet,
    String file,
    List<String> params,
    String version,
    ToolExit exit) {

  private static final List<GetoptLong.LongOption> LONG_OPTIONS =
      List.of(
          noArg("force", 'f'),
          noArg("help", 'h'),
          noArg("autoclean", 'k'),
          noArg("lock", 'L'),
          noArg("map", 'm'),
          noArg("noload", 'n'),
          noArg("probe", 'p'),
          noArg("poll", 'p'),
          noArg("quiet", 'q'),
          noArg("root", 'r'),
          noArg("syslog", 's'),
          noArg("kallsyms", 'S'),
          noArg("verbose", 'v'),
          noArg("version", 'V'),
          noArg("noexport", 'x'),
          noArg("export", 'X'),
          noArg("noksymoops", 'y'),
          noArg("ksymoops", 'Y'),
          withArg("persist", 'e'),
          withArg("name", 'o'),
          withArg("blob", 'O'),
          withArg("prefix", 'P'));

  private static GetoptLong.LongOption noArg(String name, char val) {
    return new GetoptLong.LongOption(name, GetoptLong.HasArg.NO, val);
  }

  private static GetoptLong.LongOption withArg(String name, char val) {
    return new GetoptLong.LongOption(name, GetoptLong.HasArg.REQUIRED, val);
  }

  static Insmod24Command parse(List<String> args) {
    GetoptLong.Result line =
        GetoptLong.parse("insmod", "fhkLmnpqrsSvVxXyYe:o:O:P:R:", LONG_OPTIONS, args, false);
    boolean force = false;
    boolean autoclean = false;
    boolean quiet = false;
    StringBuilder version = new StringBuilder();
    for (GetoptLong.Option option : line.options()) {
      switch (option.val()) {
        case 'f' -> force = true;
        case 'k' -> autoclean = true;
        case 'q' -> quiet = true;
        case 'V' -> version.append("insmod version 2.4.27\n");
        case 'L', 'r', 'X', 'y', 'Y' -> {}
        case 'h', 'R' -> {
          return exit(version, new ToolExit("", Modutils24.insmodUsage(), 1));
        }
        default -> {
          String shown =
              option.longName() == null ? "-" + (char) option.val() : "--" + option.longName();
          return exit(version, ToolExit.failure(2, "insmod: " + shown + " is not modelled"));
        }
      }
    }
    if (line.failed()) {
      return exit(version, new ToolExit("", line.error() + "\n" + Modutils24.insmodUsage(), 1));
    } else if (line.operands().isEmpty()) {
      return exit(version, new ToolExit("", Modutils24.insmodUsage(), 1));
    }
    List<String> operands = line.operands();
    return new Insmod24Command(
        force,
        autoclean,
        quiet,
        operands.get(0),
        List.copyOf(operands.subList(1, operands.size())),
        version.toString(),
        null);
  }

  private static Insmod24Command exit(CharSequence version, ToolExit exit) {
    return new Insmod24Command(false, false, false, null, List.of(), version.toString(), exit);
  }

  /** A path ("Using PATH" is not printed), not a module name. */
  boolean isPath() {
    return file.contains("/") || file.contains(".");
  }

  /** The module file: a path, or a bare name searched in the module directory; null if none. */
  ModuleRepository.Found locate(ModuleRepository repository) {
    return isPath() ? repository.file(file) : repository.byName(file);
  }

  /** modutils' error when {@link #locate} found nothing. */
  String notFound() {
    return "insmod: "
        + file
        + ": "
        + (isPath() ? Errno.ENOENT.message() : "no module by that name found")
        + "\n";
  }

  /** The bits set_tainted adds to /proc/sys/kernel/tainted (P, F) before the load. */
  long taints(ModuleDefinition def) {
    return (License.gplCompatible(def.license()) ? 0 : Taint.PROPRIETARY_MODULE.mask())
        | (force ? Taint.FORCED_MODULE.mask() : 0);
  }

  /**
   * The image init_module gets: the linked module, autoclean under {@code -k}, with the parameter
   * values process_module_arguments wrote.
   */
  LoadInfo image(ModuleDefinition def, List<String> owners, Map<String, List<ParamValue>> values) {
    ModuleDefinition image = autoclean ? def.withAutoclean() : def;
    return LoadInfo.initModule24(image, ModuleArgs.join(params), force, owners, values);
  }

  /** modutils' message for a failed create_module ({@code shown}: the file as messages name it). */
  static String createFailed(String shown, Errno errno, long size) {
    String why =
        errno == Errno.ENOMEM
            ? "can't allocate kernel memory for module; needed " + size + " bytes"
            : "create_module: " + errno.message();
    return shown + ": " + why + "\n";
  }
}
