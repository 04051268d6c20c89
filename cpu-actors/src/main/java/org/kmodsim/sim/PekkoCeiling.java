package org.kmodsim.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The reference of concurrent mode: what bare Pekko does on the concurrent-mode dispatcher, with no
 * engine, CPU or kernel in between. N clients and one central actor, as N CPUs and one module's
 * actor in {@code stress unload}: in the request/reply phase each client sends a request and waits
 * for the answer before the next (a round trip, the core of a get/put pair); in the one-way phase
 * each client tells the central actor a batch of messages, then asks once, so that no mailbox grows
 * without bound. Every concurrent figure is stated as a ratio to these, measured in the same run.
 */
public final class PekkoCeiling {
  /** One-way messages a client sends before its round trip in the one-way phase. */
  static final int TELL_BATCH = 100;

  private static final long STARTUP_LIMIT_NANOS = 30_000_000_000L;

  /**
   * What one measurement found.
   *
   * @param clients the clients sending to the one central actor
   * @param roundTrips request/reply round trips completed in the measured window
   * @param roundTripNanos length of that window
   * @param tells one-way messages the central actor handled in its window
   * @param tellNanos length of that window
   * @param roundTripCpuNanos the process's CPU time in the request/reply window, -1 when unknown
   * @param roundTripWindows the request/reply rate of each part of its window
   * @param tellWindows the one-way rate of each part of its window
   */
  public record Figures(
      int clients,
      long roundTrips,
      long roundTripNanos,
      long tells,
      long tellNanos,
      long roundTripCpuNanos,
      WindowRates roundTripWindows,
      WindowRates tellWindows) {
    /** Round trips per second over the whole measured time (the median is in the windows). */
    public double requestReplyPerSec() {
      return roundTripNanos == 0 ? 0 : roundTrips * 1e9 / roundTripNanos;
    }

    /** CPU nanoseconds per round trip, every thread of the JVM; -1 when unknown. */
    public double cpuNanosPerRoundTrip() {
      return roundTripCpuNanos < 0 || roundTrips == 0
          ? -1
          : roundTripCpuNanos / (double) roundTrips;
    }

    public double tellPerSec() {
      return tellNanos == 0 ? 0 : tells * 1e9 / tellNanos;
    }
  }

  private PekkoCeiling() {}

  sealed interface Command {}

  private record Request(ActorRef<Reply> replyTo) implements Command {}

  private enum Tell implements Command {
    INSTANCE
  }

  private enum Reply {
    INSTANCE
  }

  /** Ends a phase: the root stops, and its children with it. */
  private enum Stop {
    INSTANCE
  }

  /**
   * Runs both phases, one after the other, each warmed up then measured for {@code window} cut into
   * {@code windows} equal parts (each part's rate kept), and returns both.
   */
  static Figures measure(
      SimEngine engine, int clients, Duration warmUp, Duration window, int windows) {
    if (clients < 1) {
      throw new IllegalArgumentException("the ceiling needs at least one client");
    }
    if (windows < 1) {
      throw new IllegalArgumentException("the ceiling needs at least one window");
    }
    Phase roundTrips = phase(engine, clients, 0, warmUp, window, windows);
    Phase tells = phase(engine, clients, TELL_BATCH, warmUp, window, windows);
    return new Figures(
        clients,
        roundTrips.count(),
        roundTrips.nanos(),
        tells.count(),
        tells.nanos(),
        roundTrips.cpuNanos(),
        roundTrips.windows(),
        tells.windows());
  }

  /** What one phase measured: totals of its windows, and each window's rate. */
  private record Phase(long count, long nanos, long cpuNanos, WindowRates windows) {}

  private static Phase phase(
      SimEngine engine, int clients, int batch, Duration warmUp, Duration window, int windows) {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong tells = new AtomicLong();
    List<AtomicLong> roundTrips = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      roundTrips.add(new AtomicLong());
    }
    ActorRef<Stop> root =
        engine.spawnConcurrent(root(clients, batch, running, tells, roundTrips), "pekko-ceiling");
    try {
      awaitStarted(roundTrips);
      pause(warmUp);
      Duration part = window.dividedBy(windows);
      long[] counts = new long[windows];
      long[] nanos = new long[windows];
      long first = batch == 0 ? sum(roundTrips) : tells.get();
      long cpu = ProcessCpu.nanos();
      long start = System.nanoTime();
      long count = first;
      long at = start;
      for (int i = 0; i < windows; i++) {
        pause(part);
        long countNow = batch == 0 ? sum(roundTrips) : tells.get();
        long now = System.nanoTime();
        counts[i] = countNow - count;
        nanos[i] = now - at;
        count = countNow;
        at = now;
      }
      long cpuAfter = ProcessCpu.nanos();
      return new Phase(
          count - first,
          at - start,
          cpu < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpu,
          WindowRates.of(counts, nanos));
    } finally {
      running.set(false);
      root.tell(Stop.INSTANCE);
    }
  }

  /** The root of one phase: spawns the central actor and the clients on its own dispatcher. */
  private static Behavior<Stop> root(
      int clients, int batch, AtomicBoolean running, AtomicLong tells, List<AtomicLong> counts) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<Command> central =
              ctx.spawn(central(tells), "central", DispatcherSelector.sameAsParent());
          for (int i = 0; i < clients; i++) {
            ActorRef<Reply> client =
                ctx.spawn(
                    client(central, batch, running, counts.get(i)),
                    "client" + i,
                    DispatcherSelector.sameAsParent());
            client.tell(Reply.INSTANCE);
          }
          return Behaviors.receive(Stop.class)
              .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
              .build();
        });
  }

  /** Answers every request at once; counts one-way messages (one writer: a release store). */
  private static Behavior<Command> central(AtomicLong tells) {
    return Behaviors.receive(Command.class)
        .onMessage(
            Request.class,
            request -> {
              request.replyTo().tell(Reply.INSTANCE);
              return Behaviors.same();
            })
        .onMessageEquals(
            Tell.INSTANCE,
            () -> {
              tells.setRelease(tells.getPlain() + 1);
              return Behaviors.same();
            })
        .build();
  }

  /** On each answer: counts a round trip, then sends {@code batch} tells and the next request. */
  private static Behavior<Reply> client(
      ActorRef<Command> central, int batch, AtomicBoolean running, AtomicLong count) {
    return Behaviors.setup(
        ctx ->
            Behaviors.receive(Reply.class)
                .onMessageEquals(
                    Reply.INSTANCE,
                    () -> {
                      count.setRelease(count.getPlain() + 1);
                      if (running.get()) {
                        for (int i = 0; i < batch; i++) {
                          central.tell(Tell.INSTANCE);
                        }
                        central.tell(new Request(ctx.getSelf()));
                      }
                      return Behaviors.same();
                    })
                .build());
  }

  /**
   * Waits until every client has had its first answer from the central actor (the start message
   * counts as one): the warm-up and the window are of a running system, not of actors starting.
   */
  private static void awaitStarted(List<AtomicLong> counts) {
    long deadline = System.nanoTime() + STARTUP_LIMIT_NANOS;
    for (AtomicLong count : counts) {
      while (count.getAcquire() < 2) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the Pekko ceiling's actors did not start in 30 s");
        }
        LockSupport.parkNanos(100_000);
      }
    }
  }

  private static long sum(List<AtomicLong> counts) {
    long total = 0;
    for (AtomicLong count : counts) {
      total += count.getAcquire();
    }
    return total;
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring the Pekko ceiling", e);
    }
  }
}
