package org.kmodsim.sim;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A deterministic run driven step by step from another thread, for tests ({@link
 * SimEngine#startStepped}). The run is paused whenever the caller is not waiting in {@link
 * #runUntil}: then no delivery is made and the caller may act on the simulation thread with {@link
 * #onSimThread} (spawn, send, read shared memory). While it runs, the run delivers what its
 * strategy chooses, exactly as a normal run, until a condition holds, a virtual deadline comes, a
 * budget of deliveries is spent, or nothing is left to deliver; then it pauses again instead of
 * ending. {@link #finish} ends it. A stepped run holds its worker until it ends.
 *
 * <p>Everything the caller does happens at a pause, in the caller's order, so a stepped run with a
 * fixed seed replays exactly, like any other.
 */
public final class SteppedRun implements AutoCloseable {
  /** Why {@link #runUntil} returned. */
  public enum Stop {
    /** The condition held (checked before every delivery). */
    CONDITION,
    /** Nothing to deliver and no timer pending. */
    QUIESCENT,
    /** The next timer is due after the deadline; the clock stands at the deadline. */
    DEADLINE,
    /** The budget of deliveries was spent. */
    BUDGET,
    /** The run ended (halted, failed, step or time limit): see {@link #result}. */
    ENDED
  }

  private final DeterministicSim sim;
  private final SimExecutor executor;
  private final long waitLimitMillis;
  // Written by the caller's thread only while the run is paused (before a resume is submitted),
  // read by the simulation thread: the executor's queue orders the two.
  private BooleanSupplier condition = () -> true;
  private long deadlineNanos = Long.MAX_VALUE;
  private long budget = Long.MAX_VALUE;
  private volatile CompletableFuture<Stop> paused = new CompletableFuture<>();
  private volatile boolean running = true;

  SteppedRun(DeterministicSim sim, SimExecutor executor, long waitLimitMillis) {
    this.sim = sim;
    this.executor = executor;
    this.waitLimitMillis = waitLimitMillis;
  }

  /** The run's engine, for the factories of the actors under test. */
  public Sim sim() {
    return sim;
  }

  /**
   * Delivers until {@code until} holds, the next timer is due after {@code deadlineNanos} (virtual
   * time), {@code maxDeliveries} deliveries were made, or nothing is left to deliver. {@code until}
   * runs on the simulation thread, before every delivery.
   */
  public Stop runUntil(BooleanSupplier until, long deadlineNanos, long maxDeliveries) {
    requirePaused();
    CompletableFuture<Stop> next = new CompletableFuture<>();
    executor.execute(
        () -> {
          condition = until;
          this.deadlineNanos = deadlineNanos;
          budget = maxDeliveries;
          paused = next;
          running = true;
          executor.activate(sim);
        });
    return await(next);
  }

  /** Runs {@code action} on the simulation thread at this pause, and what it set off locally. */
  public <T> T onSimThread(Function<Sim, T> action) {
    requirePaused();
    CompletableFuture<T> done = new CompletableFuture<>();
    executor.execute(
        () -> {
          try {
            T value = action.apply(sim);
            // Queued behind the work the action made (an actor's start, a mailbox run), so the
            // caller goes on once that work has run too.
            executor.execute(() -> done.complete(value));
          } catch (RuntimeException | Error e) {
            done.completeExceptionally(e);
          }
        });
    return await(done);
  }

  /** Virtual time at this pause (at the end, once the run has ended). */
  public long nowNanos() {
    return ended() ? result().virtualTimeNanos() : onSimThread(Sim::nowNanos);
  }

  /** Deliveries so far. */
  public long steps() {
    return ended() ? result().steps() : onSimThread(s -> sim.stepNow());
  }

  /** The trace events recorded so far (the spec's {@code withTrace} limit applies). */
  public List<TraceEvent> trace() {
    return ended() ? result().trace() : onSimThread(s -> sim.traceSoFar());
  }

  /** The violations reported so far. */
  public List<Violation> violations() {
    return ended() ? result().violations() : onSimThread(s -> sim.violationsSnapshot());
  }

  /** True once the run has ended. */
  public boolean ended() {
    return sim.result().isDone();
  }

  /** The engine's result once the run has ended, else null. */
  public RunResult result() {
    return sim.result().getNow(null);
  }

  /**
   * Ends the run: QUIESCENT if nothing is left to deliver, else HALTED ("stepped run finished with
   * deliveries pending"). Returns the result; a no-op on a run that has already ended.
   */
  public RunResult finish() {
    if (!ended()) {
      requirePaused();
      executor.execute(sim::finishStepped);
      await(sim.result());
    }
    return result();
  }

  @Override
  public void close() {
    finish();
  }

  // --- called by DeterministicSim on the simulation thread ---

  /** Why the run should pause before the next delivery, or null to go on. */
  Stop beforeDelivery() {
    if (condition.getAsBoolean()) {
      return Stop.CONDITION;
    }
    return budget-- <= 0 ? Stop.BUDGET : null;
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  /** The run pauses: the caller's wait is over. */
  void pause(Stop why) {
    executor.deactivate();
    running = false;
    paused.complete(why);
  }

  /** A failure of the caller's condition ends its wait with the exception. */
  void pauseFailed(RuntimeException e) {
    executor.deactivate();
    running = false;
    paused.completeExceptionally(e);
  }

  void runEnded() {
    running = false;
    paused.complete(Stop.ENDED);
  }

  /** Waits for the first pause: the root has started. */
  void awaitFirstPause() {
    await(paused);
  }

  private void requirePaused() {
    if (ended()) {
      RunResult r = result();
      throw new IllegalStateException(
          "the run is over ("
              + r.end()
              + (r.haltReason() == null ? "" : ": " + r.haltReason())
              + ")");
    }
    if (running) {
      throw new IllegalStateException("the run is not paused");
    }
  }

  private <T> T await(CompletableFuture<T> future) {
    try {
      // Not a timing assertion: a bound on a model that never yields the simulation thread.
      return future.get(waitLimitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the run went on", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the simulation thread did not pause within the run's wall limit", e);
    }
  }
}
