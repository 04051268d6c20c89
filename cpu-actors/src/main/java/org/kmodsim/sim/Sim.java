package org.kmodsim.sim;

import java.util.SplittableRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * Everything model code may use for time, timers, randomness and communication between simulated
 * entities. Model code never calls {@code tell} across entities, never reads the wall clock, never
 * sleeps and never uses Pekko timers, ask or pipeToSelf: it goes through this interface, which the
 * engine implements once per mode ({@link DeterministicSim}, {@link ConcurrentSim}). Model code
 * does not know which one it has.
 */
public interface Sim extends SimClock, SimTimers, Interconnect, MemoryAccess {

  /**
   * A random source for the entity with this stable name, split from the run's seed. The same seed
   * and name always give the same sequence; keep the instance in the actor that asked.
   */
  SplittableRandom random(String stableName);

  /**
   * Records a model event (a kernel log line, a usage count change) in the run's trace: a kind and
   * typed fields ({@link EventType#with}), which every rendering of the trace reads.
   */
  void trace(ActorRef<?> who, ModelEvent event);

  /**
   * Whether a model event of this type would be used: kept in the trace, hashed into the trace
   * digest or checked by an invariant. Model code on a hot path may skip building an event nobody
   * reads; deterministic mode uses every event (its digest hashes them all), concurrent mode those
   * of a recorded trace and those an invariant watches.
   */
  default boolean traces(EventType type) {
    return true;
  }

  /** Records a model event of one free-text field, {@code text}. */
  default void trace(ActorRef<?> who, String kind, String detail) {
    trace(who, EventType.text(kind).with(detail));
  }

  /**
   * Reports a violation of a kernel safety rule (oops, use-after-free, negative count). It is
   * traced, counted in the run's result, and makes a scenario's outcome forbidden by default.
   */
  void violation(ActorRef<?> who, String kind, String detail);

  /**
   * Registers a safety rule for the rest of the run: the engine checks it on every model event of
   * the kinds it names and reports what it finds as violations. Invariants are part of the model,
   * not of tests: a subsystem registers its own when it boots.
   */
  void monitor(Invariant invariant);

  /** Counts one hit of a named coverage probe ("delete_module saw count 0 while a get ran"). */
  void cover(String probe);

  /**
   * Records the run's counters as they are now (deliveries, wall time, coverage probes) under
   * {@code label}, once per label, in the result ({@link RunResult#marks}): a rate counted from
   * there leaves out what came before, such as a concurrent run's warm-up. Concurrent mode only;
   * deterministic mode keeps no marks (its rates are of virtual time, exact from the first step).
   */
  default void mark(String label) {}

  /**
   * Spawns a simulated child on the run's dispatcher. Model code spawns only through here, so that
   * in deterministic mode every simulated actor runs on the controlled thread.
   */
  <T> ActorRef<T> spawn(ActorContext<?> ctx, Behavior<T> behavior, String name);

  /**
   * Gives the engine the digest of an actor's state, for state caching; an actor calls it once,
   * when it starts, with {@code self}. An actor that does not is known by the messages it has
   * received (its state is a function of them) as long as it reads no shared memory.
   */
  void digest(ActorRef<?> self, StateDigest state);

  /**
   * Declares, for schedule reduction, that the message {@code self} is handling touches {@code
   * part} of its own state in this way (a cell read, a slot written, a count's commuting update). A
   * delivery without such a declaration writes its receiver's whole state; with them, it touches
   * only the parts declared, so two deliveries to one actor that touch different parts, or only
   * read one, or only make commuting updates of one, commute. Declare every part the handling reads
   * or writes, including the state its decisions depend on; what it sends, the timers it starts and
   * the actors it spawns are accounted for by the engine. Randomness drawn while handling the
   * message is state too: an actor that draws must not declare. Ignored in concurrent mode.
   */
  default void accessOwn(ActorRef<?> self, String part, Access access) {}

  /**
   * Gives the engine the digest of a region of shared memory read without a message, the {@code
   * REGION} of the locations declared with {@link #access}. State caching is off in a run that
   * writes a region without one.
   */
  void sharedState(String region, StateDigest state);

  /**
   * Ends the run now, for a reason such as "all CPUs idle" or "Kernel panic". Messages still in
   * flight are not delivered.
   */
  void halt(String reason);
}
