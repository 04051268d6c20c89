package org.kmodsim.userspace.modutils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.License;
import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ParamValue;
import org.kmodsim.kernel.module.Taint;
import org.kmodsim.userspace.ModuleArgs;
import org.kmodsim.userspace.ModuleRepository;

/**
 * What a 2.4 insmod command line asks (modutils insmod/insmod.c's getopt loop: {@code -f}, {@code
 * -k}, {@code -q}, {@code -L}), and insmod's decisions that need no system call: the image it
 * passes, the taint bits it sets, its error messages. Pure; {@link Insmod24} makes the calls.
 *
 * @param file the file as given (a path, or a module name searched in the module directory)
 * @param bad an unknown option was given (insmod prints its usage)
 */
record Insmod24Command(
    boolean force,
    boolean autoclean,
    boolean quiet,
    String file,
    List<String> params,
    boolean bad) {

  static Insmod24Command parse(List<String> args) {
    boolean force = false;
    boolean autoclean = false;
    boolean quiet = false;
    boolean bad = false;
    String file = null;
    List<String> params = new ArrayList<>();
    for (String arg : args) {
      if (file != null && !arg.startsWith("-")) {
        params.add(arg);
        continue;
      }
      switch (arg) {
        case "-f", "--force" -> force = true;
        case "-k", "--autoclean" -> autoclean = true;
        case "-q", "--quiet" -> quiet = true;
        case "-L", "--lock" -> {} // locking is always on in 2.4.27
        default -> {
          bad |= arg.startsWith("-");
          file = arg.startsWith("-") ? file : arg;
        }
      }
    }
    return new Insmod24Command(force, autoclean, quiet, file, List.copyOf(params), bad);
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
    return new LoadInfo(
        image, ModuleArgs.join(params), "init_module", force, force, false, owners, null, values);
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
