package org.kmodsim.sim.testkit;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.Sim;
import org.kmodsim.sim.SimEngine;
import org.kmodsim.sim.SteppedRun;
import org.kmodsim.sim.TraceEvent;
import org.kmodsim.sim.Violation;

/**
 * A deterministic test kit in the style of Pekko's {@code ActorTestKit}, for unit tests of one
 * actor (or a few) under the simulation engine: every message between the actor and the test's
 * probes is a delivery the run's strategy chooses, timers fire on the virtual clock, and a fixed
 * seed (or a saved choice log) replays exactly.
 *
 * <pre>{@code
 * try (SimTestKit kit = SimTestKit.deterministic(1)) {
 *   SimProbe<Counter.Reply> cpu = kit.probe(Counter.Reply.class, "cpu0");
 *   ActorRef<Counter.Command> counter = kit.spawn(Counter.create(kit.sim()), "counter");
 *   cpu.send(counter, new Counter.Increment(cpu.ref()));
 *   Counter.Incremented r = cpu.expectMessage(Counter.Incremented.class);
 *   cpu.expectNoMessage();          // runs until quiescence: nothing else comes
 *   long t = kit.nowNanos();        // virtual time of the reply
 * }
 * }</pre>
 *
 * <p>How it works: the kit starts a stepped run ({@link SimEngine#startStepped}) whose root is a
 * small guardian; {@link #spawn} and {@link #probe} make its children (so their names in traces are
 * {@code counter}, {@code cpu0}, as in a machine). The run is paused while the test thread works:
 * {@link #send} only puts a message in its channel. Receiving ({@link SimProbe#expectMessage},
 * {@link SimProbe#receiveMessage}) runs the engine until the probe holds a message or the run is
 * quiescent (nothing to deliver, no timer pending); since time is virtual there are no wall-clock
 * timeouts: "no message" means "none before quiescence", or before a virtual deadline ({@link
 * SimProbe#expectNoMessage(long)}). An actor that never quiesces (a periodic timer) is stopped
 * after {@link #deliveriesPerWait} deliveries per wait, with an error that says so.
 *
 * <p>Always close the kit (try-with-resources): a kit holds one of the engine's workers. Factories
 * of actors under test get the run's engine from {@link #sim()}; they must not call it before the
 * behaviour is spawned (a {@code Behaviors.setup} is fine). A model exception ends the run as
 * FAILED; the next wait then fails with it as the cause.
 */
public final class SimTestKit implements AutoCloseable {
  /** Deliveries one wait may make before the kit calls the run non-quiescent. */
  public static final long DEFAULT_DELIVERIES_PER_WAIT = 200_000;

  private final SteppedRun run;
  private final ActorRef<KitGuardian.Command> guardian;
  private final long deliveriesPerWait;

  private SimTestKit(SteppedRun run, ActorRef<KitGuardian.Command> guardian, long perWait) {
    this.run = run;
    this.guardian = guardian;
    this.deliveriesPerWait = perWait;
  }

  /** A kit on the shared engine, random strategy seeded with {@code seed}, trace recorded. */
  public static SimTestKit deterministic(long seed) {
    return create(RunSpec.deterministic(seed).withTrace(100_000));
  }

  /**
   * A kit with the run parameters of {@code params} (seed, strategy such as pct or replay of a
   * choice log, limits, trace); its root is ignored.
   */
  public static SimTestKit create(RunSpec params) {
    return create(SimEngine.shared(), params, DEFAULT_DELIVERIES_PER_WAIT);
  }

  public static SimTestKit create(SimEngine engine, RunSpec params, long deliveriesPerWait) {
    CompletableFuture<ActorRef<KitGuardian.Command>> guardian = new CompletableFuture<>();
    SteppedRun run =
        engine.startStepped(params.withRoot("kit", sim -> KitGuardian.create(sim, guardian)));
    if (!guardian.isDone()) {
      RunResult failed = run.finish();
      throw new IllegalStateException("the test kit's run did not start: " + failed.end());
    }
    return new SimTestKit(run, guardian.join(), deliveriesPerWait);
  }

  /** The run's engine: pass it to the factories of the actors under test. */
  public Sim sim() {
    return run.sim();
  }

