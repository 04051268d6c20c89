package org.kmodsim.kernel;

/**
 * The machine's {@code struct new_utsname} (include/uapi/linux/utsname.h, set up in init/version.c)
 * and the compiler string of its build: what uname(2) returns and /proc/version shows. The release
 * is the era's representative kernel; the build date is that kernel's release day, the host is
 * {@code kmodsim}.
 */
public record Utsname(
    String sysname,
    String nodename,
    String release,
    String version,
    String machine,
    String compiler) {

  /** The machine booted as {@code release} (a real tree's), the era's build otherwise. */
  public static Utsname of(Era era, String release) {
    Utsname uts = of(era);
    return new Utsname(
        uts.sysname(), uts.nodename(), release, uts.version(), uts.machine(), uts.compiler());
  }

  public static Utsname of(Era era) {
    return switch (era) {
      case V2_4 ->
          new Utsname(
              "Linux",
              "kmodsim",
              era.release(),
              "#1 SMP Tue Dec 2 12:00:00 UTC 2008",
              "i686",
              "gcc version 4.1.2");
      case V2_6 ->
          new Utsname(
              "Linux",
              "kmodsim",
              era.release(),
              "#1 SMP Thu Dec 3 12:00:00 UTC 2009",
              "x86_64",
              "gcc version 4.4.1 (GCC) ");
      case V4_X ->
          new Utsname(
              "Linux",
              "kmodsim",
              era.release(),
              "#1 SMP Mon Oct 22 12:00:00 UTC 2018",
              "x86_64",
              "gcc version 8.2.0 (Debian 8.2.0-8)");
      case V6_X ->
          new Utsname(
              "Linux",
              "kmodsim",
              era.release(),
              "#1 SMP PREEMPT_DYNAMIC Sun Nov 17 12:00:00 UTC 2024",
              "x86_64",
              "gcc (Debian 14.2.0-8) 14.2.0, GNU ld (GNU Binutils for Debian) 2.43.1");
    };
  }

  /**
   * /proc/version: linux_proc_banner (init/version.c) as version_proc_show (fs/proc/version.c)
   * prints it, {@code "%s version %s (" LINUX_COMPILE_BY "@" LINUX_COMPILE_HOST ") ("
   * LINUX_COMPILER ") %s\n"}; 2.4's proc_calc_metrics prints linux_banner, the same text.
   */
  public String procVersion() {
    return sysname
        + " version "
        + release
        + " (root@"
        + nodename
        + ") ("
        + compiler
        + ") "
        + version
        + "\n";
  }

  /**
   * The files of the utsname that no subsystem owns, read-only: /proc/version and the sysctls
   * kernel/utsname_sysctl.c registers with mode 0444 (2.4: kernel/sysctl.c's KERN_OSTYPE,
   * KERN_OSRELEASE, KERN_VERSION, proc_doutsstring), each the string and a newline.
   */
  public java.util.Map<String, String> procFiles() {
    return java.util.Map.of(
        "/proc/version", procVersion(),
        "/proc/sys/kernel/ostype", sysname + "\n",
        "/proc/sys/kernel/osrelease", release + "\n",
        "/proc/sys/kernel/version", version + "\n");
  }
}
