package org.kmodsim.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The free-running engine: the same behaviours on a multi-threaded dispatcher. A send is a direct
 * tell, the clock is the wall clock since the run started times a scale factor, and timers run on a
 * scheduled executor (very short ones spin on the calling thread, as a busy CPU would).
 */
final class ConcurrentSim extends AbstractSim {
  /** Below this many wall nanoseconds a timer spins instead of going through the scheduler. */
  private static final long SPIN_LIMIT_NANOS = 50_000;

  /** Computed time an owner may run ahead of its mailbox: short next to a stop_machine wait. */
  private static final long RUN_AHEAD_NANOS = 20_000;

  private final ScheduledExecutorService scheduler;
  private final ActorRef<RunHost.Command> host;
  private final Map<TimerKey, Pending> timers = new ConcurrentHashMap<>();
  private final LongAdder deliveries = new LongAdder();
  private final List<TraceEvent> trace = Collections.synchronizedList(new ArrayList<>());
  private final AtomicReference<String> haltReason = new AtomicReference<>();
  private final Map<String, RunMark> marks = new ConcurrentHashMap<>();

  ConcurrentSim(RunSpec spec, ScheduledExecutorService scheduler, ActorRef<RunHost.Command> host) {
    super(spec);
    this.scheduler = scheduler;
    this.host = host;
  }

  @Override
  public long nowNanos() {
    return (long) ((System.nanoTime() - wallStart) * spec.timeScale());
  }

  @Override
  public <T> void send(ActorRef<?> from, ActorRef<T> to, T message) {
    deliveries.increment();
    if (spec.recordTrace() && trace.size() < spec.traceLimit()) {
      String source = from == null ? "env" : nameOf(from);
      trace.add(
          new TraceEvent(
              deliveries.sum(),
              nowNanos(),
              source,
              nameOf(to),
              message.getClass().getSimpleName(),
              MessageText.of(message)));
    }
    to.tell(message);
  }

  @Override
  public <T> void startTimer(ActorRef<T> owner, Object key, long delayNanos, T message) {
    start(owner, key, delayNanos, message, true);
  }

  @Override
  public <T> void startIdleTimer(ActorRef<T> owner, Object key, long delayNanos, T message) {
    start(owner, key, delayNanos, message, false);
  }

  private <T> void start(
      ActorRef<T> owner, Object key, long delayNanos, T message, boolean spinShort) {
    long wallDelay = (long) (delayNanos / spec.timeScale());
    TimerKey timerKey = new TimerKey(owner, key);
    cancelTimer(owner, key);
    if (spinShort && wallDelay <= SPIN_LIMIT_NANOS) {
      long until = System.nanoTime() + wallDelay;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      send(null, owner, message);
      return;
    }
    // The entry is in the map before the task can run, so a timer that fires at once is not
    // mistaken for a cancelled one; a cancel removes the entry and the task then sends nothing.
    Pending pending = new Pending();
    timers.put(timerKey, pending);
    pending.future =
        scheduler.schedule(
            () -> {
              if (timers.remove(timerKey, pending)) {
                send(null, owner, message);
              }
            },
            wallDelay,
            TimeUnit.NANOSECONDS);
  }

  @Override
  public <T> void elapse(ActorRef<T> owner, Object key, long nanos, T message) {
    cancelTimer(owner, key);
    send(null, owner, message);
  }

  @Override
  public long runAheadNanos() {
    return RUN_AHEAD_NANOS;
  }

  @Override
  public void cancelTimer(ActorRef<?> owner, Object key) {
    Pending pending = timers.remove(new TimerKey(owner, key));
    if (pending != null && pending.future != null) {
      pending.future.cancel(false);
    }
  }

  /** A scheduled timer; its future is set just after scheduling. */
  private static final class Pending {
    volatile ScheduledFuture<?> future;
  }

  @Override
  public boolean traces(EventType type) {
    return spec.recordTrace() || watched(type.kind());
  }

  @Override
  public void trace(ActorRef<?> who, ModelEvent event) {
    if (spec.recordTrace() && trace.size() < spec.traceLimit()) {
      trace.add(TraceEvent.model(deliveries.sum(), nowNanos(), nameOf(who), event));
    }
    checkInvariants(who, event);
  }

  @Override
  protected void traceNamed(String name, ModelEvent event) {
    if (spec.recordTrace() && trace.size() < spec.traceLimit()) {
      trace.add(TraceEvent.model(deliveries.sum(), nowNanos(), name, event));
    }
    checkInvariants(name, event);
  }

  @Override
  public void mark(String label) {
    marks.computeIfAbsent(
        label,
        l ->
            new RunMark(
                deliveries.sum(),
                System.nanoTime() - wallStart,
                coverageSnapshot(),
                ProcessCpu.nanos()));
  }

  @Override
  protected long stepNow() {
    return deliveries.sum();
  }

  @Override
  public void halt(String reason) {
    if (haltReason.compareAndSet(null, reason)) {
      checkInvariants(Invariant.RUN_END, Invariant.runEnd(reason));
      finish(failure != null ? EndReason.FAILED : EndReason.HALTED);
    }
  }

  /** Ends the run after its wall-time limit. */
  void timeLimitReached() {
    if (haltReason.compareAndSet(
        null, "wall-time limit reached: " + spec.wallLimit().toMillis() + " ms")) {
      finish(EndReason.WALL_TIME_LIMIT);
    }
  }

  /** Deliveries so far. */
  long liveSteps() {
    return deliveries.sum();
  }

  /** Ends the run now: the engine was interrupted. */
  void interrupt() {
    if (haltReason.compareAndSet(null, "interrupted")) {
      finish(EndReason.INTERRUPTED);
    }
  }

  private void finish(EndReason reason) {
    timers
        .values()
        .forEach(
            pending -> {
              if (pending.future != null) {
                pending.future.cancel(false);
              }
            });
    List<TraceEvent> events;
    synchronized (trace) {
      events = new ArrayList<>(trace);
    }
    RunResult done =
        new RunResult(
            SimMode.CONCURRENT,
            spec.seed(),
            "threads",
            reason,
            haltReason.get(),
            failure,
            deliveries.sum(),
            nowNanos(),
            null,
            new ChoiceLog(),
            events,
            0,
            0,
            0,
            System.nanoTime() - wallStart,
            violationsSnapshot(),
            coverageSnapshot(),
            null,
            marks);
    result.complete(done);
  }

  /** Stops the run's actors; the engine calls it once the result is in. */
  void stopRoot() {
    if (root != null) {
      host.tell(new RunHost.StopRoot(root, false));
    }
  }

  private record TimerKey(ActorRef<?> owner, Object key) {}
}
