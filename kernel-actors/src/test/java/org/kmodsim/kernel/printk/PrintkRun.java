package org.kmodsim.kernel.printk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.kmodsim.cpu.smp.Smp;
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.Sim;
import org.kmodsim.sim.SimEngine;

/**
 * One deterministic run of a Printk actor on its own: a test root spawns it with test consoles
 * (each write costs {@code nanosPerChar} per character on the virtual clock), sends the scripted
 * requests at their times, and records every reply, console write and IPI with its time. The
 * root is the probe: requests carry its address as their reply address.
 */
final class PrintkRun {
  /** A request sent at {@code atNanos}, built around the probe's address. */
  record At(long atNanos, Function<ActorRef<Object>, Printk.Command> request) {}

  /** Everything the run saw, as "TIME WHO: MESSAGE" lines in delivery order. */
  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  /** What each console wrote, in order: "NAME: TEXT". */
  final List<String> console = Collections.synchronizedList(new ArrayList<>());
  final List<PrintkCall> calls = Collections.synchronizedList(new ArrayList<>());
  final List<Object> replies = Collections.synchronizedList(new ArrayList<>());
  RunResult result;

  static PrintkRun run(PrintkSettings settings, long nanosPerChar, int cpus, At... script) {
    return run(settings, nanosPerChar, List.of("ttyS0"), cpus, script);
  }

  static PrintkRun run(PrintkSettings settings, long nanosPerChar, List<String> consoles,
      int cpus, At... script) {
    PrintkRun run = new PrintkRun();
    run.result = SimEngine.shared().run(RunSpec.deterministic(1, "root",
        sim -> run.root(sim, settings, nanosPerChar, consoles, cpus, List.of(script))));
    return run;
  }

  static At at(long atNanos, Function<ActorRef<Object>, Printk.Command> request) {
    return new At(atNanos, request);
  }

  /** A printk() from {@code cpu}: level, text without newline, no gate. */
  static Function<ActorRef<Object>, Printk.Command> emit(int cpu, int level, String text) {
    return probe -> new Printk.Emit(cpu, level, false, true, text, false, null, probe.narrow());
  }

  private record Fire(int index) {}

  private Behavior<Object> root(Sim sim, PrintkSettings settings, long nanosPerChar,
      List<String> names, int cpus, List<At> script) {
    return Behaviors.setup(ctx -> {
      ActorRef<Object> self = ctx.getSelf();
      List<Printk.RegisterConsole> registered = new ArrayList<>();
      for (String name : names) {
        registered.add(new Printk.RegisterConsole(name,
            EnumSet.of(Console.Flag.ENABLED, Console.Flag.PRINTBUFFER),
            sim.spawn(ctx, console(sim, name, nanosPerChar), "console-" + name)));
      }
      ActorRef<Printk.Command> printk = sim.spawn(ctx,
          Printk.create(sim, settings, null, calls::add, registered), "printk");
      List<ActorRef<Smp.Ipi>> ipis = new ArrayList<>();
      for (int cpu = 0; cpu < cpus; cpu++) {
        ipis.add(sim.spawn(ctx, cpu(sim, cpu), "cpu" + cpu));
      }
      sim.send(self, printk, new Printk.CpusOnline(ipis));
      for (int i = 0; i < script.size(); i++) {
        sim.startTimer(self, "request-" + i, script.get(i).atNanos(), new Fire(i));
      }
      return Behaviors.receive(Object.class)
          .onMessage(Fire.class, fire -> {
            sim.send(self, printk, script.get(fire.index()).request().apply(self));
            return Behaviors.same();
          })
          .onAnyMessage(reply -> {
            replies.add(reply);
            log.add(sim.nowNanos() + " reply: " + reply);
            return Behaviors.same();
          })
          .build();
    });
  }

  private record Done(Console.Write write) implements Console.Command {}

  /** A console whose write takes {@code nanosPerChar} per character, answered when done. */
  private Behavior<Console.Command> console(Sim sim, String name, long nanosPerChar) {
    return Behaviors.setup(ctx -> {
      int[] writes = {0};
      return Behaviors.receive(Console.Command.class)
          .onMessage(Console.Write.class, write -> {
            console.add(name + ": " + write.text());
            log.add(sim.nowNanos() + " " + name + ": " + write.text().strip());
            long nanos = nanosPerChar * write.text().length();
            sim.startTimer(ctx.getSelf(), "write-" + writes[0]++, nanos, new Done(write));
            return Behaviors.same();
          })
          .onMessage(Done.class, done -> {
            sim.send(ctx.getSelf(), done.write().replyTo(), new Console.Written(name,
                done.write().text().length(), nanosPerChar * done.write().text().length()));
            return Behaviors.same();
          })
          .build();
    });
  }

  /** A CPU that only answers stop_machine (the IPI panic() sends to the others). */
  private Behavior<Smp.Ipi> cpu(Sim sim, int cpu) {
    return Behaviors.setup(ctx -> Behaviors.receive(Smp.Ipi.class)
        .onMessage(Smp.StopMachine.class, stop -> {
          log.add(sim.nowNanos() + " cpu" + cpu + ": stopped (" + stop.reason() + ")");
          sim.send(ctx.getSelf(), stop.replyTo(), new Smp.CpuStopped(cpu, java.util.Map.of()));
          return Behaviors.same();
        })
        .build());
  }

  /** The replies of one type, in order. */
  <T> List<T> replies(Class<T> type) {
    List<T> out = new ArrayList<>();
    synchronized (replies) {
      for (Object reply : replies) {
        if (type.isInstance(reply)) {
          out.add(type.cast(reply));
        }
      }
    }
    return out;
  }

  /** The console text, one entry per write, without the console names. */
  List<String> written() {
    List<String> out = new ArrayList<>();
    synchronized (console) {
      for (String line : console) {
        out.add(line.substring(line.indexOf(": ") + 2));
      }
    }
    return out;
  }
}
