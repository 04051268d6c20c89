package org.kmodsim.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.ActorPath;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** What both modes share: naming, spawning, randomness, failure capture and the result. */
abstract class AbstractSim implements Sim {
  protected final RunSpec spec;
  protected final CompletableFuture<RunResult> result = new CompletableFuture<>();
  protected final long wallStart = System.nanoTime();
  // Made when first used (a deterministic run in a kept tree names its actors in the tree's map,
  // and only some strategies read channel keys); concurrent CPUs may be first at once.
  private volatile Map<ActorRef<?>, Named> names;
  private volatile Map<ActorRef<?>, String> keys;
  protected volatile ActorRef<?> root;
  private ActorPath rootPath;
  protected final List<Violation> violations = new ArrayList<>();
  // Lookups and increments only; the snapshot sorts by name. Concurrent CPUs count here at once.
  private volatile ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> coverage;

  /** Invariants by the event kind they check; copied on write, read on every model event. */
  private volatile InvariantsByKind invariants = InvariantsByKind.NONE;

  protected volatile Throwable failure;
  protected volatile String failedActor;

  /** The worker's kept actor tree (deterministic mode), set when the root starts; else null. */
  private KeptTree tree;

  AbstractSim(RunSpec spec) {
    this.spec = spec;
  }

  @Override
  public SplittableRandom random(String stableName) {
    return new SplittableRandom(Seeds.mix(spec.seed(), Seeds.hash(stableName)));
  }

  @Override
  public <T> ActorRef<T> spawn(ActorContext<?> ctx, Behavior<T> behavior, String name) {
    ActorRef<T> kept = tree == null ? null : tree.revive(this, ctx, behavior, name);
    if (kept != null) {
      return kept;
    }
    return ctx.spawn(guarded(behavior, ctx, name), name, DispatcherSelector.sameAsParent());
  }

  @Override
  public void violation(ActorRef<?> who, String kind, String detail) {
    Violation v = new Violation(stepNow(), nowNanos(), nameOf(who), kind, detail);
    synchronized (violations) {
      violations.add(v);
    }
    trace(who, violationEvent(kind, detail));
  }

  /** A violation as a model event: kind {@code violation:KIND}, one field, {@code detail}. */
  static ModelEvent violationEvent(String kind, String detail) {
    return EventType.of("violation:" + kind, "{detail}", "detail").with(detail);
  }

  @Override
  public synchronized void monitor(Invariant invariant) {
    invariants = invariants.with(invariant); // never written again: a new one replaces it
  }

  /**
   * Runs the invariants that check events of {@code kind} and reports what they find where the
   * event happened: {@code where} is the entity's ref, or its stable name.
   */
  protected void checkInvariants(Object where, ModelEvent event) {
    String kind = event.kind();
    List<Invariant> watching = invariants.get(kind);
    if (watching == null) {
      return;
    }
    for (Invariant invariant : watching) {
      String broken = invariant.check(event);
      invariantChecked(invariant, kind, broken != null);
      if (broken != null) {
        String name = where instanceof ActorRef<?> ref ? nameOf(ref) : (String) where;
        Violation v = new Violation(stepNow(), nowNanos(), name, invariant.kind(), broken);
        synchronized (violations) {
          violations.add(v);
        }
        traceNamed(name, violationEvent(invariant.kind(), broken));
      }
    }
  }

  /** Whether an invariant watches events of this kind. */
  protected boolean watched(String kind) {
    return invariants.watches(kind);
  }

  /** Records a model event for an entity known by its stable name (a monitor's violation). */
  protected abstract void traceNamed(String name, ModelEvent event);

  @Override
  public void cover(String probe) {
    ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> coverage = this.coverage;
    if (coverage == null) {
      synchronized (this) {
        if (this.coverage == null) {
          this.coverage = new ConcurrentHashMap<>();
        }
        coverage = this.coverage;
      }
    }
    coverage.computeIfAbsent(probe, p -> new java.util.concurrent.atomic.LongAdder()).increment();
  }

  /** The current step (deliveries so far) for stamping events. */
  protected abstract long stepNow();

  protected List<Violation> violationsSnapshot() {
    synchronized (violations) {
      return List.copyOf(violations);
    }
  }

  /** Coverage counts made for one result, which keeps them as they are (no second copy). */
  static final class CoverageSnapshot extends java.util.TreeMap<String, Long> {
    private static final long serialVersionUID = 1L;
  }

  protected java.util.SortedMap<String, Long> coverageSnapshot() {
    CoverageSnapshot snapshot = new CoverageSnapshot();
    ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> coverage = this.coverage;
    if (coverage == null) {
      return snapshot;
    }
    coverage.forEach((probe, count) -> snapshot.put(probe, count.sum()));
    return snapshot;
  }

