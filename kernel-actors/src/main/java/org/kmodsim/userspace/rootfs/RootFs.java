package org.kmodsim.userspace.rootfs;

import com.typesafe.config.Config;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Services;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.sim.config.ConfigValues;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.coreutils.Coreutils;
import org.kmodsim.userspace.kmod.Kmod;
import org.kmodsim.userspace.libc.Syscalls;
import org.kmodsim.userspace.procps.Sysctl;

/**
 * The programs of the machine's root file system, installed as batch-shell commands once the kernel
 * has booted: coreutils and procps always; the module tools of the era (kmod, or 2.4 modutils) and
 * the module system calls when the kernel has a module loader. The machine calls this, not the
 * kernel: user space depends on the kernel, never the reverse.
 */
public final class RootFs {
  private RootFs() {}

  public static void install(Commands commands, Services kernel, Config config, Era era) {
    Coreutils.register(commands);
    String directory = ConfigValues.of(config, "kmodsim.modules").string("directory");
    org.kmodsim.userspace.coreutils.Uname.register(
        commands,
        org.kmodsim.kernel.Utsname.of(
            era, org.kmodsim.kernel.module.KernelTree.release(directory, era)));
    Sysctl.register(commands);
    if (kernel.has(ModuleLoader.KEY)) {
      ConfigValues modules = ConfigValues.of(config, "kmodsim.modules");
      ModuleRepository repository =
          new ModuleRepository(
              modules.string("directory"), era, modules.duration("real-init-cost"));
      Kmod.register(commands, repository, era);
      Syscalls.register(commands, repository, era);
    }
  }
}
