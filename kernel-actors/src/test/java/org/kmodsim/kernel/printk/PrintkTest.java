package org.kmodsim.kernel.printk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kmodsim.kernel.printk.PrintkKit.S;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.Cred;
import org.kmodsim.cpu.smp.Smp;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.sim.RunResult;

/**
 * The Printk actor on its own (no machine) under the deterministic test kit ({@link PrintkKit}): a
 * test console that costs 1 us per character, probes for the callers and the CPUs.
 */
class PrintkTest {
  private static final long US = 1_000L;

  private static PrintkSettings settings(Era era, DeliveryMode mode) {
    return PrintkSettings.defaults(era).withTime(false).withDelivery(mode);
  }

  private static PrintkSettings restricted(PrintkSettings s) {
    return new PrintkSettings(
        s.era(),
        s.logBufLen(),
        s.printkTime(),
        s.consoleLoglevel(),
        s.defaultMessageLoglevel(),
        s.minimumConsoleLoglevel(),
        s.defaultConsoleLoglevel(),
        s.ignoreLoglevel(),
        s.delivery(),
        true,
        s.panicTimeoutSeconds(),
        s.panicOnOops(),
        s.storeCostNanos(),
        s.ratelimitIntervalNanos(),
        s.ratelimitBurst(),
        s.debugMessages());
  }

  @Test
  void aCallerReturnsWhenItsOwnLineHasBeenWrittenToTheConsole() {
    try (PrintkKit k = new PrintkKit(settings(Era.V6_X, DeliveryMode.DIRECT), US, 1)) {
      k.send(k.emit(0, 6, "hello"));
      Printk.Emitted emitted = k.caller.expectMessage(Printk.Emitted.class);
      assertThat(k.kit.nowNanos()).isEqualTo(S + 6 * US);
      assertThat(emitted.length()).isEqualTo(5);
      assertThat(emitted.latencyNanos()).isEqualTo(6 * US);
      assertThat(k.call(0).ownPrintNanos()).isEqualTo(6 * US);
      assertThat(k.written())
          .containsExactly("printk: legacy console [ttyS0] enabled\n", "hello\n");
      k.caller.expectNoMessage();
    }
  }

  @Test
  void theLockOwnerPrintsTheOtherCpusRecordWhileTheOtherReturnsAtOnce() {
    try (PrintkKit k = new PrintkKit(settings(Era.V6_X, DeliveryMode.LOCK_OWNER), US, 2)) {
      k.send(k.emit(0, 6, "aaaa"));
      k.at(S + US);
      k.send(k.emit(1, 6, "bbbb"));
      assertThat(k.caller.expectMessage(Printk.Emitted.class).latencyNanos()).isZero();
      assertThat(k.caller.expectMessage(Printk.Emitted.class).latencyNanos()).isEqualTo(10 * US);
      assertThat(k.call(0).ownPrintNanos()).isEqualTo(5 * US);
      assertThat(k.call(0).othersPrintNanos()).isEqualTo(5 * US);
      assertThat(k.written()).endsWith("aaaa\n", "bbbb\n");
    }
  }

  @Test
  void withHandoverTheSpinningCallerTakesTheConsoleAndTheOwnerReturns() {
    try (PrintkKit k = new PrintkKit(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 2)) {
      k.send(k.emit(0, 6, "aaaa"));
      k.at(S + US);
      k.send(k.emit(1, 6, "bbbb"));
      assertThat(k.caller.expectMessage(Printk.Emitted.class).latencyNanos()).isEqualTo(5 * US);
      assertThat(k.caller.expectMessage(Printk.Emitted.class).latencyNanos()).isEqualTo(9 * US);
      assertThat(k.call(1).spinNanos()).isEqualTo(4 * US);
      assertThat(k.call(1).ownPrintNanos()).isEqualTo(5 * US);
    }
  }

  @Test
  void withDirectDeliveryEachCallerWaitsItsTurnAndPrintsItsOwnRecord() {
    try (PrintkKit k = new PrintkKit(settings(Era.V6_X, DeliveryMode.DIRECT), US, 2)) {
      k.send(k.emit(0, 6, "aaaa"));
      k.at(S + US);
      k.send(k.emit(1, 6, "bbbb"));
      k.caller.receiveMessages(2);
      assertThat(k.call(0).latencyNanos()).isEqualTo(5 * US);
      assertThat(k.call(0).othersPrintNanos()).isZero();
      assertThat(k.call(1).latencyNanos()).isEqualTo(9 * US);
      assertThat(k.call(1).ownPrintNanos()).isEqualTo(5 * US);
    }
  }

