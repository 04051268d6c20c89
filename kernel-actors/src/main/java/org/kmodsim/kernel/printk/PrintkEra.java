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

  /** The files printk mounts. */
  List<String> files() {
    if (devKmsg()) {
      return List.of(
          PrintkFiles.PRINTK,
          PrintkFiles.DMESG_RESTRICT,
          PrintkFiles.PROC_KMSG,
          PrintkFiles.DEV_KMSG,
          PrintkFiles.PRINTK_DEVKMSG);
    }
    return List.of(PrintkFiles.PRINTK, PrintkFiles.PROC_KMSG);
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
