package org.kmodsim.userspace.kmod;

import java.util.List;
import org.kmodsim.cpu.Step;
import org.kmodsim.kernel.Era;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.Program;

/**
 * depmod (kmod tools/depmod.c do_depmod): the command line is {@link DepmodCommand}'s, the run
 * {@link DepmodRun}'s, which reads and writes the tree on the host and makes no system call of the
 * model; the program prints what the run gave when it runs (the tree may change between runs).
 */
final class DepmodTool {
  private DepmodTool() {}

  static Step step(List<String> args, ModuleRepository repository, Era era) {
    DepmodCommand command = DepmodCommand.parse(args, repository.release());
    return new Program("depmod", cpu -> DepmodRun.run(command, repository, era).print(cpu));
  }
}
