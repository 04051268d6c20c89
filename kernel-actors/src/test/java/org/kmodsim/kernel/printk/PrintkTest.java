package org.kmodsim.kernel.printk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kmodsim.kernel.printk.PrintkRun.at;
import static org.kmodsim.kernel.printk.PrintkRun.emit;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

/**
 * The Printk actor on its own (no machine): test consoles that cost 1 us per character, a probe
 * root that sends the requests and records the replies. Requests start at 1 s, after the boot
 * line "printk: legacy console [ttyS0] enabled" (6.x) has been printed.
 */
class PrintkTest {
  private static final long S = 1_000_000_000L;
  private static final long US = 1_000L;

  private static PrintkSettings settings(Era era, DeliveryMode mode) {
    return PrintkSettings.defaults(era).withTime(false).withDelivery(mode);
  }

  private static PrintkSettings restricted(PrintkSettings s) {
    return new PrintkSettings(s.era(), s.logBufLen(), s.printkTime(), s.consoleLoglevel(),
        s.defaultMessageLoglevel(), s.minimumConsoleLoglevel(), s.defaultConsoleLoglevel(),
        s.ignoreLoglevel(), s.delivery(), true, s.panicTimeoutSeconds(), s.panicOnOops(),
        s.storeCostNanos(), s.ratelimitIntervalNanos(), s.ratelimitBurst(), s.debugMessages());
  }

  @Test
  void aCallerReturnsWhenItsOwnLineHasBeenWrittenToTheConsole() {
    PrintkRun run = PrintkRun.run(settings(Era.V6_X, DeliveryMode.DIRECT), US, 1,
        at(S, emit(0, 6, "hello")));
    assertThat(run.written()).containsExactly("printk: legacy console [ttyS0] enabled\n",
        "hello\n");
    Printk.Emitted emitted = run.replies(Printk.Emitted.class).get(0);
    assertThat(emitted.length()).isEqualTo(5);
    assertThat(emitted.latencyNanos()).isEqualTo(6 * US);
    assertThat(run.calls.get(0).ownPrintNanos()).isEqualTo(6 * US);
  }

  @Test
  void theLockOwnerPrintsTheOtherCpusRecordWhileTheOtherReturnsAtOnce() {
    PrintkRun run = PrintkRun.run(settings(Era.V6_X, DeliveryMode.LOCK_OWNER), US, 2,
        at(S, emit(0, 6, "aaaa")), at(S + US, emit(1, 6, "bbbb")));
    assertThat(run.written()).endsWith("aaaa\n", "bbbb\n");
    PrintkCall owner = call(run, 0);
    PrintkCall other = call(run, 1);
    assertThat(other.latencyNanos()).isZero();
    assertThat(owner.latencyNanos()).isEqualTo(10 * US);
    assertThat(owner.ownPrintNanos()).isEqualTo(5 * US);
    assertThat(owner.othersPrintNanos()).isEqualTo(5 * US);
  }

  @Test
  void withHandoverTheSpinningCallerTakesTheConsoleAndTheOwnerReturns() {
    PrintkRun run = PrintkRun.run(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 2,
        at(S, emit(0, 6, "aaaa")), at(S + US, emit(1, 6, "bbbb")));
    assertThat(call(run, 0).latencyNanos()).isEqualTo(5 * US);
    PrintkCall waiter = call(run, 1);
    assertThat(waiter.latencyNanos()).isEqualTo(9 * US);
    assertThat(waiter.spinNanos()).isEqualTo(4 * US);
    assertThat(waiter.ownPrintNanos()).isEqualTo(5 * US);
  }

  @Test
  void withDirectDeliveryEachCallerWaitsItsTurnAndPrintsItsOwnRecord() {
    PrintkRun run = PrintkRun.run(settings(Era.V6_X, DeliveryMode.DIRECT), US, 2,
        at(S, emit(0, 6, "aaaa")), at(S + US, emit(1, 6, "bbbb")));
    assertThat(call(run, 0).latencyNanos()).isEqualTo(5 * US);
    assertThat(call(run, 0).othersPrintNanos()).isZero();
    assertThat(call(run, 1).latencyNanos()).isEqualTo(9 * US);
    assertThat(call(run, 1).ownPrintNanos()).isEqualTo(5 * US);
  }

  @Test
  void aThreadedConsoleLeavesTheCallerTheStoreOnlyAndPrintsLater() {
    PrintkRun run = PrintkRun.run(settings(Era.V6_X, DeliveryMode.THREADED), US, 1,
        at(S, emit(0, 6, "hello")));
    assertThat(run.replies(Printk.Emitted.class).get(0).latencyNanos()).isZero();
    assertThat(run.written()).containsExactly("printk: console [ttyS0] enabled\n", "hello\n");
  }

  @Test
  void aKernelActorsLineIsPrintedByADeferredContextWithoutAReply() {
    PrintkRun run = PrintkRun.run(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 1,
        at(S, probe -> new Printk.Log(4, "hello: from the loader")));
    assertThat(run.written()).endsWith("hello: from the loader\n");
    assertThat(run.replies).isEmpty();
    assertThat(run.calls).isEmpty();
  }