  @Override
  public void access(String location, Access access) {}

  @Override
  public void digest(ActorRef<?> self, StateDigest state) {}

  @Override
  public void sharedState(String region, StateDigest state) {}

  /** An invariant is about to check an event: it reads and may change the state it keeps. */
  protected void invariantChecked(Invariant invariant, String kind, boolean broken) {}

  /** An actor of the run has started (its setup ran); deterministic mode keeps the live ones. */
  protected void actorStarted(ActorRef<?> self) {}

  /** An actor of the run received a signal (its stop, a watched actor's end). */
  protected void actorSignalled(ActorRef<?> self, org.apache.pekko.actor.typed.Signal signal) {}

  /**
   * Called by the run host on the worker's dispatcher: {@code kept} is the worker's kept tree,
   * whose root starts this run if it was kept for this spec's root name (null: a fresh root,
   * always).
   */
  void startRoot(ActorContext<?> hostCtx, String rootName, KeptTree kept) {
    if (result.isDone()) {
      return; // ended before its root started (a concurrent run interrupted at its start)
    }
    Behavior<Object> behavior;
    try {
      @SuppressWarnings({"unchecked", "rawtypes"})
      Behavior<Object> made = (Behavior) spec.root().apply(this);
      behavior = made;
    } catch (RuntimeException e) {
      // No root will ever start: fail the run rather than the host (the worker's only actor).
      failed(rootName, e);
      return;
    }
    tree = kept;
    ActorRef<Object> spawned =
        kept == null ? null : kept.reviveRoot(this, spec.rootName(), behavior);
    if (spawned == null) {
      ActorRef<Object> other = kept == null ? null : kept.takeRoot();
      if (other != null) {
        hostCtx.stop(other);
      }
      spawned = spawn(hostCtx, behavior, rootName);
      if (kept != null) {
        kept.keepRoot(spawned, spec.rootName());
      }
    }
    rootPath = spawned.path();
    root = spawned;
  }

  /** Records the first failure of model code; the run ends as FAILED. */
  void failed(String actor, Throwable cause) {
    if (failure == null) {
      failedActor = actor;
      failure = cause;
    }
    halt("model failure in " + actor + ": " + cause);
  }

  CompletableFuture<RunResult> result() {
    return result;
  }

  /**
   * The stable name of an actor: its path below the run's root ({@code cpu0}, {@code
   * loader/load-hello}), with message adapters folded into their actor.
   */
  String nameOf(ActorRef<?> ref) {
    return named(ref).name();
  }

  /** A stable name with its {@link Seeds#hash}, as the digest takes it. */
  record Named(String name, long hash) {
    static Named of(String name) {
      return new Named(name, Seeds.hash(name));
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Named n && name.equals(n.name);
    }
  }

  private Map<ActorRef<?>, Named> names() {
    Map<ActorRef<?>, Named> known = names;
    if (known == null) {
      synchronized (this) {
        if (names == null) {
          names = new ConcurrentHashMap<>();
        }
        known = names;
      }
    }
    return known;
  }

  /**
   * The stable name of an actor with its hash. In a kept tree the names stay with the tree from run
   * to run: a name is a function of the path below the kept root, which a kept actor keeps.
   */
  Named named(ActorRef<?> ref) {
    Map<ActorRef<?>, Named> known = tree != null && rootPath != null ? tree.names() : names();
    Named named = known.get(ref);
    if (named == null) {
      named = Named.of(computeName(ref.path()));
      known.put(ref, named);
    }
    return named;
  }

  /**
   * The stable key of an actor ref: its full path below the run's root, message adapters included
   * ({@code cpu0/$$a-adapter}), so that two refs to one actor have different keys.
   */
  String keyOf(ActorRef<?> ref) {
    Map<ActorRef<?>, String> keys = this.keys;
    if (keys == null) {
      synchronized (this) {
        if (this.keys == null) {
          this.keys = new ConcurrentHashMap<>();
        }
        keys = this.keys;
      }
    }
    String key = keys.get(ref);
    if (key == null) {
      ArrayDeque<String> parts = new ArrayDeque<>();
      ActorPath p = ref.path();
      while (rootPath != null && !p.equals(rootPath) && p.parent() != p) {
        parts.addFirst(p.name());
        p = p.parent();
      }
      key = rootPath != null && p.equals(rootPath) ? String.join("/", parts) : ref.path().name();
      keys.put(ref, key);
    }
    return key;
  }

  /** The key of the channel from {@code from} (an actor, or the environment or the timers). */
  String channelKey(Object from, ActorRef<?> to) {
    return (from instanceof ActorRef<?> ref ? keyOf(ref) : ((Named) from).name())
        + "->"
        + keyOf(to);
  }

