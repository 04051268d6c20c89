package org.kmodsim.scenarios.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.typed.Cluster;
import org.kmodsim.scenarios.scenario.SeedTally;

/**
 * The submitting side of a distributed exploration ({@code explore --cluster}): finds the
 * coordinator, submits the units, collects each unit's first result, and stops early on a stop rule
 * (so many failing runs, a time limit, Ctrl-C), cancelling the rest.
 */
public final class ClusterExplore {
  /** How long the coordinator may take to appear, and to answer a cancel. */
  static final Duration FIND_TIMEOUT = Duration.ofSeconds(30);

  /**
   * @param stopAfterFailing stop once this many runs were forbidden or unlisted (0: never)
   * @param timeLimit stop after this long (null: never)
   */
  public record Limits(long stopAfterFailing, Duration timeLimit) {}

  /**
   * What came back.
   *
   * @param tallies the units done, each once, in the order of their ids
   * @param nodes the node that ran each unit, by unit id
   * @param refusals one line per node or unit the coordinator refused
   * @param cutShort why the job stopped before its last unit, or null
   * @param times how long joining and the units took
   */
  public record Done(
      List<SeedTally> tallies,
      Map<Integer, String> nodes,
      List<String> refusals,
      String cutShort,
      int units,
      int duplicates,
      Times times) {}

  /**
   * Where the wall time went.
   *
   * @param joinNanos from starting to the coordinator taking the job (joining the cluster, the
   *     receptionist's listing, the job's first message)
   * @param unitsNanos from the job taken to its last result
   * @param workNanos the units' own time, summed over the workers that ran them (their seeds)
   */
  public record Times(long joinNanos, long unitsNanos, long workNanos) {}

  private ClusterExplore() {}

  public static Done run(
      ActorSystem<?> system,
      List<WorkUnit> units,
      Secret secret,
      Limits limits,
      BooleanSupplier interrupted,
      java.util.function.Consumer<Coordinator.UnitResult> onUnit) {
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    String self = Cluster.get(system).selfMember().address().toString();
    long jobId = units.isEmpty() ? 0 : units.get(0).jobId();
    ActorRef<Object> submitter =
        system.systemActorOf(
            submitter(units, secret.proof(self), events), "submit-" + jobId, Props.empty());
    Map<Integer, SeedTally> tallies = new TreeMap<>();
    Map<Integer, String> nodes = new TreeMap<>();
    List<String> refusals = new ArrayList<>();
    long start = System.nanoTime();
    long failing = 0;
    String cutShort = null;
    ActorRef<Coordinator.Command> coordinator = null;
    long cancelledAt = 0;
    long acceptedAt = 0;
    long work = 0;
    try {
      while (true) {
        Object e = events.poll(100, TimeUnit.MILLISECONDS);
        long now = System.nanoTime();
        if (e instanceof Coordinator.JobDone done) {
          return new Done(
              List.copyOf(tallies.values()),
              nodes,
              refusals,
              cutShort,
              units.size(),
              done.duplicates(),
              times(start, acceptedAt, now, work));
        } else if (e instanceof Coordinator.JobRefused r) {
          throw new IllegalArgumentException(
              "the coordinator refused the exploration: " + r.reason());
        } else if (e instanceof Coordinator.NodeRefused r) {
          refusals.add("refused " + r.node() + ": " + r.reason());
        } else if (e instanceof Coordinator.UnitResult u) {
          tallies.put(u.unitId(), u.tally());
          nodes.put(u.unitId(), u.node());
          failing += failing(u.tally());
          work += u.workNanos();
          onUnit.accept(u);
        } else if (e instanceof Coordinator.JobAccepted) {
          acceptedAt = now;
        } else if (e instanceof Found f) {
          coordinator = f.coordinator();
        }
        if (coordinator == null && now - start > FIND_TIMEOUT.toNanos()) {
          throw new IllegalArgumentException(
              "no kmodsim coordinator answered within " + FIND_TIMEOUT.toSeconds() + "s");
        }
        if (cutShort == null && coordinator != null) {
          cutShort = stopRule(limits, failing, now - start, interrupted);
          if (cutShort != null) {
            coordinator.tell(new Coordinator.Cancel(jobId));
            cancelledAt = now;
          }
        }
        if (cancelledAt != 0 && now - cancelledAt > FIND_TIMEOUT.toNanos()) {
          return new Done(
              List.copyOf(tallies.values()),
              nodes,
              refusals,
              cutShort,
              units.size(),
              0,
              times(start, acceptedAt, now, work));
        }
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      long now = System.nanoTime();
      return new Done(
          List.copyOf(tallies.values()),
          nodes,
          refusals,
          "interrupted",
          units.size(),
          0,
          times(start, acceptedAt, now, work));
    } finally {
      submitter.tell(Stop.INSTANCE);
    }
  }

  private static Times times(long start, long acceptedAt, long now, long work) {
    return acceptedAt == 0
        ? new Times(now - start, 0, work)
        : new Times(acceptedAt - start, now - acceptedAt, work);
  }

  private static String stopRule(
      Limits limits, long failing, long elapsedNanos, BooleanSupplier interrupted) {
    if (interrupted.getAsBoolean()) {
      return "interrupted";
    }
    if (limits.stopAfterFailing() > 0 && failing >= limits.stopAfterFailing()) {
      return "stopped after "
          + failing
          + " forbidden or unlisted runs (--stop-after "
          + limits.stopAfterFailing()
          + ")";
    }
    if (limits.timeLimit() != null && elapsedNanos >= limits.timeLimit().toNanos()) {
      return "time limit of " + limits.timeLimit().toSeconds() + "s reached";
    }
    return null;
  }

  private static long failing(SeedTally t) {
    return t.outcomes().stream()
        .filter(c -> c.outcomeClass().failing())
        .mapToLong(SeedTally.Count::count)
        .sum();
  }

  private record Found(ActorRef<Coordinator.Command> coordinator) {}

  private enum Stop {
    INSTANCE
  }

  /** Submits once the coordinator is listed; passes every event on to the waiting thread. */
  private static Behavior<Object> submitter(
      List<WorkUnit> units, String proof, BlockingQueue<Object> events) {
    return Behaviors.setup(
        ctx -> {
          ctx.getSystem()
              .receptionist()
              .tell(
                  Receptionist.subscribe(
                      Coordinator.KEY, ctx.getSelf().<Receptionist.Listing>narrow()));
          boolean[] submitted = {false};
          return Behaviors.receive(Object.class)
              .onMessage(
                  Receptionist.Listing.class,
                  l -> {
                    var found = l.getServiceInstances(Coordinator.KEY);
                    if (!submitted[0] && !found.isEmpty()) {
                      submitted[0] = true;
                      ActorRef<Coordinator.Command> c = found.iterator().next();
                      c.tell(Coordinator.Submit.of(units, proof, ctx.getSelf().narrow()));
                      events.add(new Found(c));
                    }
                    return Behaviors.same();
                  })
              .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
              .onAnyMessage(
                  m -> {
                    events.add(m);
                    return Behaviors.same();
                  })
              .build();
        });
  }
}