  @Test
  void recordsAtOrAboveTheConsoleLoglevelAreStoredButNotPrinted() {
    PrintkRun run = PrintkRun.run(settings(Era.V6_X, DeliveryMode.HANDOVER)
            .withConsoleLoglevel(4), US, 1,
        at(S, emit(0, 6, "info")), at(2 * S, emit(0, 3, "err")),
        at(3 * S, probe -> new Printk.ReadRecords(false, Cred.root(), probe.narrow())));
    assertThat(run.written()).containsExactly("err\n");
    assertThat(texts(run.replies(Printk.RecordsReply.class).get(0)))
        .containsExactly("printk: legacy console [ttyS0] enabled", "info", "err");
  }

  @Test
  void printkOncePrintsOnlyTheFirstCallOfItsSite() {
    PrintkRun run = PrintkRun.run(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 1,
        at(S, gated("once:x", "first")), at(2 * S, gated("once:x", "second")));
    assertThat(run.written()).endsWith("first\n").doesNotContain("second\n");
    assertThat(run.replies(Printk.Emitted.class).get(1).seq()).isEqualTo(-1);
  }

  @Test
  void printkRatelimitedReportsTheSuppressedCallsWhenTheNextIntervalBegins() {
    List<PrintkRun.At> script = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      script.add(at(S + i * 10 * US, gated("ratelimit:x", "call " + i)));
    }
    script.add(at(7 * S, gated("ratelimit:x", "later")));
    PrintkRun run = PrintkRun.run(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 1,
        script.toArray(new PrintkRun.At[0]));
    assertThat(run.written()).contains("call 9\n").doesNotContain("call 10\n", "call 11\n")
        .endsWith("printk_ratelimited: 2 callbacks suppressed\n", "later\n");
  }

  @Test
  void aContinuationFromTheSameCpuJoinsTheOpenLineAndTheConsolePrintsOnlyTheNewPart() {
    PrintkRun run = PrintkRun.run(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 2,
        at(S, open(0, "start")), at(2 * S, cont(0, " end")),
        at(3 * S, probe -> new Printk.ReadRecords(false, Cred.root(), probe.narrow())));
    assertThat(run.written()).endsWith("start\n", " end\n");
    assertThat(texts(run.replies(Printk.RecordsReply.class).get(0))).endsWith("start end");
  }

  @Test
  void aContinuationFromAnotherCpuIsARecordOfItsOwnFrom35OnButJoinsTheLineIn26() {
    PrintkRun current = PrintkRun.run(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 2,
        at(S, open(0, "start")), at(2 * S, cont(1, " other")),
        at(3 * S, probe -> new Printk.ReadRecords(false, Cred.root(), probe.narrow())));
    assertThat(texts(current.replies(Printk.RecordsReply.class).get(0)))
        .endsWith("start", " other");
    PrintkRun old = PrintkRun.run(settings(Era.V2_6, DeliveryMode.LOCK_OWNER), US, 2,
        at(S, open(0, "start")), at(2 * S, cont(1, " other")),
        at(3 * S, probe -> new Printk.SyslogCall(Syslog.READ_ALL, 4096, Cred.root(), false,
            probe.narrow())));
    assertThat(old.replies(Printk.SyslogReply.class).get(0).result().data())
        .endsWith("start other\n");
  }

  @Test
  void aSyslogReadSleepsUntilARecordArrives() {
    PrintkRun run = PrintkRun.run(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 1,
        at(S, read()), at(2 * S, read()), at(3 * S, emit(0, 6, "wake up")));
    List<String> replies = run.log.stream().filter(l -> l.contains("reply: SyslogReply"))
        .toList();
    assertThat(replies).hasSize(2);
    assertThat(replies.get(0)).startsWith(S + " ").contains("legacy console [ttyS0] enabled");
    assertThat(replies.get(1)).startsWith(3 * S + " ").contains("<6>wake up");
  }

  @Test
  void readingTheRecordsNeedsCapSyslogOnlyWithDmesgRestrict() {
    PrintkRun open = PrintkRun.run(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 1,
        at(S, probe -> new Printk.ReadRecords(true, Cred.nobody(), probe.narrow())));
    assertThat(open.replies(Printk.RecordsReply.class).get(0).errno()).isNull();
    PrintkRun restricted = PrintkRun.run(restricted(settings(Era.V6_X, DeliveryMode.HANDOVER)),
        US, 1, at(S, probe -> new Printk.ReadRecords(true, Cred.nobody(), probe.narrow())));
    Printk.RecordsReply denied = restricted.replies(Printk.RecordsReply.class).get(0);
    assertThat(denied.errno()).isEqualTo(Errno.EPERM);
    assertThat(denied.records()).isEmpty();
  }

  @Test
  void panicStopsTheOtherCpusFlushesTheConsoleAndHaltsAfterTheEndMarker() {
    PrintkRun run = PrintkRun.run(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 2,
        at(S, probe -> new Printk.Panic(0, "boom")), at(S + US, emit(1, 6, "too late")));
    assertThat(run.log).anyMatch(l -> l.endsWith("cpu1: stopped (panic)"));
    assertThat(run.log).noneMatch(l -> l.contains("cpu0: stopped"));
    assertThat(run.written()).endsWith("Kernel panic - not syncing: boom\n",
        "---[ end Kernel panic - not syncing: boom ]---\n");
    assertThat(run.replies(Printk.Emitted.class).get(0).seq()).isEqualTo(-1); // discarded
    assertThat(run.result.haltReason()).isEqualTo("Kernel panic - not syncing: boom");
  }

  @Test
  void before6TheOtherCpusRecordsDuringAPanicAreStillPrinted() {
    PrintkRun run = PrintkRun.run(settings(Era.V4_X, DeliveryMode.LOCK_OWNER), US, 2,
        at(S, probe -> new Printk.Panic(0, "boom")), at(S + US, emit(1, 6, "still here")));
    assertThat(run.written()).endsWith("Kernel panic - not syncing: boom\n", "still here\n",
        "---[ end Kernel panic - not syncing: boom ]---\n");
  }

  @Test
  void anOopsIsAnsweredOnceItsReportIsFlushed() {
    PrintkRun run = PrintkRun.run(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 1,
        at(S, probe -> new Printk.Oops(0, "bad", List.of("BUG: bad", "Oops: 0002"),
            probe.narrow())));
    assertThat(run.written()).endsWith("BUG: bad\n", "Oops: 0002\n",
        "---[ end trace 0000000000000000 ]---\n");
    assertThat(run.replies(Printk.OopsDone.class)).containsExactly(new Printk.OopsDone(true));
    assertThat(run.result.violations()).hasSize(1);
    assertThat(run.log.get(run.log.size() - 1)).contains("reply: OopsDone");
  }

  @Test
  void withPanicOnOopsAnOopsPanicsWithFatalException() {
    PrintkRun run = PrintkRun.run(settings(Era.V6_X, DeliveryMode.HANDOVER).withPanic(0, true),
        US, 1, at(S, probe -> new Printk.Oops(0, "bad", List.of("BUG: bad"), probe.narrow())));
    assertThat(run.replies(Printk.OopsDone.class)).isEmpty();
    assertThat(run.written()).endsWith("Kernel panic - not syncing: Fatal exception\n",
        "---[ end Kernel panic - not syncing: Fatal exception ]---\n");
    assertThat(run.result.haltReason()).isEqualTo("Kernel panic - not syncing: Fatal exception");
  }

  @Test
  void aRecordOverwrittenBeforeTheConsolePrintedItIsCountedAsDroppedAndReported() {
    List<PrintkRun.At> script = new ArrayList<>();
    String text = "x".repeat(200);
    for (int i = 0; i < 40; i++) {
      script.add(at(S + i, emit(0, 6, i + " " + text)));
    }
    PrintkRun run = PrintkRun.run(settings(Era.V6_X, DeliveryMode.THREADED).withLogBufLen(4096),
        US, 1, script.toArray(new PrintkRun.At[0]));
    long dropped = run.calls.stream().mapToLong(PrintkCall::droppedRecords).sum();
    assertThat(dropped).isPositive();
    assertThat(run.written()).anyMatch(w -> w.startsWith("** " + dropped
        + " printk messages dropped **"));
  }

  @Test
  void anUnregisteredConsolePrintsNothingMoreAndCallersReturnAtOnce() {
    PrintkRun run = PrintkRun.run(settings(Era.V6_X, DeliveryMode.HANDOVER), US, 1,
        at(S, probe -> new Printk.UnregisterConsole("ttyS0")), at(2 * S, emit(0, 6, "nobody")));
    assertThat(run.written()).doesNotContain("nobody\n");
    assertThat(run.replies(Printk.Emitted.class).get(0).latencyNanos()).isZero();
  }

  private static PrintkCall call(PrintkRun run, int cpu) {
    return run.calls.stream().filter(c -> c.cpu() == cpu).findFirst().orElseThrow();
  }

  private static List<String> texts(Printk.RecordsReply reply) {
    return reply.records().stream().map(PrintkRecord::text).toList();
  }

  private static java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<Object>,
      Printk.Command> gated(String gate, String text) {
    return probe -> new Printk.Emit(0, 6, false, true, text, false, gate, probe.narrow());
  }

  private static java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<Object>,
      Printk.Command> open(int cpu, String text) {
    return probe -> new Printk.Emit(cpu, 6, false, false, text, false, null, probe.narrow());
  }

  private static java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<Object>,
      Printk.Command> cont(int cpu, String text) {
    return probe -> new Printk.Emit(cpu, Loglevel.DEFAULT, true, true, text, false, null,
        probe.narrow());
  }

  private static java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<Object>,
      Printk.Command> read() {
    return probe -> new Printk.SyslogCall(Syslog.READ, 4096, Cred.root(), false,
        probe.narrow());
  }
}