  @Test
  void aThreadedConsoleLeavesTheCallerTheStoreOnlyAndPrintsLater() {
    try (PrintkKit k = new PrintkKit(settings(Era.V6_X, DeliveryMode.THREADED), US, 1)) {
      k.send(k.emit(0, 6, "hello"));
      assertThat(k.caller.expectMessage(Printk.Emitted.class).latencyNanos()).isZero();
      assertThat(k.kit.nowNanos()).isEqualTo(S);
      k.kit.runUntilQuiescent();
      assertThat(k.written()).containsExactly("printk: console [ttyS0] enabled\n", "hello\n");
    }
  }

  @Test
  void aKernelActorsLineIsPrintedByADeferredContextWithoutAReply() {
    try (PrintkKit k = new PrintkKit(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 1)) {
      k.kit.send(k.printk, new Printk.Log(4, "hello: from the loader"));
      k.caller.expectNoMessage();
      assertThat(k.written()).endsWith("hello: from the loader\n");
      assertThat(k.calls).isEmpty();
    }
  }

  @Test
  void recordsAtOrAboveTheConsoleLoglevelAreStoredButNotPrinted() {
    try (PrintkKit k =
        new PrintkKit(settings(Era.V6_X, DeliveryMode.HANDOVER).withConsoleLoglevel(4), US, 1)) {
      k.send(k.emit(0, 6, "info"));
      k.send(k.emit(0, 3, "err"));
      k.caller.receiveMessages(2);
      assertThat(k.written()).containsExactly("err\n");
      assertThat(k.records())
          .containsExactly("printk: legacy console [ttyS0] enabled", "info", "err");
    }
  }

  @Test
  void printkOncePrintsOnlyTheFirstCallOfItsSite() {
    try (PrintkKit k = new PrintkKit(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 1)) {
      k.send(k.gated("once:x", "first"));
      k.caller.expectMessage(Printk.Emitted.class);
      k.send(k.gated("once:x", "second"));
      assertThat(k.caller.expectMessage(Printk.Emitted.class).seq()).isEqualTo(-1);
      assertThat(k.written()).endsWith("first\n").doesNotContain("second\n");
    }
  }

  /**
   * lib/ratelimit.c ___ratelimit(rs, func) (4.19, 6.12): {@code printk_deferred(KERN_WARNING "%s:
   * %d callbacks suppressed\n", func, rs->missed)}, where func is the {@code __func__} of the
   * function that expanded printk_ratelimited's {@code __ratelimit(&_rs)}
   * (include/linux/ratelimit.h {@code #define __ratelimit(state) ___ratelimit(state, __func__)}):
   * here hello_init.
   */
  @Test
  void printkRatelimitedReportsTheSuppressedCallsWhenTheNextIntervalBegins() {
    try (PrintkKit k = new PrintkKit(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 1)) {
      for (int i = 0; i < 12; i++) {
        k.send(k.gated("ratelimit:x", "hello", "hello_init", "call " + i));
      }
      k.caller.receiveMessages(12);
      k.at(7 * S);
      k.send(k.gated("ratelimit:x", "hello", "hello_init", "later"));
      k.caller.expectMessage(Printk.Emitted.class);
      assertThat(k.written())
          .contains("call 9\n")
          .doesNotContain("call 10\n", "call 11\n")
          .endsWith("hello_init: 2 callbacks suppressed\n", "later\n");
      assertThat(k.records()).contains("hello_init: 2 callbacks suppressed");
    }
  }

  /** Each expansion of printk_ratelimited has its own static _rs: two functions, two limits. */
  @Test
  void printkRatelimitedKeepsOneStatePerFunctionAndFormat() {
    try (PrintkKit k = new PrintkKit(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 1)) {
      for (int i = 0; i < 12; i++) {
        k.send(k.gated("ratelimit:x", "hello", "hello_init", "init " + i));
        k.send(k.gated("ratelimit:x", "hello", "greet", "greet " + i));
      }
      k.caller.receiveMessages(24);
      k.at(7 * S);
      k.send(k.gated("ratelimit:x", "hello", "greet", "greet later"));
      k.caller.expectMessage(Printk.Emitted.class);
      assertThat(k.written())
          .contains("init 9\n", "greet 9\n")
          .doesNotContain("init 10\n", "greet 10\n", "hello_init: ")
          .endsWith("greet: 2 callbacks suppressed\n", "greet later\n");
    }
  }

  @Test
  void aContinuationFromTheSameCpuJoinsTheOpenLineAndTheConsolePrintsOnlyTheNewPart() {
    try (PrintkKit k = new PrintkKit(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 2)) {
      k.send(k.open(0, "start"));
      k.caller.expectMessage(Printk.Emitted.class);
      k.send(k.cont(0, " end"));
      k.caller.expectMessage(Printk.Emitted.class);
      assertThat(k.written()).endsWith("start\n", " end\n");
      assertThat(k.records()).endsWith("start end");
    }
  }

