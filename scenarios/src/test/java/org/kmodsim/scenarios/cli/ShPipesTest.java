package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kmodsim.scenarios.cli.MainTest.kmodsim;

import org.junit.jupiter.api.Test;

/** sh -c: $?, pipes into the built-in filters, exit, uname and /proc/version per era. */
class ShPipesTest {

  @Test
  void lastStatusAfterAFailingRmmodIsOne() {
    MainTest.Run run = kmodsim("sh", "-c", "rmmod nosuch; echo $?");
    assertThat(run.out()).isEqualTo("1\n");
    assertThat(run.err()).isEqualTo("rmmod: ERROR: Module nosuch is not currently loaded\n");
    assertThat(run.status()).isZero();
  }

  @Test
  void pipesFeedGrepTailAndWc() {
    MainTest.Run run =
        kmodsim(
            "sh",
            "-c",
            "insmod hello.conf; lsmod | grep hello; dmesg | tail -1; lsmod | wc -l;"
                + " lsmod | grep nosuch; echo $?");
    // hello.conf is the lecture's printk("<1>Hello, world\n"): since 3.6 the level is KERN_SOH "1"
    // (include/linux/kern_levels.h) and printk_get_level() takes no "<1>", so it is text.
    assertThat(run.out())
        .isEqualTo("hello                  16384  0\n[    0.000000] <1>Hello, world\n2\n1\n");
  }

  @Test
  void aPipeIntoAToolThatReadsNoInputIsRefused() {
    MainTest.Run run = kmodsim("sh", "-c", "lsmod | lsmod; lsmod | sort");
    assertThat(run.err())
        .contains("sh: 1: lsmod: reads no standard input in the model's pipes")
        .contains("sh: 2: sort: not found");
    assertThat(run.status()).isEqualTo(127);
  }

  @Test
  void exitEndsTheScriptWithItsStatus() {
    MainTest.Run run = kmodsim("sh", "-c", "exit 3; echo not reached");
    assertThat(run.out()).isEmpty();
    assertThat(run.status()).isEqualTo(3);
  }

  @Test
  void unameAndProcVersionFollowTheEra() {
    assertThat(kmodsim("sh", "-c", "uname -r").out()).isEqualTo("6.12.0\n");
    assertThat(kmodsim("sh", "--era", "2.6", "-c", "uname -a").out())
        .isEqualTo("Linux kmodsim 2.6.32 #1 SMP Thu Dec 3 12:00:00 UTC 2009 x86_64 GNU/Linux\n");
    assertThat(kmodsim("sh", "--era", "2.4", "-c", "cat /proc/version").out())
        .isEqualTo(
            "Linux version 2.4.37 (root@kmodsim) (gcc version 4.1.2) #1 SMP Tue Dec 2 12:00:00"
                + " UTC 2008\n");
    // kernel/utsname_sysctl.c (2.4: kernel/sysctl.c KERN_OSRELEASE): the utsname strings, 0444
    for (String era : new String[] {"2.4", "2.6", "4.x", "6.x"}) {
      MainTest.Run sysctl =
          kmodsim(
              "sh",
              "--era",
              era,
              "-c",
              "cat /proc/sys/kernel/osrelease; uname -r; cat /proc/sys/kernel/ostype;"
                  + " echo x > /proc/sys/kernel/osrelease");
      String release = org.kmodsim.kernel.Era.parse(era).release();
      assertThat(sysctl.out()).isEqualTo(release + "\n" + release + "\nLinux\n");
      assertThat(sysctl.err()).contains("Permission denied");
    }
    assertThat(kmodsim("sh", "--era", "2.6", "-c", "cat /proc/sys/kernel/version").out())
        .isEqualTo("#1 SMP Thu Dec 3 12:00:00 UTC 2009\n");
    MainTest.Run bad = kmodsim("sh", "-c", "uname -Q");
    assertThat(bad.err())
        .isEqualTo("uname: invalid option -- 'Q'\nTry 'uname --help' for more information.\n");
    assertThat(bad.status()).isEqualTo(1);
  }
}
