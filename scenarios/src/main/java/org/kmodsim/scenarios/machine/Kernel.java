package org.kmodsim.scenarios.machine;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Subsystem;

/**
 * The kernel subsystems a machine boots, in boot order. The VFS and the CPUs are the machine's own;
 * everything else plugs in here.
 */
public final class Kernel {
  private Kernel() {}

  /**
   * Reads every setting the run and the kernel subsystems will read, so that a bad value stops the
   * command (exit 2, file, line and key) before any actor starts.
   */
  public static void check(Config config, Era era, int cpus) {
    UtsnameFiles.cmdline(config, era);
    for (Subsystem subsystem : subsystems(config, era)) {
      subsystem.check(config, era, cpus);
    }
  }

  public static List<Subsystem> subsystems(Config config, Era era) {
    return subsystems(config, era, null);
  }

  /**
   * With every console's output sent to {@code console} as each write completes (the interactive
   * shell's terminal), whatever kmodsim.serial.live says.
   */
  public static List<Subsystem> withConsole(
      Config config, Era era, org.kmodsim.drivers.tty.ConsoleSink console) {
    List<Subsystem> subsystems = subsystems(config, era, null);
    subsystems.set(
        0,
        new org.kmodsim.drivers.PrintkSubsystem(
            org.kmodsim.kernel.printk.PrintkCall.Observer.NONE, console));
    return subsystems;
  }

  /**
   * With the live serial lines of a concurrent run ({@code live}, or null): the command line knows
   * the mode, the kernel does not.
   */
  public static List<Subsystem> subsystems(
      Config config, Era era, org.kmodsim.drivers.tty.serial.SerialSink live) {
    List<Subsystem> subsystems = new ArrayList<>();
    // Boot order: printk and its consoles (and the log's user space: syslog, dmesg, klogd),
    // kallsyms, the module loader, kprobes.
    subsystems.add(new org.kmodsim.drivers.PrintkSubsystem(live));
    subsystems.add(new org.kmodsim.userspace.rootfs.LogTools());
    // Module functions run through the probe check, so probes on module text fire.
    subsystems.add(
        new org.kmodsim.kernel.module.ModuleSubsystem()
            .withCodeCall(org.kmodsim.kernel.kprobes.ProbedModuleCall::new));
    subsystems.add(new org.kmodsim.kernel.kprobes.KprobesSubsystem());
    return subsystems;
  }
}
