package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What `kmodsim sh` shows of 2.6.32's kernel/printk.c and fs/proc/kmsg.c (session 9 audit). */
class ShPrintkAuditTest {
  /**
   * v2.6.32 kernel/printk.c: ignore_loglevel_setup prints KERN_INFO "debug: ignoring loglevel
   * setting.\n", log_buf_len_setup KERN_NOTICE "log_buf_len: %d\n" when the buffer grows; both run
   * while the command line is parsed, before the console registers.
   */
  @Test
  void printkBootParametersSayWhatTheyDid() {
    MainTest.Run run =
        MainTest.kmodsim(
            "sh",
            "--era=2.6",
            "--set",
            "kmodsim.printk.log-buf-len=1M",
            "--set",
            "kmodsim.printk.ignore-loglevel=true",
            "--set",
            "kmodsim.printk.time=false",
            "-c",
            "dmesg -r");
    assertThat(run.out())
        .isEqualTo(
            "<6>debug: ignoring loglevel setting.\n"
                + "<5>log_buf_len: 1048576\n"
                + "<6>console [ttyS0] enabled\n");
    MainTest.Run small =
        MainTest.kmodsim(
            "sh", "--era=2.6", "--set", "kmodsim.printk.log-buf-len=64k", "-c", "dmesg -r");
    assertThat(small.out()).doesNotContain("log_buf_len").doesNotContain("debug:");
  }

  /**
   * A second cat of /proc/kmsg finds nothing unread and sleeps in kmsg_read (fs/proc/kmsg.c,
   * do_syslog action 2's wait_event_interruptible); the batch run then has nothing left to do, and
   * says so in words instead of a missing reason.
   */
  @Test
  void aCatOfProcKmsgWithNothingUnreadSleepsAndTheRunSaysWhy() {
    MainTest.Run run =
        MainTest.kmodsim(
            "sh",
            "--era=2.6",
            "--set",
            "kmodsim.printk.time=false",
            "-c",
            "cat /proc/kmsg; cat /proc/kmsg");
    assertThat(run.out()).isEqualTo("<6>console [ttyS0] enabled\n");
    assertThat(run.err())
        .isEqualTo(
            "kmodsim: sh: the machine halted during 'cat /proc/kmsg': the command sleeps in the"
                + " kernel and nothing is left to wake it\n")
        .doesNotContain("null");
  }
}