  /** Spawns {@code behavior} as a simulated actor named {@code name}, and starts it. */
  public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
    CompletableFuture<ActorRef<T>> spawned = new CompletableFuture<>();
    run.onSimThread(
        sim -> {
          guardian.tell(new KitGuardian.Spawn<>(behavior, name, spawned));
          return null;
        });
    return spawned.join();
  }

  /**
   * Runs {@code action} inside the kit's root actor, with its context, and returns what it returns:
   * for code that spawns through a context of its own, such as a subsystem's boot ({@code
   * kit.inRoot(ctx -> subsystem.boot(new BootContext(kit.sim(), ctx, ...), services))}). What it
   * spawns are the root's children; what it sends waits for the next receive.
   */
  public <T> T inRoot(Function<ActorContext<?>, T> action) {
    CompletableFuture<T> done = new CompletableFuture<>();
    run.onSimThread(
        sim -> {
          guardian.tell(new KitGuardian.InContext<>(action, done));
          return null;
        });
    return done.join();
  }

  /** Spawns the behaviour {@code factory} makes for the run's engine. */
  public <T> ActorRef<T> spawn(Function<Sim, Behavior<T>> factory, String name) {
    return spawn(factory.apply(sim()), name);
  }

  /**
   * A probe named {@code name}: a simulated entity that records what it is sent. Name it after the
   * entity it stands for ({@code cpu0}, {@code loader}); names are unique in a kit.
   */
  public <M> SimProbe<M> probe(Class<M> type, String name) {
    SimProbe.Inbox<M> inbox = new SimProbe.Inbox<>();
    ActorRef<M> ref = spawn(inbox.behavior(), name);
    return new SimProbe<>(this, type, name, ref, inbox);
  }

  /** Sends through the engine as {@code from}: held in the channel until a wait delivers it. */
  public <T> void send(ActorRef<?> from, ActorRef<T> to, T message) {
    run.onSimThread(
        sim -> {
          sim.send(from, to, message);
          return null;
        });
  }

  /** Sends from the probe, as the entity it stands for. */
  public <T> void send(SimProbe<?> from, ActorRef<T> to, T message) {
    send(from.ref(), to, message);
  }

  /** Sends from outside the model (the environment's channel). */
  public <T> void send(ActorRef<T> to, T message) {
    send((ActorRef<?>) null, to, message);
  }

  /**
   * Runs until nothing is left to deliver and no timer is pending; fails if the run never gets
   * there within {@link #deliveriesPerWait} deliveries, or ended (halt, model failure).
   */
  public void runUntilQuiescent() {
    SteppedRun.Stop stop = runUntil(() -> false, Long.MAX_VALUE);
    if (stop != SteppedRun.Stop.QUIESCENT) {
      throw notQuiescent("the run", stop);
    }
  }

  /**
   * Lets {@code nanos} of virtual time pass: delivers everything due until then, and leaves the
   * clock at that time.
   */
  public void advance(long nanos) {
    long deadline = nowNanos() + nanos;
    SteppedRun.Stop stop = runUntil(() -> false, deadline);
    if (stop != SteppedRun.Stop.DEADLINE) {
      throw notQuiescent("the run", stop);
    }
  }

  /** Virtual time now, in nanoseconds since the run started. */
  public long nowNanos() {
    return run.nowNanos();
  }

  /** Deliveries made so far. */
  public long steps() {
    return run.steps();
  }

  /** Runs {@code read} on the simulation thread: for shared memory an actor publishes. */
  public <T> T onSimThread(Function<Sim, T> read) {
    return run.onSimThread(read);
  }

  /** Trace events so far: deliveries and model events ({@code sim.trace}). */
  public List<TraceEvent> trace() {
    return run.trace();
  }

  /** Violations reported so far ({@code sim.violation}). */
  public List<Violation> violations() {
    return run.violations();
  }

  /** How many deliveries one wait may make before the kit calls the run non-quiescent. */
  public long deliveriesPerWait() {
    return deliveriesPerWait;
  }

  /** Ends the run and returns the engine's result (digest, choice log, steps, violations). */
  public RunResult shutdown() {
    return run.finish();
  }

  @Override
  public void close() {
    run.finish();
  }

  /** Runs until {@code until} holds, or says why not; a run that has ended stays ENDED. */
  SteppedRun.Stop runUntil(java.util.function.BooleanSupplier until, long deadline) {
    return run.ended() ? SteppedRun.Stop.ENDED : run.runUntil(until, deadline, deliveriesPerWait);
  }

  /** Describes why a wait ended without what it waited for. */
  AssertionError notQuiescent(String what, SteppedRun.Stop stop) {
    if (stop == SteppedRun.Stop.ENDED) {
      RunResult r = run.result();
      AssertionError error =
          new AssertionError(
              what
                  + ": the run ended "
                  + r.end()
                  + (r.haltReason() == null ? "" : " (" + r.haltReason() + ")")
                  + " after "
                  + r.steps()
                  + " deliveries");
      if (r.failure() != null) {
        error.initCause(r.failure());
      }
      return error;
    }
    if (stop == SteppedRun.Stop.BUDGET) {
      return new AssertionError(
          what
              + ": not quiescent after "
              + deliveriesPerWait
              + " deliveries (a periodic timer? wait up to a virtual deadline instead)");
    }
    return new AssertionError(what + ": stopped waiting (" + stop + ")");
  }

  boolean ended() {
    return run.ended();
  }
}
