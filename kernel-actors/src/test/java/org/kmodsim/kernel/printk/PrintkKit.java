package org.kmodsim.kernel.printk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.kmodsim.cpu.smp.Smp;
import org.kmodsim.sim.Sim;
import org.kmodsim.sim.testkit.SimProbe;
import org.kmodsim.sim.testkit.SimTestKit;

/**
 * A Printk actor on its own under the deterministic test kit: one test console, ttyS0, whose write
 * costs {@code nanosPerChar} per character on the virtual clock (a collaborator with timing, so an
 * actor rather than a probe); a probe {@code caller} for the CPUs' and the readers' replies (every
 * reply is a {@link Printk.Reply}); a probe per CPU for panic()'s stop_machine IPIs. The kit starts
 * at 1 s, after the boot line of register_console() has been printed.
 */
final class PrintkKit implements AutoCloseable {
  static final long S = 1_000_000_000L;

  final SimTestKit kit = SimTestKit.deterministic(1);
  final SimProbe<Printk.Reply> caller = kit.probe(Printk.Reply.class, "caller");
  final List<SimProbe<Smp.Ipi>> cpus = new ArrayList<>();

  /** What the console was asked to write, one entry per write. */
  final List<String> written = Collections.synchronizedList(new ArrayList<>());

  final List<PrintkCall> calls = Collections.synchronizedList(new ArrayList<>());
  final ActorRef<Printk.Command> printk;

  /** Holds a timer while the test lets time pass, so that the run has something due. */
  private final ActorRef<Object> clock = kit.spawn(Behaviors.ignore(), "clock");

  private int ticks;

  PrintkKit(PrintkSettings settings, long nanosPerChar, int cpuCount) {
    ActorRef<Console.Command> tty =
        kit.spawn(console(kit.sim(), "ttyS0", nanosPerChar), "console-ttyS0");
    printk =
        kit.spawn(
            Printk.create(
                kit.sim(),
                settings,
                null,
                calls::add,
                List.of(
                    new Printk.RegisterConsole(
                        "ttyS0", EnumSet.of(Console.Flag.ENABLED, Console.Flag.PRINTBUFFER), tty))),
            "printk");
    List<ActorRef<Smp.Ipi>> ipis = new ArrayList<>();
    for (int cpu = 0; cpu < cpuCount; cpu++) {
      cpus.add(kit.probe(Smp.Ipi.class, "cpu" + cpu));
      ipis.add(cpus.get(cpu).ref());
    }
    kit.send(printk, new Printk.CpusOnline(ipis));
    at(S);
  }

  /** Lets virtual time pass until {@code nanos}, delivering everything due before. */
  void at(long nanos) {
    long delay = nanos - kit.nowNanos();
    String key = "tick-" + ticks++;
    kit.onSimThread(
        sim -> {
          sim.startTimer(clock, key, delay + 1, (Object) key);
          return null;
        });
    kit.advance(delay);
  }

  /** Sends from the caller probe. */
  void send(Printk.Command command) {
    caller.send(printk, command);
  }

  /** A printk() from {@code cpu} with a newline: level, text, no gate. */
  Printk.Emit emit(int cpu, int level, String text) {
    return new Printk.Emit(cpu, level, false, true, text, false, null, null, caller.ref().narrow());
  }

  Printk.Emit gated(String gate, String text) {
    return new Printk.Emit(0, 6, false, true, text, false, gate, null, caller.ref().narrow());
  }

  /** A gated printk() from {@code function} of {@code module}'s code. */
  Printk.Emit gated(String gate, String module, String function, String text) {
    org.kmodsim.cpu.FunctionName from = org.kmodsim.cpu.FunctionName.of(module, function);
    return new Printk.Emit(0, 6, false, true, text, false, gate, from, caller.ref().narrow());
  }

  /** A printk() without a trailing newline: the line stays open. */
  Printk.Emit open(int cpu, String text) {
    return new Printk.Emit(cpu, 6, false, false, text, false, null, null, caller.ref().narrow());
  }

  /** pr_cont(text "\n"). */
  Printk.Emit cont(int cpu, String text) {
    return new Printk.Emit(
        cpu, Loglevel.DEFAULT, true, true, text, false, null, null, caller.ref().narrow());
  }

  /** The records /dev/kmsg readers see, from the oldest, as their texts. */
  List<String> records() {
    send(new Printk.ReadRecords(false, org.kmodsim.cpu.Cred.root(), caller.ref().narrow()));
    return caller.expectMessage(Printk.RecordsReply.class).records().stream()
        .map(PrintkRecord::text)
        .toList();
  }

  /** The measurement of {@code cpu}'s first printk() call. */
  PrintkCall call(int cpu) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.cpu() == cpu).findFirst().orElseThrow();
    }
  }

  List<String> written() {
    synchronized (written) {
      return List.copyOf(written);
    }
  }

  @Override
  public void close() {
    kit.close();
  }

  private record Done(Console.Write write) implements Console.Command {}

  /** A console whose write takes {@code nanosPerChar} per character, answered when done. */
  private Behavior<Console.Command> console(Sim sim, String name, long nanosPerChar) {
    return Behaviors.setup(
        ctx -> {
          int[] writes = {0};
          return Behaviors.receive(Console.Command.class)
              .onMessage(
                  Console.Write.class,
                  write -> {
                    written.add(write.text());
                    long nanos = nanosPerChar * write.text().length();
                    sim.startTimer(ctx.getSelf(), "write-" + writes[0]++, nanos, new Done(write));
                    return Behaviors.same();
                  })
              .onMessage(
                  Done.class,
                  done -> {
                    int chars = done.write().text().length();
                    sim.send(
                        ctx.getSelf(),
                        done.write().replyTo(),
                        new Console.Written(name, chars, nanosPerChar * chars));
                    return Behaviors.same();
                  })
              .build();
        });
  }
}
