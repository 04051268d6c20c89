package org.kmodsim.userspace.kmod;

import java.util.List;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Step;
import org.kmodsim.kernel.Era;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.Program;
import org.kmodsim.userspace.modutils.Insmod24;
import org.kmodsim.userspace.modutils.RmmodAutoclean;

/**
 * The module tools of the batch shell, with kmod's messages and exit statuses (tools/insmod.c,
 * rmmod.c, lsmod.c, modinfo.c, modprobe.c, depmod.c): {@link Insmod}, {@link Rmmod}, {@link Lsmod},
 * {@code modinfo}, {@link Modprobe}, {@code depmod}. In 2.4 insmod is modutils' ({@link Insmod24}),
 * modprobe loads through it, and {@code rmmod -a} is the autoclean call ({@link RmmodAutoclean}).
 */
public final class Kmod {
  private Kmod() {}

  public static void register(Commands commands, ModuleRepository repository, Era era) {
    if (era == Era.V2_4) {
      commands.register(
          "insmod [-fkLq] FILE [name=value ...] (2.4 modutils)",
          args -> Insmod24.step(repository, List.copyOf(args)));
    } else {
      commands.register(
          "insmod [-fpsVh] FILE [name=value ...] (kmod 30; 2.4: modutils' insmod [-fkLq])",
          args -> Insmod.step(repository, era, List.copyOf(args)));
    }
    commands.register(
        "rmmod [-fsvVh] MODULE... (kmod 30; 2.6: -w; 2.4: rmmod -a)",
        args -> Rmmod.parse(args, era));
    commands.register("lsmod", args -> Lsmod.step(era, args));
    commands.register(
        "modinfo [-adlpn0] [-F FIELD] FILE|MODULE...", args -> modinfo(args, repository, era));
    commands.register(
        "modprobe [-r] [-f] [--first-time] [--show-depends] MODULE " + "[name=value ...] (2.4: -k)",
        args -> Modprobe.parse(args, repository, era));
    commands.register(
        "depmod [-aAn] [-b ROOT] [VERSION]", args -> DepmodTool.step(args, repository, era));
  }

  /** modinfo: user space only, reads the module files ({@link ModinfoRun}) when it runs. */
  private static Step modinfo(List<String> args, ModuleRepository repository, Era era) {
    ModinfoOptions options = ModinfoOptions.parse(args);
    return new Program("modinfo", cpu -> ModinfoRun.run(options, repository, era).print(cpu));
  }
}
