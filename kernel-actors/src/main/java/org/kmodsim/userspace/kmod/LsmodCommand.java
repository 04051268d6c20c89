package org.kmodsim.userspace.kmod;

import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.userspace.ToolExit;

/**
 * What an lsmod command line asks and what lsmod prints, per era, pure: kmod 30's (tools/lsmod.c
 * do_lsmod) from 3.13 and module-init-tools 3.9's (lsmod.c main) in 2.6 read /proc/modules and say
 * "Usage: lsmod" for any argument; modutils 2.4.27's ({@link Lsmod24}) reads
 * /proc/sys/kernel/tainted first, for its header. {@link Lsmod} reads the files.
 */
final class LsmodCommand {
  private LsmodCommand() {}

  /** How lsmod ends reading its command line, or null when it lists the modules. */
  static ToolExit exit(Era era, List<String> args) {
    if (era == Era.V2_4) {
      return Lsmod24.parse(args);
    }
    return args.isEmpty() ? null : ToolExit.failure(1, "Usage: lsmod");
  }

  /** The files lsmod reads, in order. */
  static List<String> files(Era era) {
    return era == Era.V2_4
        ? List.of("/proc/sys/kernel/tainted", "/proc/modules")
        : List.of("/proc/modules");
  }

  /**
   * What lsmod prints from the contents of {@link #files}; {@code root}: the 2.4 lsmod's query of
   * each module's flags needs it.
   */
  static String render(Era era, List<String> contents, boolean root) {
    if (era != Era.V2_4) {
      return ProcModules.lsmod(contents.get(0), era, "");
    }
    String taintMask = contents.get(0).trim();
    long mask = taintMask.isEmpty() ? 0 : Long.parseLong(taintMask);
    return Lsmod24.render(contents.get(1), mask, root);
  }
}
