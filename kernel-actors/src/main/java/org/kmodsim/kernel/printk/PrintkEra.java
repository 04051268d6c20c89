package org.kmodsim.kernel.printk;

import java.util.List;
import java.util.SplittableRandom;
import org.kmodsim.kernel.Era;

/**
 * What printk looks like in one era (kernel/printk.c of 2.4.37 and 2.6.32, kernel/printk/printk.c
 * and kernel/panic.c of 4.19 and 6.12): the buffer, who continues an open line, the files, and the
 * fixed lines of register_console(), oops_exit() and panic(). The Printk actor asks this policy
 * instead of testing the era.
 */
public record PrintkEra(Era era) {

  public static PrintkEra of(Era era) {
    return new PrintkEra(era);
  }

  /** The log buffer: a character ring up to 3.4, records since. */
  public BufferLayout layout() {
    return BufferLayout.of(era);
  }

  /**
   * Whether a KERN_CONT fragment continues the open line whoever prints it: the character ring of
   * 2.x had one line for everybody; from 3.5 only the cont buffer's owner continues it (cont.owner,
   * the 5.10+ caller_id).
   */
  boolean sharedContLine() {
    return layout() == BufferLayout.CHARS;
  }

  /** /dev/kmsg and dmesg_restrict exist (3.5+ and 2.6.37+; the model's 4.x and 6.x). */
  public boolean devKmsg() {
    return era.atLeast(Era.V4_X);
  }

  /**
   * The files printk mounts: printk_ratelimit and printk_ratelimit_burst from 2.6 (kernel/sysctl.c
   * of v2.6.32 has both; the sysctl.h of 2.4.27 and 2.4.32 has no KERN_PRINTK_RATELIMIT).
   */
  List<String> files() {
    if (devKmsg()) {
      return List.of(
          PrintkFiles.PRINTK,
          PrintkFiles.DMESG_RESTRICT,
          PrintkFiles.PROC_KMSG,
          PrintkFiles.DEV_KMSG,
          PrintkFiles.PRINTK_DEVKMSG,
          PrintkFiles.PRINTK_RATELIMIT,
          PrintkFiles.PRINTK_RATELIMIT_BURST);
    }
    if (printkRatelimit()) {
      return List.of(
          PrintkFiles.PRINTK,
          PrintkFiles.PROC_KMSG,
          PrintkFiles.PRINTK_RATELIMIT,
          PrintkFiles.PRINTK_RATELIMIT_BURST);
    }
    return List.of(PrintkFiles.PRINTK, PrintkFiles.PROC_KMSG);
  }

  /**
   * HZ: 100 on 2.4 i386 (include/asm-i386/param.h), the CONFIG_HZ default of 250 from 2.6
   * (kernel/Kconfig.hz). The rate limits count in its jiffies.
   */
  int hz() {
    return era == Era.V2_4 ? 100 : 250;
  }

  /**
   * printk_ratelimit() and its sysctls: 2.6 and later (v2.6.32 kernel/printk.c; neither 2.4.27 nor
   * 2.4.32 has it, nor a printk_ratelimit_state).
   */
  public boolean printkRatelimit() {
    return era.atLeast(Era.V2_6);
  }

  /**
   * printk_ratelimited(), a ratelimit state per call site: 2.6.33 (v2.6.32's include/linux/kernel.h
   * has printk_ratelimit and printk_once only; the 2.6.32.y stable line gained it later), so the
   * model's 4.x and 6.x.
   */
  public boolean printkRatelimited() {
    return era.atLeast(Era.V4_X);
  }

  /** printk_deferred(): 3.16 (printk_sched before it, 3.5), so the model's 4.x and 6.x. */
  public boolean printkDeferred() {
    return era.atLeast(Era.V4_X);
  }

  /**
   * Why this era lacks {@code macro} ("it came in 2.6.33"), or null when it has it. 2.4.32's
   * include/linux/kernel.h has pr_debug and pr_info only, no printk_once, no rate limit; v2.6.32's
   * has printk_once, printk_ratelimit() and pr_emerg .. pr_info with pr_warning, no pr_warn (an
   * alias from 2.6.38); 4.19's printk.h has both pr_warning and pr_warn; pr_warning went in 5.5.
   */
  String lacks(String macro) {
    boolean old = era == Era.V2_4;
    return switch (macro) {
      case "printk_ratelimit",
          "printk_once",
          "pr_emerg",
          "pr_alert",
          "pr_crit",
          "pr_err",
          "pr_notice" ->
          old ? "it came in 2.6" : null;
      case "pr_warn" -> era.atLeast(Era.V4_X) ? null : "it came in 2.6.38";
      case "pr_warning" -> old ? "it came in 2.6" : era.atLeast(Era.V6_X) ? "it went in 5.5" : null;
      case "printk_ratelimited" -> printkRatelimited() ? null : "it came in 2.6.33";
      case "printk_deferred" -> printkDeferred() ? null : "it came in 3.16";
      default -> null;
    };
  }

  /**
   * panic_on_oops: from 2.6 (oops_end / die); 2.4's i386 die() ends in do_exit(SIGSEGV) and has no
   * such switch (arch/i386/kernel/traps.c of 2.4.27 and 2.4.32, no panic_on_oops in the tree).
   */
  public boolean panicOnOops(boolean setting) {
    return setting && era.atLeast(Era.V2_6);
  }

