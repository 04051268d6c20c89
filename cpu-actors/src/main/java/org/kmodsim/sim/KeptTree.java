package org.kmodsim.sim;

import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The actor tree a deterministic worker keeps from one run to the next run of the same root name (a
 * scenario explored seed after seed): instead of stopping every actor at the end of a run and
 * spawning them again for the next, the next run's spawn of a child that is still there sends it a
 * {@link Rebirth}, and the actor starts the new run's behaviour in place of the old one (its setup
 * runs as at a spawn, with the new run's engine). A run sees exactly what a fresh tree shows it:
 * the same names, the same order of setups, no state of the last run (every behaviour is new), and
 * no delivery the engine did not choose (a rebirth is the actor's start, as Pekko's Create is).
 * Spawning and stopping a tree of actors (a sixth to a third of a short run's CPU:
 * docs/performance.md) happens once per scenario and worker.
 *
 * <p>Only the worker's thread touches it: the worker's host and the actors of its runs.
 */
final class KeptTree {
  /** The new behaviour of a kept actor and the engine of its new run. */
  record Rebirth(AbstractSim sim, Behavior<?> behavior) {}

  /** Where an actor was spawned: its parent's ref ({@code getSelf}) and its name. */
  record Child(ActorRef<?> parent, String name) {
    @Override
    public int hashCode() {
      return 31 * parent.hashCode() + name.hashCode();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Child c
          && (parent == c.parent || parent.equals(c.parent))
          && name.equals(c.name);
    }
  }

  /** Every actor of the tree that is alive, with the interceptor that restarts it. */
  private final Map<ActorRef<?>, AbstractSim.FailureCapture<?>> live = new HashMap<>();

  /** The same by where they were spawned: a parent's spawn of a name finds its kept child. */
  private final Map<Child, AbstractSim.FailureCapture<?>> children = new HashMap<>();

  /**
   * The stable names of the tree's actors and their adapters ({@link AbstractSim#named}), for the
   * kept root: forgotten with the root, an actor's when it stops, and all of them past a bound
   * (refs that stop without telling, as a child spawned without the engine).
   */
  private final Map<ActorRef<?>, AbstractSim.Named> names = new BoundedNames();

  private ActorRef<Object> root;
  private String rootName;

  /** The root kept for runs named {@code name}, told to start {@code behavior}; or null. */
  ActorRef<Object> reviveRoot(AbstractSim sim, String name, Behavior<Object> behavior) {
    if (root == null || !name.equals(rootName) || !live.containsKey(root)) {
      return null;
    }
    root.tell(new Rebirth(sim, behavior));
    return root;
  }

  /** Keeps a newly spawned root for the next run named {@code name}. */
  void keepRoot(ActorRef<Object> spawned, String name) {
    names.clear();
    root = spawned;
    rootName = name;
  }

  /** The root to stop before a fresh one is spawned (another root name), or null. */
  ActorRef<Object> takeRoot() {
    ActorRef<Object> old = root;
    names.clear();
    root = null;
    rootName = null;
    return old;
  }

  /** Whether {@code ref} is the kept root. */
  boolean isRoot(ActorRef<?> ref) {
    return ref.equals(root);
  }

  /**
   * The child {@code name} of the actor of {@code ctx}, kept from an earlier run and told to start
   * {@code behavior}; null when there is none (a first run, a child that has stopped, or one this
   * run has spawned already: spawning a name twice is refused as at a fresh spawn).
   */
  <T> ActorRef<T> revive(AbstractSim sim, ActorContext<?> ctx, Behavior<T> behavior, String name) {
    AbstractSim.FailureCapture<?> capture = children.get(new Child(ctx.getSelf(), name));
    if (capture == null || !capture.moveTo(sim)) {
      return null;
    }
    // The child's own ref rather than a new one for it (getChild's): equal, and the same object
    // from run to run, so that the maps of a run find it at once.
    ActorRef<?> child = capture.self;
    child.<Object>unsafeUpcast().tell(new Rebirth(sim, behavior));
    @SuppressWarnings("unchecked")
    ActorRef<T> kept = (ActorRef<T>) child;
    return kept;
  }

  void started(ActorRef<?> self, AbstractSim.FailureCapture<?> capture) {
    live.put(self, capture);
    children.put(capture.child, capture);
  }

  void stopped(ActorRef<?> self) {
    AbstractSim.FailureCapture<?> capture = live.remove(self);
    if (capture != null) {
      children.remove(capture.child, capture);
    }
    names.remove(self);
  }

  Map<ActorRef<?>, AbstractSim.Named> names() {
    return names;
  }

  /**
   * A map that forgets everything when it grows past its bound. In front of it, the refs last found
   * by their identity (a kept actor's ref is the same object from run to run), in a slot by their
   * identity hash: no call of a ref's {@code hashCode} and {@code equals} through the map's node.
   */
  private static final class BoundedNames extends HashMap<ActorRef<?>, AbstractSim.Named> {
    private static final int MAX = 1 << 14;
    private static final int CACHED = 64;
    private final Object[] refs = new Object[CACHED];
    private final AbstractSim.Named[] cached = new AbstractSim.Named[CACHED];

    @Override
    public AbstractSim.Named get(Object key) {
      int slot = System.identityHashCode(key) & (CACHED - 1);
      if (refs[slot] == key) {
        return cached[slot];
      }
      AbstractSim.Named named = super.get(key);
      if (named != null) {
        refs[slot] = key;
        cached[slot] = named;
      }
      return named;
    }

    @Override
    public AbstractSim.Named put(ActorRef<?> key, AbstractSim.Named value) {
      if (size() >= MAX) {
        clear();
      }
      return forget(super.put(key, value));
    }

    @Override
    public AbstractSim.Named remove(Object key) {
      return forget(super.remove(key));
    }

    @Override
    public void clear() {
      java.util.Arrays.fill(refs, null);
      java.util.Arrays.fill(cached, null);
      super.clear();
    }

    /** Drops the refs that found {@code old}, a value no longer in the map (or null). */
    private AbstractSim.Named forget(AbstractSim.Named old) {
      if (old != null) {
        for (int i = 0; i < CACHED; i++) {
          if (cached[i] == old) {
            refs[i] = null;
            cached[i] = null;
          }
        }
      }
      return old;
    }
  }
}