  @Test
  void aContinuationFromAnotherCpuIsARecordOfItsOwnFrom35OnButJoinsTheLineIn26() {
    try (PrintkKit k = new PrintkKit(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 2)) {
      k.send(k.open(0, "start"));
      k.send(k.cont(1, " other"));
      k.caller.receiveMessages(2);
      assertThat(k.records()).endsWith("start", " other");
    }
    try (PrintkKit k = new PrintkKit(settings(Era.V2_6, DeliveryMode.LOCK_OWNER), US, 2)) {
      k.send(k.open(0, "start"));
      k.send(k.cont(1, " other"));
      k.caller.receiveMessages(2);
      k.send(
          new Printk.SyslogCall(
              Syslog.READ_ALL, 4096, Cred.root(), false, k.caller.ref().narrow()));
      assertThat(k.caller.expectMessage(Printk.SyslogReply.class).result().data())
          .endsWith("start other\n");
    }
  }

  @Test
  void aSyslogReadSleepsUntilARecordArrives() {
    try (PrintkKit k = new PrintkKit(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 1)) {
      k.send(read(k));
      assertThat(k.caller.expectMessage(Printk.SyslogReply.class).result().data())
          .contains("legacy console [ttyS0] enabled");
      k.send(read(k));
      k.caller.expectNoMessage();
      k.kit.send(k.printk, new Printk.Log(6, "wake up"));
      assertThat(k.caller.expectMessage(Printk.SyslogReply.class).result().data())
          .contains("<6>wake up");
    }
  }

  @Test
  void readingTheRecordsNeedsCapSyslogOnlyWithDmesgRestrict() {
    try (PrintkKit k = new PrintkKit(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 1)) {
      k.send(new Printk.ReadRecords(true, Cred.nobody(), k.caller.ref().narrow()));
      assertThat(k.caller.expectMessage(Printk.RecordsReply.class).errno()).isNull();
    }
    try (PrintkKit k =
        new PrintkKit(restricted(settings(Era.V6_X, DeliveryMode.HANDOVER)), US, 1)) {
      k.send(new Printk.ReadRecords(true, Cred.nobody(), k.caller.ref().narrow()));
      Printk.RecordsReply denied = k.caller.expectMessage(Printk.RecordsReply.class);
      assertThat(denied.errno()).isEqualTo(Errno.EPERM);
      assertThat(denied.records()).isEmpty();
    }
  }

  @Test
  void panicStopsTheOtherCpusFlushesTheConsoleAndHaltsAfterTheEndMarker() {
    try (PrintkKit k = new PrintkKit(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 2)) {
      k.send(new Printk.Panic(0, "boom"));
      k.cpus.get(1).expectMessage(Smp.StopMachine.class);
      k.send(k.emit(1, 6, "too late"));
      assertThat(k.caller.expectMessage(Printk.Emitted.class).seq()).isEqualTo(-1);
      k.caller.expectNoMessage(); // runs until the halt
      assertThat(k.cpus.get(0).pending()).isZero(); // the panicking CPU is not stopped
      RunResult result = k.kit.shutdown();
      assertThat(result.haltReason()).isEqualTo("Kernel panic - not syncing: boom");
      // kernel/panic.c panic(): the line, then dump_stack() (CONFIG_DEBUG_BUGVERBOSE, and not
      // from an oops), lib/dump_stack.c dump_stack_print_info's line with 6.11's UID:
      assertThat(k.written())
          .endsWith(
              "Kernel panic - not syncing: boom\n",
              "CPU: 0 UID: 0 PID: 1000 Comm: cpu0 Not tainted 6.12.0 #1\n",
              "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS"
                  + " 1.16.3-debian-1.16.3-2 04/01/2014\n",
              "Call Trace:\n",
              " <TASK>\n",
              " dump_stack_lvl\n",
              " panic\n",
              " </TASK>\n",
              "---[ end Kernel panic - not syncing: boom ]---\n");
    }
  }

