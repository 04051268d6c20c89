package org.kmodsim.userspace.modutils;

import org.kmodsim.cpu.Step;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.module.ModuleSyscalls;
import org.kmodsim.userspace.Program;

/**
 * modutils' {@code rmmod -a} (rmmod/rmmod.c): delete_module(NULL), the 2.4 autoclean call; its
 * error through perror("rmmod").
 */
public final class RmmodAutoclean {
  private RmmodAutoclean() {}

  public static Step step() {
    return new Program(
        "rmmod",
        cpu ->
            ModuleSyscalls.deleteModule(
                cpu,
                null,
                true,
                false,
                (c, reply) -> {
                  if (reply instanceof ModuleLoader.DeleteFailed failed) {
                    c.setResult(failed.errno().negative());
                    return c.fail(1, "rmmod: " + failed.errno().message() + "\n");
                  }
                  return c.returning(0);
                }));
  }
}
