package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `kmodsim sh` shows of 2.6.32's kernel/printk.c, fs/proc/kmsg.c and kernel/module.c (session
 * 9 audit, read in the 2.6.32.2 and 2.6.32.69 trees).
 */
class ShAudit2632Test {
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

  /**
   * v2.6.32 kernel/module.c load_module: a module whose .modinfo has "staging" taints C
   * (add_taint_module(mod, TAINT_CRAP)) and logs KERN_WARNING "%s: module is from the staging
   * directory, the quality is unknown, you have been warned."; /proc/modules' module_flags shows
   * (C). The out-of-tree taint (O) is 3.2's and does not appear.
   */
  @Test
  void aStagingModuleTaintsCIn2632(@TempDir Path dir) throws Exception {
    Path module = dir.resolve("crap.conf");
    Files.writeString(
        module,
        String.join(
            "\n",
            "module {",
            "  name = crap",
            "  license = \"GPL\"",
            "  staging = true",
            "  imports = [ printk ]",
            "  init = [ \"return 0\" ]",
            "}"));
    MainTest.Run run =
        MainTest.kmodsim(
            "sh",
            "--era=2.6",
            "--set",
            "kmodsim.printk.time=false",
            "-c",
            "insmod " + module + "; dmesg; cat /proc/modules; cat /proc/sys/kernel/tainted");
    assertThat(run.out())
        .contains(
            "crap: module is from the staging directory, the quality is unknown, you have been"
                + " warned.\n")
        .doesNotContain("Disabling lock debugging")
        // print_unload_info: an init without an exit is "[permanent],"
        .contains("crap 16384 0 [permanent], Live 0xffffffffa0000000 (C)\n")
        .endsWith("1024\n");
  }
}
