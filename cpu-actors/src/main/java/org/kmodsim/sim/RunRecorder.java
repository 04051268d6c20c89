package org.kmodsim.sim;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a deterministic run records beyond its trace, for schedule reduction and state caching: each
 * delivery's {@link Schedule} event (channel, cause, phase, the shared memory it touched) and the
 * {@link MachineState} with the digest of everything the engine itself holds (messages in flight,
 * timers, the clock). Both are off unless the run's spec asks for them.
 */
final class RunRecorder implements RunView {
  private final DeterministicSim sim;
  final Schedule schedule;
  final MachineState state;
  private String undigestedWhy;

  RunRecorder(DeterministicSim sim, Schedule schedule, MachineState state) {
    this.sim = sim;
    this.schedule = schedule;
    this.state = state;
  }

  void access(String location, Access access) {
    if (schedule != null) {
      schedule.access(location, access);
    }
    if (state != null) {
      if (access == Access.READ) {
        state.readShared(sim.receiver, location);
      } else {
        state.written(location);
      }
    }
  }

  void accessOwn(ActorRef<?> self, String part, Access access) {
    if (schedule == null) {
      return;
    }
    String name = sim.nameOf(self);
    if (sim.delivering < 0 || !name.equals(sim.receiver)) {
      throw new IllegalStateException(
          name + " declared its state outside its own delivery (to " + sim.receiver + ")");
    }
    schedule.own(part, access);
  }

  /** The delivery open now sent on {@code channel} (nothing is open while timers fire). */
  void sent(Channel channel) {
    if (schedule != null) {
      schedule.sent(channel.key());
    }
  }

  /** The delivery open now started or cancelled a timer of {@code owner}. */
  void timerWritten(ActorRef<?> owner) {
    if (schedule != null) {
      schedule.access("timer:" + sim.nameOf(owner), Access.WRITE);
    }
  }

  /** Tells the strategy what the last delivery did, once it is over. */
  void closeEvent(Strategy strategy) {
    Schedule.Event last = schedule == null ? null : schedule.close();
    if (last != null) {
      strategy.delivered(last);
    }
  }

  void digest(ActorRef<?> self, StateDigest digest) {
    if (state != null) {
      state.explicit(sim.nameOf(self), digest);
    }
  }

  void sharedState(String region, StateDigest digest) {
    if (state != null) {
      state.region(region, digest);
    }
  }

  void invariantChecked(Invariant invariant, String kind, boolean broken) {
    if (schedule == null && state == null) {
      return; // nothing records it: no region name to build on every check
    }
    String region = "invariant-" + invariant.kind();
    if (state != null && invariant instanceof StateDigest digest) {
      state.region(region, digest);
    }
    boolean changed =
        broken || kind.startsWith("violation:") || !invariant.changesOnlyWhenReporting();
    access(region + ":state", changed ? Access.WRITE : Access.READ);
  }

  void actorStarted(ActorRef<?> self) {
    if (state != null) {
      state.started(sim.nameOf(self));
      if (sim.delivering >= 0 && schedule != null) {
        // Spawned by this step: if the step read shared memory, so may the child's setup have.
        schedule.readsShared().ifPresent(location -> state.readShared(sim.nameOf(self), location));
      }
    }
    if (schedule != null && sim.delivering >= 0) {
      schedule.whole(); // a spawn changes the receiver's children: no declared part covers it
    }
  }

  void actorSignalled(ActorRef<?> self, org.apache.pekko.actor.typed.Signal signal) {
    if (schedule == null && state == null) {
      return; // the teardown's PostStop of every actor of a plain run: nothing to record
    }
    String name = sim.nameOf(self);
    if (schedule != null) {
      schedule.access("actor:" + name, Access.WRITE);
    }
    if (state != null) {
      if (signal instanceof org.apache.pekko.actor.typed.PostStop) {
        state.stopped(name);
      } else {
        state.received(name, Seeds.mix(Seeds.hash(signal.getClass().getName()), sim.now), null);
      }
    }
  }

  @Override
  public long stateDigest() {
    if (state == null) {
      return RunView.UNKNOWN;
    }
    long violationsDigest = 0;
    for (Violation v : sim.violations) {
      violationsDigest += Seeds.hash(v.kind());
    }
    Long machine = state.digest(sim.coverageSnapshot(), violationsDigest);
    if (machine == null) {
      return RunView.UNKNOWN;
    }
    long sum = machine;
    for (Channel channel : sim.enabled) {
      long queue = channel.keyHash();
      for (Envelope e = channel.head(); e != null; e = e.next) {
        if (e.digest == null) {
          undigestedWhy =
              "a message in flight to "
                  + channel.target
                  + " ("
                  + e.message.getClass().getSimpleName()
                  + ") has no digest: "
                  + undigestibleReason(e.message);
          return RunView.UNKNOWN;
        }
        queue = Seeds.mix(queue, e.digest);
      }
      sum += queue;
    }
    for (Timer timer : sim.runningTimers.values()) {
      if (timer.envelope != null) {
        continue; // fired: its message is in a channel above
      }
      Long message = messageDigest(timer.message);
      if (message == null) {
        undigestedWhy = "a timer of " + sim.nameOf(timer.key.owner()) + " has no digest";
        return RunView.UNKNOWN;
      }
      long key;
      try {
        key = Digests.of(timer.key.key(), r -> Seeds.hash(sim.keyOf(r)));
      } catch (Digests.Undigestible u) {
        undigestedWhy = "a timer key of " + sim.nameOf(timer.key.owner()) + " has no digest";
        return RunView.UNKNOWN;
      }
      sum +=
          Seeds.mix(
              Seeds.mix(Seeds.hash(sim.keyOf(timer.key.owner())), key),
              Seeds.mix(timer.due - sim.now, message));
    }
    undigestedWhy = null;
    long digest = Seeds.mix(sum, sim.now);
    return digest == RunView.UNKNOWN ? 1 : digest;
  }

  @Override
  public String undigested() {
    if (state == null) {
      return "the run keeps no state digest";
    }
    return state.why() != null ? state.why() : undigestedWhy;
  }

  private String undigestibleReason(Object message) {
    try {
      Digests.of(message, r -> Seeds.hash(sim.keyOf(r)));
      return "?";
    } catch (Digests.Undigestible e) {
      return e.getMessage();
    }
  }

  Long messageDigest(Object message) {
    try {
      return Digests.of(message, r -> Seeds.hash(sim.keyOf(r)));
    } catch (Digests.Undigestible e) {
      return null;
    }
  }

  /** The delivery of {@code choice} starts: its schedule event opens (with a schedule). */
  void recordStart(int choice) {
    if (schedule == null) {
      return;
    }
    Channel chosen = sim.enabled.get(choice);
    int count = sim.enabled.size();
    List<String> keys = new ArrayList<>(count);
    int[] older = new int[count];
    for (int a = 0; a < count; a++) {
      Channel c = sim.enabled.get(a);
      keys.add(c.key());
      long head = c.head().seq;
      for (Channel other : sim.enabled) {
        if (other.head().seq < head) {
          older[a]++;
        }
      }
    }
    schedule.start(
        (int) sim.steps,
        chosen.key(),
        chosen.head().cause,
        sim.phase,
        keys,
        choice,
        older,
        "actor:" + chosen.target);
    if (chosen.head().timer != null) {
      schedule.access("timer:" + chosen.target, Access.WRITE);
    }
  }
}
