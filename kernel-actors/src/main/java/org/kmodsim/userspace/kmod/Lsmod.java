package org.kmodsim.userspace.kmod;

import java.util.List;
import org.kmodsim.cpu.Step;
import org.kmodsim.kernel.Era;
import org.kmodsim.userspace.FileCalls;
import org.kmodsim.userspace.Program;
import org.kmodsim.userspace.ToolExit;

/**
 * lsmod: kmod 30's (tools/lsmod.c do_lsmod) from 3.13, module-init-tools 3.9's (lsmod.c main) in
 * 2.6, modutils 2.4.27's (insmod/lsmod.c main, {@link Lsmod24}) in 2.4: the files of the era read
 * in turn, then the lines; what to read and print is {@link LsmodCommand}'s.
 */
final class Lsmod {
  private Lsmod() {}

  static Step step(Era era, List<String> args) {
    ToolExit exit = LsmodCommand.exit(era, args);
    if (exit != null) {
      return exit.step("lsmod");
    }
    List<String> files = LsmodCommand.files(era);
    return new Program(
        "lsmod",
        cpu ->
            FileCalls.readAll(
                cpu,
                files,
                (c, contents) ->
                    c.printing(LsmodCommand.render(era, contents, c.cred().isRoot()))));
  }
}
