package org.kmodsim.scenarios.printk;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.Kernel;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.sim.RunSpec;

/**
 * printk's rate limits in module code on a whole machine, per era, against lib/ratelimit.c,
 * include/linux/printk.h (kernel.h in 2.6.32) and kernel/sysctl.c of each era.
 */
@org.junit.jupiter.api.Timeout(120) // a safety net against a model that loops, not a speed goal
class PrintkRatelimitTest {
  @TempDir Path dir;

  /** A module whose init floods through {@code gate} 12 times, sleeps 6 s and calls it again. */
  private String flooder(String step) throws IOException {
    Path file = dir.resolve("flooder.conf");
    Files.writeString(
        file,
        "module {\n"
            + "  name = flooder\n"
            + "  license = \"GPL\"\n"
            + "  imports = [ printk ]\n"
            + "  init = [\n"
            + "    { repeat = 12, steps = [ "
            + step
            + " ] },\n"
            + "    \"sleep 6s\",\n"
            + "    "
            + step
            + ",\n"
            + "    \"call flooder.again\",\n"
            + "    \"return 0\" ]\n"
            + "  functions {\n"
            + "    again = [ "
            + step
            + " ]\n"
            + "  }\n"
            + "}\n");
    return file.toString();
  }

  private static final String RATELIMITED = "\"printk_ratelimited KERN_INFO \\\"flood\\\"\"";
  private static final String RATELIMIT =
      "{ if = \"printk_ratelimit\", then = [ \"printk KERN_INFO \\\"flood\\\"\" ] }";

  static List<MachineReport.ShellResult> sh(Era era, String script, String... overrides) {
    Config config =
        PrintkMachineTest.config(
            concat("kmodsim.console = []", "kmodsim.printk.time = false", overrides));
    MachineSpec spec =
        new MachineSpec(
            config,
            era,
            2,
            Kernel.subsystems(config, era),
            List.of(),
            CommandLine.splitList(script),
            Cred.root(),
            0);
    return MachineRun.run(spec, RunSpec.deterministic(1)).report().shellResults();
  }

  private static String[] concat(String a, String b, String... rest) {
    String[] all = new String[rest.length + 2];
    all[0] = a;
    all[1] = b;
    System.arraycopy(rest, 0, all, 2, rest.length);
    return all;
  }

  /** dmesg's lines without their timestamps (the record keeps one with printk.time off). */
  private static List<String> lines(MachineReport.ShellResult result) {
    return result.output().lines().map(l -> l.replaceFirst("^\\[[ 0-9.]+\\] ", "")).toList();
  }

  /**
   * 6.12 include/linux/printk.h printk_ratelimited: a static DEFINE_RATELIMIT_STATE(_rs,
   * DEFAULT_RATELIMIT_INTERVAL, DEFAULT_RATELIMIT_BURST) per expansion and {@code
   * __ratelimit(&_rs)}, include/linux/ratelimit.h {@code #define __ratelimit(state)
   * ___ratelimit(state, __func__)}; lib/ratelimit.c ___ratelimit prints {@code KERN_WARNING "%s: %d
   * callbacks suppressed\n", func, rs->missed}: the name is the module function's, flooder_init
   * (module_init's function, a loop body inside it included), and again has its own state.
   */
  @Test
  void printkRatelimitedNamesTheModuleFunctionThatCalledIt() throws IOException {
    for (Era era : new Era[] {Era.V6_X, Era.V4_X}) {
      List<MachineReport.ShellResult> r = sh(era, "insmod " + flooder(RATELIMITED) + "; dmesg");
      assertThat(r.get(0).exitStatus()).isZero();
      List<String> dmesg = lines(r.get(1));
      assertThat(dmesg.stream().filter("flood"::equals)).as(era.label()).hasSize(12);
      int report = dmesg.indexOf("flooder_init: 2 callbacks suppressed");
      assertThat(report).as(era.label()).isPositive();
      assertThat(dmesg.subList(report - 1, dmesg.size()))
          .containsExactly("flood", "flooder_init: 2 callbacks suppressed", "flood", "flood");
    }
  }

