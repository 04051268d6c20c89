package org.kmodsim.kernel;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.Services;
import org.kmodsim.cpu.smp.Smp;

/**
 * A part of the kernel that the machine boots: it spawns its actors, registers its commands and
 * files, and adds its services for the parts booted after it. Subsystems boot in a fixed order
 * (vfs, printk and consoles, kallsyms, modules, kprobes), then the CPUs come online.
 */
public interface Subsystem {
  String name();

  /**
   * Reads this subsystem's settings from {@code config} without booting anything, so that a bad
   * value is refused (a {@code ConfigValueException} naming the file, line and key) before any
   * actor starts. The command line calls it for every subsystem when it loads the configuration.
   */
  default void check(com.typesafe.config.Config config, Era era, int cpus) {}

  /** Spawns this subsystem's actors and returns {@code booted} plus their services. */
  Services boot(BootContext boot, Services booted);

  /** smp_init: the CPUs are online; kernel actors that send IPIs learn their addresses here. */
  default void cpusOnline(BootContext boot, Services all, List<ActorRef<Smp.Ipi>> cpus) {}
}
