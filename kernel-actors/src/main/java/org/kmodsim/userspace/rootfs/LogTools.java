package org.kmodsim.userspace.rootfs;

import org.kmodsim.cpu.Services;
import org.kmodsim.kernel.BootContext;
import org.kmodsim.kernel.Subsystem;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.kernel.printk.Printk;
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
    boot.commands().register("syslog", "syslog ACTION(0-10) [LEN]", Klogctl::parse);
    boot.commands()
        .register(
            "dmesg",
            "dmesg [-c|-C|-D|-E|-n LEVEL] [-r] [-T] [-x] [-S] [-l LIST]",
            args -> Dmesg.parse(args, boot.era()));
    if (boot.config().getBoolean("kmodsim.klogd.enabled")) {
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

  private static Klogd.Settings klogdSettings(BootContext boot) {
    String file = boot.config().getString("kmodsim.klogd.file");
    int level = boot.config().getInt("kmodsim.klogd.console-level");
    if (level < 0 || level > 8) {
      throw new IllegalArgumentException("kmodsim.klogd.console-level must be 0 (none) or 1..8");
    }
    return new Klogd.Settings(
        level,
        boot.config().getString("kmodsim.klogd.log"),
        file.isBlank() ? null : java.nio.file.Path.of(file));
  }
}
