package org.kmodsim.userspace.rootfs;

import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Services;
import org.kmodsim.kernel.BootContext;
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

  /**
   * What user space reads from the configuration, once per configuration object ({@link
   * BootContext#settings}): the module directory, uname's answer and a real module's init cost.
   */
  private record Settings(
      String directory, org.kmodsim.kernel.Utsname utsname, long realInitCost) {}

  public static void install(Commands commands, Services kernel, BootContext boot) {
    Settings settings =
        boot.settings(
            Settings.class,
            b -> {
              ConfigValues modules = ConfigValues.of(b.config(), "kmodsim.modules");
              String directory = modules.string("directory");
              return new Settings(
                  directory,
                  org.kmodsim.kernel.Utsname.of(
                      b.era(), org.kmodsim.kernel.module.KernelTree.release(directory, b.era())),
                  modules.duration("real-init-cost"));
            });
    Era era = boot.era();
    Coreutils.register(commands);
    org.kmodsim.userspace.coreutils.Uname.register(commands, settings.utsname());
    Sysctl.register(commands);
    if (kernel.has(ModuleLoader.KEY)) {
      ModuleRepository repository =
          new ModuleRepository(settings.directory(), era, settings.realInitCost());
      Kmod.register(commands, repository, era);
      Syscalls.register(commands, repository, era);
    }
  }
}