  /**
   * v2.6.32 include/linux/kernel.h has printk_ratelimit() and printk_once but no printk_ratelimited
   * (2.6.33); 2.4.32 has none of the rate limits: the step is refused when the module is laid out,
   * as a step the era lacks is (the load fails with ENOEXEC).
   */
  @Test
  void printkRatelimitedIsRefusedBefore2633() throws IOException {
    for (Era era : new Era[] {Era.V2_6, Era.V2_4}) {
      List<MachineReport.ShellResult> r =
          sh(era, "insmod " + flooder(RATELIMITED) + "; dmesg; lsmod");
      assertThat(r.get(0).exitStatus()).as(era.label()).isNotZero();
      assertThat(r.get(1).output())
          .as(era.label())
          .contains(era.release() + " has no printk_ratelimited (it came in 2.6.33)")
          .doesNotContain("flood\n");
      assertThat(r.get(2).output()).doesNotContain("flooder");
    }
  }

  /**
   * v2.6.32 kernel/printk.c: {@code DEFINE_RATELIMIT_STATE(printk_ratelimit_state, 5 * HZ, 10); int
   * printk_ratelimit(void) { return __ratelimit(&printk_ratelimit_state); }}, and lib/ratelimit.c
   * __ratelimit prints {@code "%s: %d callbacks suppressed\n", __func__}: its own name. One state
   * for every caller, so the call in again is limited with init's.
   */
  @Test
  void printkRatelimitIn2632IsOneSharedStateReportedAsRatelimit() throws IOException {
    List<MachineReport.ShellResult> r = sh(Era.V2_6, "insmod " + flooder(RATELIMIT) + "; dmesg");
    assertThat(r.get(0).exitStatus()).isZero();
    List<String> dmesg = lines(r.get(1));
    assertThat(dmesg.stream().filter("flood"::equals)).hasSize(12);
    assertThat(dmesg).endsWith("flood", "__ratelimit: 2 callbacks suppressed", "flood", "flood");
  }

  /**
   * From 2.6.33 printk_ratelimit() is {@code __printk_ratelimit(__func__)} (include/linux/printk.h)
   * and ___ratelimit prints that func: the caller's name. The same shared state: again's call
   * counts with init's.
   */
  @Test
  void printkRatelimitFrom2633NamesItsCaller() throws IOException {
    List<MachineReport.ShellResult> r = sh(Era.V6_X, "insmod " + flooder(RATELIMIT) + "; dmesg");
    List<String> dmesg = lines(r.get(1));
    assertThat(dmesg).endsWith("flood", "flooder_init: 2 callbacks suppressed", "flood", "flood");
  }

  /**
   * v2.6.32 kernel/sysctl.c: printk_ratelimit is printk_ratelimit_state.interval through
   * proc_dointvec_jiffies (seconds), printk_ratelimit_burst its burst through proc_dointvec, both
   * 0644; a burst of 1 lets one call in 5 s through. 2.4.32's sysctl.h has neither.
   */
  @Test
  void theSysctlsTuneTheSharedStateFrom26AndAreMissingIn24() throws IOException {
    List<MachineReport.ShellResult> r =
        sh(
            Era.V2_6,
            "cat /proc/sys/kernel/printk_ratelimit; cat /proc/sys/kernel/printk_ratelimit_burst;"
                + " echo 1 > /proc/sys/kernel/printk_ratelimit_burst;"
                + " echo x > /proc/sys/kernel/printk_ratelimit;"
                + " echo 7 > /proc/sys/kernel/printk_ratelimit;"
                + " cat /proc/sys/kernel/printk_ratelimit; cat /proc/sys/kernel/printk_ratelimit_burst;"
                + " insmod "
                + flooder(RATELIMIT)
                + "; dmesg");
    assertThat(r.get(0).output()).isEqualTo("5\n");
    assertThat(r.get(1).output()).isEqualTo("10\n");
    assertThat(r.get(3).errors()).contains("Invalid argument");
    assertThat(r.get(5).output()).isEqualTo("7\n");
    assertThat(r.get(6).output()).isEqualTo("1\n");
    // 7 s from the first call: the call after the 6 s sleep is still inside the interval.
    List<String> dmesg = lines(r.get(8));
    assertThat(dmesg.stream().filter("flood"::equals)).hasSize(1);
    List<MachineReport.ShellResult> old =
        sh(Era.V2_4, "cat /proc/sys/kernel/printk_ratelimit; cat /proc/sys/kernel/printk");
    assertThat(old.get(0).exitStatus()).isNotZero();
    assertThat(old.get(0).errors()).contains("No such file or directory");
    assertThat(old.get(1).exitStatus()).isZero();
  }