  /**
   * kernel/panic.c panic() per era: 2.6.32 prints "Kernel panic - not syncing: %s" and dump_stack()
   * under CONFIG_DEBUG_BUGVERBOSE on every panic (arch/x86/kernel/dumpstack.c's "Pid: %d, comm:
   * %.20s %s %s %.*s", print_tainted() as add_taint left it), also the "Fatal exception" of an
   * oops; 2.4's panic() prints "Kernel panic: %s" and dumps nothing.
   */
  @Test
  void panicDumpsTheStackAsTheErasPanicDoes() {
    try (PrintkKit k = new PrintkKit(settings(Era.V2_6, DeliveryMode.LOCK_OWNER), US, 1)) {
      k.send(new Printk.Panic(0, "Fatal exception", true, 1)); // tainted_mask: P
      k.caller.expectNoMessage();
      assertThat(k.kit.shutdown().haltReason())
          .isEqualTo("Kernel panic - not syncing: Fatal exception");
      assertThat(k.written())
          .endsWith(
              "Kernel panic - not syncing: Fatal exception\n",
              "Pid: 1000, comm: cpu0 Tainted: P           2.6.32 #1\n",
              "Call Trace:\n",
              " dump_stack\n",
              " panic\n",
              " oops_end\n");
    }
    try (PrintkKit k = new PrintkKit(settings(Era.V2_4, DeliveryMode.LOCK_OWNER), US, 1)) {
      k.send(new Printk.Panic(0, "boom"));
      k.caller.expectNoMessage();
      assertThat(k.kit.shutdown().haltReason()).isEqualTo("Kernel panic: boom");
      assertThat(k.written()).endsWith("Kernel panic: boom\n");
    }
  }

  @Test
  void before6TheOtherCpusRecordsDuringAPanicAreStillPrinted() {
    try (PrintkKit k = new PrintkKit(settings(Era.V4_X, DeliveryMode.LOCK_OWNER), US, 2)) {
      k.send(new Printk.Panic(0, "boom"));
      k.cpus.get(1).expectMessage(Smp.StopMachine.class);
      k.send(k.emit(1, 6, "still here"));
      k.caller.expectMessage(Printk.Emitted.class);
      k.caller.expectNoMessage();
      assertThat(k.written())
          .endsWith(
              "Kernel panic - not syncing: boom\n",
              "CPU: 0 PID: 1000 Comm: cpu0 Not tainted 4.19.0 #1\n",
              "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS"
                  + " 1.16.3-debian-1.16.3-2 04/01/2014\n",
              "Call Trace:\n",
              " dump_stack\n",
              " panic\n",
              "still here\n",
              "---[ end Kernel panic - not syncing: boom ]---\n");
    }
  }

  @Test
  void anOopsIsAnsweredOnceItsReportIsFlushed() {
    try (PrintkKit k = new PrintkKit(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 1)) {
      k.send(new Printk.Oops(0, "bad", List.of("BUG: bad", "Oops: 0002"), k.caller.ref().narrow()));
      assertThat(k.caller.expectMessage(Printk.OopsDone.class).killed()).isTrue();
      assertThat(k.written())
          .endsWith("BUG: bad\n", "Oops: 0002\n", "---[ end trace 0000000000000000 ]---\n");
      assertThat(k.kit.violations()).hasSize(1);
    }
  }

  @Test
  void withPanicOnOopsAnOopsPanicsWithFatalException() {
    try (PrintkKit k =
        new PrintkKit(settings(Era.V6_X, DeliveryMode.HANDOVER).withPanic(0, true), US, 1)) {
      k.send(new Printk.Oops(0, "bad", List.of("BUG: bad"), k.caller.ref().narrow()));
      k.caller.expectNoMessage();
      assertThat(k.kit.shutdown().haltReason())
          .isEqualTo("Kernel panic - not syncing: Fatal exception");
      assertThat(k.written())
          .endsWith(
              "Kernel panic - not syncing: Fatal exception\n",
              "---[ end Kernel panic - not syncing: Fatal exception ]---\n");
    }
  }

  @Test
  void aRecordOverwrittenBeforeTheConsolePrintedItIsCountedAsDroppedAndReported() {
    try (PrintkKit k =
        new PrintkKit(settings(Era.V6_X, DeliveryMode.THREADED).withLogBufLen(4096), US, 1)) {
      for (int i = 0; i < 40; i++) {
        k.send(k.emit(0, 6, i + " " + "x".repeat(200)));
      }
      k.caller.receiveMessages(40);
      k.kit.runUntilQuiescent();
      long dropped = k.calls.stream().mapToLong(PrintkCall::droppedRecords).sum();
      assertThat(dropped).isPositive();
      assertThat(k.written())
          .anyMatch(w -> w.startsWith("** " + dropped + " printk messages dropped **"));
    }
  }

  @Test
  void anUnregisteredConsolePrintsNothingMoreAndCallersReturnAtOnce() {
    try (PrintkKit k = new PrintkKit(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 1)) {
      k.send(new Printk.UnregisterConsole("ttyS0"));
      k.send(k.emit(0, 6, "nobody"));
      assertThat(k.caller.expectMessage(Printk.Emitted.class).latencyNanos()).isZero();
      assertThat(k.written()).doesNotContain("nobody\n");
    }
  }

  private static Printk.SyslogCall read(PrintkKit k) {
    return new Printk.SyslogCall(Syslog.READ, 4096, Cred.root(), false, k.caller.ref().narrow());
  }
}
