package org.kmodsim.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * The deterministic engine's view of the machine's state, for state caching: every live actor (by
 * its registered {@link StateDigest}, or else by the digest of the messages and signals it has
 * received, which determine its state as long as it reads no shared memory), every region of shared
 * memory, and what the engine itself holds (messages in flight and timers, added by the caller). A
 * part without a digest makes the whole state unknown, with the reason kept for the report.
 */
final class MachineState {

  private static final class Entity {
    StateDigest explicit;
    long history;
    String undigested;
  }

  private final Map<String, Entity> live = new HashMap<>();
  private final Map<String, StateDigest> regions = new HashMap<>();

  /** A written region without a digest: the state is unknown for the rest of the run. */
  private String lost;

  void started(String name) {
    Entity e = live.computeIfAbsent(name, n -> new Entity());
    e.history = Seeds.hash(name);
  }

  void stopped(String name) {
    live.remove(name);
    stopped.add(name);
  }

  /** Actors that have stopped: a message to one is dropped, which changes nothing. */
  private final java.util.Set<String> stopped = new java.util.HashSet<>();

  void explicit(String name, StateDigest digest) {
    live.computeIfAbsent(name, n -> new Entity()).explicit = digest;
  }

  void region(String region, StateDigest digest) {
    regions.put(region, digest);
  }

  /** A delivery or a signal to {@code name}: {@code what} is its digest, or null. */
  void received(String name, Long what, String undigestedWhy) {
    Entity e = live.get(name);
    if (e == null) {
      if (!stopped.contains(name) && lost == null) {
        // Not spawned through the engine: its state is nowhere in the digest.
        lost = "actor " + name + " was not spawned through the engine";
      }
      return;
    }
    if (e.explicit != null) {
      return;
    }
    if (what == null) {
      e.undigested = e.undigested != null ? e.undigested : undigestedWhy;
    } else {
      e.history = Seeds.mix(e.history, what);
    }
  }

  /** {@code reader} read shared memory: its state now depends on more than its messages. */
  void readShared(String reader, String location) {
    Entity e = reader == null ? null : live.get(reader);
    if (e != null && e.explicit == null && e.undigested == null) {
      e.undigested = "actor " + reader + " has no state digest and read " + location;
    }
  }

  void written(String location) {
    if (lost != null || location.startsWith("actor:") || location.startsWith("timer:")) {
      return;
    }
    int colon = location.indexOf(':');
    String region = colon < 0 ? location : location.substring(0, colon);
    if (!regions.containsKey(region)) {
      lost = "shared memory '" + region + "' has no state digest";
    }
  }

  /** The digest of every actor and region, or null with {@link #why} set. */
  Long digest(SortedMap<String, Long> coverage, long violations) {
    why = lost;
    if (lost != null) {
      return null;
    }
    long sum = 0;
    for (Map.Entry<String, Entity> e : live.entrySet()) {
      Entity entity = e.getValue();
      long d;
      if (entity.explicit != null) {
        try {
          d = entity.explicit.stateDigest();
        } catch (Digests.Undigestible u) {
          why = "actor " + e.getKey() + ": " + u.getMessage();
          return null;
        }
      } else if (entity.undigested != null) {
        why = entity.undigested;
        return null;
      } else {
        d = entity.history;
      }
      sum += Seeds.mix(Seeds.hash(e.getKey()), d);
    }
    for (Map.Entry<String, StateDigest> r : regions.entrySet()) {
      try {
        sum += Seeds.mix(Seeds.hash("region:" + r.getKey()), r.getValue().stateDigest());
      } catch (Digests.Undigestible u) {
        why = "shared memory " + r.getKey() + ": " + u.getMessage();
        return null;
      }
    }
    long c = 0;
    for (Map.Entry<String, Long> e : coverage.entrySet()) {
      c += Seeds.mix(Seeds.hash(e.getKey()), e.getValue());
    }
    return Seeds.mix(Seeds.mix(sum, c), violations);
  }

  private String why;

  String why() {
    return why;
  }
}