  /**
   * The macros by era: 2.4.32's include/linux/kernel.h has none of printk_once, printk_ratelimit or
   * printk_deferred; v2.6.32's has printk_once and printk_ratelimit() but not printk_deferred
   * (3.16, printk_sched 3.5 before it). A step the era lacks is refused with exit status 2.
   */
  @Test
  void theShellRefusesTheMacrosAnEraLacks() {
    List<MachineReport.ShellResult> r =
        sh(Era.V2_4, "printk_once KERN_INFO 'x'; printk_ratelimit; printk_deferred KERN_INFO 'x'");
    assertThat(r.get(0).errors()).contains("2.4.37 has no printk_once (it came in 2.6)");
    assertThat(r.get(0).exitStatus()).isEqualTo(2);
    assertThat(r.get(1).errors()).contains("2.4.37 has no printk_ratelimit (it came in 2.6)");
    assertThat(r.get(2).errors()).contains("2.4.37 has no printk_deferred (it came in 3.16)");
    List<MachineReport.ShellResult> two =
        sh(Era.V2_6, "printk_once KERN_INFO 'x'; printk_ratelimit; printk_deferred KERN_INFO 'x'");
    assertThat(two.get(0).exitStatus()).isZero();
    assertThat(two.get(1).exitStatus()).isZero();
    assertThat(two.get(2).errors()).contains("2.6.32 has no printk_deferred (it came in 3.16)");
  }

  /**
   * The pr_* helpers by era: 2.4.32's include/linux/kernel.h defines pr_debug and pr_info only;
   * v2.6.32's defines pr_emerg, pr_alert, pr_crit, pr_err, pr_warning, pr_notice, pr_info, pr_cont
   * (no pr_warn); 4.19's include/linux/printk.h has {@code #define pr_warn pr_warning}.
   */
  @Test
  void thePrHelpersAreThoseOfTheErasHeaders() {
    List<MachineReport.ShellResult> old =
        sh(Era.V2_4, "pr_info 'fine'; pr_err 'no'; pr_warn 'no'; dmesg");
    assertThat(old.get(0).exitStatus()).isZero();
    assertThat(old.get(1).errors()).contains("2.4.37 has no pr_err (it came in 2.6)");
    assertThat(old.get(2).errors()).contains("2.4.37 has no pr_warn (it came in 2.6.38)");
    List<MachineReport.ShellResult> two =
        sh(Era.V2_6, "pr_warning 'careful'; pr_warn 'no'; dmesg -r");
    assertThat(two.get(0).exitStatus()).isZero();
    assertThat(two.get(1).errors()).contains("2.6.32 has no pr_warn (it came in 2.6.38)");
    assertThat(two.get(2).output()).contains("<4>careful\n"); // KERN_WARNING, printk.time off
    List<MachineReport.ShellResult> four = sh(Era.V4_X, "pr_warning 'a'; pr_warn 'b'");
    assertThat(four.get(0).exitStatus()).isZero();
    assertThat(four.get(1).exitStatus()).isZero();
  }

  /**
   * printk_once's {@code static bool __print_once} (include/linux/printk.h) lives in the module's
   * .data: every load starts with it false, so a reloaded module prints its once-line again; within
   * one load, its second call is silent.
   */
  @Test
  void aReloadedModulePrintsItsOnceLineAgain() throws IOException {
    Path file = dir.resolve("oncer.conf");
    Files.writeString(
        file,
        "module {\n"
            + "  name = oncer\n"
            + "  license = \"GPL\"\n"
            + "  imports = [ printk ]\n"
            + "  init = [ \"printk_once KERN_INFO \\\"first load only?\\\"\", \"return 0\" ]\n"
            + "  exit = [ \"printk_once KERN_INFO \\\"bye\\\"\", \"printk_once KERN_INFO \\\"bye\\\"\" ]\n"
            + "}\n");
    List<MachineReport.ShellResult> r =
        sh(Era.V6_X, "insmod " + file + "; rmmod oncer; insmod " + file + "; rmmod oncer; dmesg");
    List<String> dmesg = lines(r.get(4));
    assertThat(dmesg.stream().filter("first load only?"::equals)).hasSize(2);
    assertThat(dmesg.stream().filter("bye"::equals)).hasSize(2);
  }
}