  /**
   * The rate limit's reset: v2.6.32 lib/ratelimit.c __ratelimit sets {@code rs->begin = 0} (the
   * next call begins the interval), ___ratelimit from 2.6.33 {@code rs->begin = jiffies}.
   */
  boolean ratelimitBeginsAtNextCall() {
    return era == Era.V2_6;
  }

  /**
   * The name "%s: %d callbacks suppressed" gives: v2.6.32's __ratelimit prints its own {@code
   * __func__}, "__ratelimit"; from 2.6.33 ___ratelimit prints {@code func}, the __func__ of the
   * function that expanded __ratelimit(state) (printk_ratelimited) or printk_ratelimit()
   * (__printk_ratelimit(__func__)). Outside module code the model has no C function and names
   * {@code step}, the step language's command.
   */
  String ratelimitReporter(String function, String step) {
    if (era == Era.V2_6) {
      return "__ratelimit";
    }
    return function != null ? function : step;
  }

  /** A line a __setup handler prints while start_kernel parses the command line. */
  record SetupLine(int level, String text) {}

  /**
   * What the printk boot parameters print, in the machine's command-line order (ignore_loglevel,
   * then log_buf_len=): v2.6.32 kernel/printk.c ignore_loglevel_setup, {@code KERN_INFO "debug:
   * ignoring loglevel setting.\n"}, and log_buf_len_setup, {@code KERN_NOTICE "log_buf_len: %d\n"}
   * only when the buffer grows past the static one. 2.4 has neither parameter (2.4.27 and 2.4.32
   * kernel/printk.c); the 4.x and 6.x lines (setup_log_buf's) are not modelled.
   */
  List<SetupLine> setupLines(PrintkSettings settings) {
    if (era != Era.V2_6) {
      return List.of();
    }
    List<SetupLine> lines = new java.util.ArrayList<>();
    if (settings.ignoreLoglevel()) {
      lines.add(new SetupLine(6, "debug: ignoring loglevel setting."));
    }
    if (settings.logBufLen() > PrintkSettings.defaultLogBufLen(era, 1)) {
      lines.add(new SetupLine(5, "log_buf_len: " + settings.logBufLen()));
    }
    return lines;
  }

  /** The register_console() line of the era, or null (2.4 logged none). */
  String consoleEnabledLine(String name, DeliveryMode delivery) {
    if (era == Era.V2_4) {
      return null;
    }
    if (era.atLeast(Era.V6_X)) {
      return delivery == DeliveryMode.THREADED
          ? "printk: console [" + name + "] enabled"
          : "printk: legacy console [" + name + "] enabled";
    }
    return "console [" + name + "] enabled";
  }

  /** The oops end marker: zeros in current kernels, a random oops id before. */
  String endTrace(SplittableRandom oopsId) {
    long id = era.atLeast(Era.V6_X) ? 0 : oopsId.nextLong();
    return String.format("---[ end trace %016x ]---", id);
  }

  /**
   * 6.x: once a CPU is in panic(), printk() from the other CPUs is discarded
   * (other_cpu_in_panic()); before, their records were still stored.
   */
  boolean discardsOtherCpusInPanic() {
    return era.atLeast(Era.V6_X);
  }

  /**
   * panic()'s first line (kernel/panic.c): {@code "Kernel panic - not syncing: %s"} since 2.6,
   * {@code "Kernel panic: %s"} in 2.4 (which then syncs from a process, printing nothing more).
   */
  String panicLine(String message) {
    return (era == Era.V2_4 ? "Kernel panic: " : "Kernel panic - not syncing: ") + message;
  }

  /**
   * What panic() prints right after its first line: dump_stack() under CONFIG_DEBUG_BUGVERBOSE
   * (default y). 2.6.32 dumps on every panic; later kernels not when the panic comes from an oops
   * ({@code if (!test_taint(TAINT_DIE) && oops_in_progress <= 1)}, whose report has the stack
   * already); 2.4's panic() has no dump_stack. The task is the model's ({@code cpuN}, pid 1000 +
   * N); the frames are the model's: panic, and oops_end for an oops.
   */
  List<String> panicStack(boolean oops, int cpu, long tainted) {
    if (era == Era.V2_4 || (oops && era.atLeast(Era.V4_X))) {
      return List.of();
    }
    List<String> frames = oops ? List.of("panic", "oops_end") : List.of("panic");
    String printTainted = PrintTainted.line(tainted, era);
    return DumpStack.lines(era, cpu, 1000 + cpu, "cpu" + cpu, printTainted, frames);
  }

  /** The lines panic() prints after the flush: "Rebooting in N seconds.." and the end marker. */
  List<String> panicEndLines(String message, int timeoutSeconds) {
    String reboot = "Rebooting in " + timeoutSeconds + " seconds..";
    String end = "---[ end Kernel panic - not syncing: " + message + " ]---";
    if (!era.atLeast(Era.V4_X)) {
      return timeoutSeconds > 0 ? List.of(reboot) : List.of();
    }
    return timeoutSeconds > 0 ? List.of(reboot, end) : List.of(end);
  }
}
