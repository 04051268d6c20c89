package org.kmodsim.userspace.kmod;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.userspace.ModuleArgs;

/**
 * What a kmod insmod command line asks (tools/insmod.c: {@code -f}, {@code --force-vermagic},
 * {@code --force-modversion}, then the file and its parameters) and kmod's messages. Pure; {@link
 * Insmod} makes the call.
 *
 * @param file the module file, null when none was given
 */
record InsmodCommand(String file, List<String> params, boolean vermagic, boolean modversions) {

  static InsmodCommand parse(List<String> args) {
    boolean vermagic = false;
    boolean modversions = false;
    List<String> rest = new ArrayList<>();
    for (String arg : args) {
      boolean option = rest.isEmpty() && arg.startsWith("-");
      boolean force = option && (arg.equals("-f") || arg.equals("--force"));
      vermagic |= force || option && arg.equals("--force-vermagic");
      modversions |= force || option && arg.equals("--force-modversion");
      if (!option) {
        rest.add(arg);
      }
    }
    String file = rest.isEmpty() ? null : rest.get(0);
    List<String> params = rest.isEmpty() ? List.of() : List.copyOf(rest.subList(1, rest.size()));
    return new InsmodCommand(file, params, vermagic, modversions);
  }

  /** kmod insmod's mod_strerror. */
  static String error(Errno errno) {
    return switch (errno) {
      case ENOEXEC -> "Invalid module format";
      case ENOENT -> "Unknown symbol in module";
      case EINVAL -> "Invalid parameters";
      default -> errno.message();
    };
  }

  /** finit_module(fd, params, flags): the file's image, the joined arguments, the --force bits. */
  LoadInfo info(ModuleDefinition def, String inode) {
    String options = ModuleArgs.join(params);
    return new LoadInfo(def, options, "finit_module", modversions, vermagic, false, null, inode);
  }

  String couldNotInsert(String why) {
    return "insmod: ERROR: could not insert module " + file + ": " + why + "\n";
  }
}
