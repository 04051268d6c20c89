package org.kmodsim.userspace.kmod;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.userspace.ModuleArgs;

/**
 * What an rmmod command line asks (kmod tools/rmmod.c: {@code -f}, {@code -w}; 2.4 modutils' {@code
 * -a}) and kmod's in-use check on /proc/modules. Pure; {@link Rmmod} makes the calls.
 *
 * @param blocking {@code -w}: delete_module without O_NONBLOCK
 * @param autoclean 2.4 {@code rmmod -a}: the autoclean call, no names
 */
record RmmodCommand(List<String> names, boolean force, boolean blocking, boolean autoclean) {

  static RmmodCommand parse(List<String> args, Era era) {
    boolean force = false;
    boolean wait = false;
    List<String> names = new ArrayList<>();
    for (String arg : args) {
      if (era == Era.V2_4 && arg.equals("-a")) {
        return new RmmodCommand(List.of(), false, false, true);
      } else if (arg.equals("-f") || arg.equals("--force")) {
        force = true;
      } else if (arg.equals("-w") || arg.equals("--wait")) {
        wait = true;
      } else if (arg.startsWith("-")) {
        throw new IllegalArgumentException("unknown option " + arg);
      } else {
        names.add(ModuleArgs.moduleName(arg));
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("missing module name");
    }
    return new RmmodCommand(List.copyOf(names), force, wait, false);
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
