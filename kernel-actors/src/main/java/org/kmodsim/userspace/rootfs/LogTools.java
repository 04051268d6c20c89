package org.kmodsim.userspace.rootfs;

import org.kmodsim.cpu.Services;
import org.kmodsim.kernel.BootContext;
import org.kmodsim.kernel.Subsystem;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.kernel.printk.Printk;
import org.kmodsim.sim.config.ConfigValues;
import org.kmodsim.userspace.libc.Klogctl;
import org.kmodsim.userspace.sysklogd.Klogd;
import org.kmodsim.userspace.utillinux.Dmesg;

/**
 * The user space of the kernel log, booted right after printk: the {@code syslog} (klogctl(3)) and
 * {@code dmesg} (util-linux) commands, and sysklogd's klogd when kmodsim.klogd.enabled is set,
 * started as its init script would.
 */
public final class LogTools implements Subsystem {
  @Override
  public String name() {
    return "log-tools";
  }

  @Override
  public Services boot(BootContext boot, Services booted) {
    Klogctl.register(boot.commands());
    Dmesg.register(boot.commands(), boot.era());
    if (boot.settings(KlogdEnabled.class, b -> new KlogdEnabled(enabled(b.config()))).on()) {
      boot.sim()
          .spawn(
              boot.ctx(),
              Klogd.create(
                  boot.sim(),
                  booted.get(Printk.KEY),
                  booted.has(Vfs.KEY) ? booted.get(Vfs.KEY) : null,
                  klogdSettings(boot)),
              "klogd");
    }
    return booted;
  }

  @Override
  public void check(com.typesafe.config.Config config, org.kmodsim.kernel.Era era, int cpus) {
    enabled(config);
    klogdSettings(config);
  }

  /** kmodsim.klogd.enabled, read once per configuration (every boot asks). */
  private record KlogdEnabled(boolean on) {}

  private static boolean enabled(com.typesafe.config.Config config) {
    return ConfigValues.of(config, "kmodsim.klogd").bool("enabled");
  }

  private static Klogd.Settings klogdSettings(BootContext boot) {
    return boot.settings(Klogd.Settings.class, b -> klogdSettings(b.config()));
  }

  /** kmodsim.klogd: console-level 0 (none) or 1..8 (klogd -c), the log and an optional file. */
  private static Klogd.Settings klogdSettings(com.typesafe.config.Config config) {
    ConfigValues klogd = ConfigValues.of(config, "kmodsim.klogd");
    String file = klogd.string("file");
    int level = klogd.intIn("console-level", 0, 8);
    String log = klogd.string("log");
    java.nio.file.Path path;
    try {
      path = file.isBlank() ? null : java.nio.file.Path.of(file);
    } catch (java.nio.file.InvalidPathException e) {
      throw klogd.bad("file", "'" + file + "' is not a path");
    }
    return new Klogd.Settings(level, log, path);
  }
}