  protected String computeName(ActorPath path) {
    ArrayDeque<String> parts = new ArrayDeque<>();
    ActorPath p = path;
    while (rootPath != null && !p.equals(rootPath) && p.parent() != p) {
      if (!p.name().startsWith("$$")) {
        parts.addFirst(p.name());
      }
      p = p.parent();
    }
    if (rootPath == null || !p.equals(rootPath)) {
      return path.name();
    }
    return parts.isEmpty() ? spec.rootName() : String.join("/", parts);
  }

  protected List<TraceEvent> newTraceBuffer() {
    return new ArrayList<>();
  }

  private <T> Behavior<T> guarded(Behavior<T> behavior, ActorContext<?> parent, String name) {
    KeptTree.Child child = new KeptTree.Child(parent.getSelf(), name);
    return Behaviors.intercept(() -> new FailureCapture<T>(this, child), behavior);
  }

  /**
   * Turns an exception in model code into a failed run instead of a silent actor stop; in a kept
   * tree, also starts the next run's behaviour when the actor is reborn ({@link KeptTree}).
   */
  static final class FailureCapture<T> extends BehaviorInterceptor<T, T> {
    private AbstractSim sim; // the engine of the actor's current run
    private final String name;
    final KeptTree.Child child; // its parent and name
    ActorRef<T> self; // once started: the ref a rebirth hands out, the same instance every run

    /**
     * The behaviour inside, as last returned: a handler that returns it again ({@code return this}
     * of an {@code AbstractBehavior}) is answered as {@code same}, which keeps this interceptor as
     * it is; Pekko would wrap an unchanged behaviour in a new interceptor on every message.
     */
    private Behavior<T> inner;

    @SuppressWarnings({"unchecked", "rawtypes"})
    FailureCapture(AbstractSim sim, KeptTree.Child child) {
      super((Class) Object.class);
      this.sim = sim;
      this.name = child.name();
      this.child = child;
    }

    @Override
    public Behavior<T> aroundStart(TypedActorContext<T> ctx, PreStartTarget<T> target) {
      try {
        Behavior<T> started = target.start(ctx);
        inner = started;
        self = ctx.asJava().getSelf();
        if (sim.tree != null) {
          sim.tree.started(self, this);
        }
        sim.actorStarted(ctx.asJava().getSelf());
        return started;
      } catch (RuntimeException | Error e) {
        sim.failed(name, e);
        throw e;
      }
    }

    @Override
    public Behavior<T> aroundSignal(
        TypedActorContext<T> ctx,
        org.apache.pekko.actor.typed.Signal signal,
        SignalTarget<T> target) {
      sim.actorSignalled(ctx.asJava().getSelf(), signal);
      if (signal instanceof org.apache.pekko.actor.typed.PostStop && sim.tree != null) {
        sim.tree.stopped(ctx.asJava().getSelf());
      }
      return unchanged(target.apply(ctx, signal));
    }

    @Override
    public Behavior<T> aroundReceive(TypedActorContext<T> ctx, T msg, ReceiveTarget<T> target) {
      if (msg instanceof KeptTree.Rebirth rebirth) {
        return reborn(ctx, rebirth);
      }
      try {
        return unchanged(target.apply(ctx, msg));
      } catch (RuntimeException | Error e) {
        sim.failed(name, e);
        throw e;
      }
    }

    /** {@code same} for the behaviour inside returned again, else {@code next} (kept as inner). */
    private Behavior<T> unchanged(Behavior<T> next) {
      if (next == inner) {
        return Behaviors.same();
      }
      if (next != Behaviors.<T>same() && !Behavior.isUnhandled(next) && Behavior.isAlive(next)) {
        inner = next;
      }
      return next;
    }

    /**
     * Moves the actor to {@code run}, whose rebirth message is on its way; false if it already
     * belongs to that run (a second spawn of one name in one run).
     */
    boolean moveTo(AbstractSim run) {
      if (sim == run) {
        return false;
      }
      sim = run;
      return true;
    }

    /** The next run's behaviour, started in place of the old one: the setup of a spawn. */
    private Behavior<T> reborn(TypedActorContext<T> ctx, KeptTree.Rebirth rebirth) {
      sim = rebirth.sim();
      @SuppressWarnings("unchecked")
      Behavior<T> next = (Behavior<T>) rebirth.behavior();
      try {
        Behavior<T> started = Behavior.start(next, ctx);
        inner = started;
        sim.actorStarted(ctx.asJava().getSelf());
        return started;
      } catch (RuntimeException | Error e) {
        sim.failed(name, e);
        throw e;
      }
    }
  }
}
