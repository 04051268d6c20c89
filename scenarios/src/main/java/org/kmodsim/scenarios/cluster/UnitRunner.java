package org.kmodsim.scenarios.cluster;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.delivery.ConsumerController;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.kmodsim.scenarios.scenario.SeedTally;

/**
 * Runs the units one worker pulls: its consumer controller registers with the coordinator's
 * producer controller, each unit runs off the actor's thread ({@link Units#run}), and the unit is
 * confirmed only once its result is sent, so a unit whose node dies before is delivered again.
 */
final class UnitRunner {
  sealed interface Command {}

  private record Delivered(ConsumerController.Delivery<WorkUnit> delivery) implements Command {}

  private record Ran(ConsumerController.Delivery<WorkUnit> delivery, Timed timed, String error)
      implements Command {}

  /** A unit's result and the time its seeds took on this node. */
  private record Timed(SeedTally tally, long nanos) {}

  static Behavior<Command> create(
      String buildId, String node, Path scratch, ActorRef<Coordinator.Command> coordinator) {
    return Behaviors.setup(
        ctx -> new UnitRunner(ctx, buildId, node, scratch, coordinator).receive());
  }

  private final ActorContext<Command> ctx;
  private final String buildId;
  private final String node;
  private final Path scratch;
  private final ActorRef<Coordinator.Command> coordinator;

  private UnitRunner(
      ActorContext<Command> ctx,
      String buildId,
      String node,
      Path scratch,
      ActorRef<Coordinator.Command> coordinator) {
    this.ctx = ctx;
    this.coordinator = coordinator;
    this.buildId = buildId;
    this.node = node;
    this.scratch = scratch;
    ActorRef<ConsumerController.Command<WorkUnit>> consumer =
        ctx.spawn(ConsumerController.create(Coordinator.WORK_KEY), "consumer");
    consumer.tell(
        new ConsumerController.Start<>(
            ctx.messageAdapter(ConsumerController.deliveryClass(), Delivered::new)));
  }

  private Behavior<Command> receive() {
    return Behaviors.receive(Command.class)
        .onMessage(Delivered.class, this::onDelivered)
        .onMessage(Ran.class, this::onRan)
        .build();
  }

  private Behavior<Command> onDelivered(Delivered d) {
    WorkUnit unit = d.delivery().message();
    String refusal = Units.refusal(unit, buildId);
    if (refusal != null) {
      coordinator.tell(new Coordinator.UnitRefused(unit.jobId(), unit.unitId(), node, refusal));
      d.delivery().confirmTo().tell(ConsumerController.confirmed());
      return Behaviors.same();
    }
    ctx.pipeToSelf(
        CompletableFuture.supplyAsync(
            () -> {
              long start = System.nanoTime();
              SeedTally tally = Units.run(unit, scratch);
              return new Timed(tally, System.nanoTime() - start);
            },
            UnitRunner::onItsOwnThread),
        (timed, failure) ->
            new Ran(d.delivery(), timed, failure == null ? null : Units.describe(failure)));
    return Behaviors.same();
  }

  /**
   * A unit runs for seconds on a thread of its own, so that the node's runners run their units at
   * once. Not CompletableFuture's default executor: from JDK 25 on, that is the common pool even
   * when its parallelism is 1 (on 2 processors), where the runners' units would wait for each
   * other.
   */
  private static void onItsOwnThread(Runnable unit) {
    Thread thread = new Thread(unit, "kmodsim-unit");
    thread.setDaemon(true);
    thread.start();
  }

  private Behavior<Command> onRan(Ran r) {
    WorkUnit unit = r.delivery().message();
    if (r.error() != null) {
      coordinator.tell(new Coordinator.UnitRefused(unit.jobId(), unit.unitId(), node, r.error()));
    } else {
      coordinator.tell(
          new Coordinator.UnitDone(
              unit.jobId(), unit.unitId(), node, r.timed().tally(), r.timed().nanos()));
    }
    r.delivery().confirmTo().tell(ConsumerController.confirmed());
    return Behaviors.same();
  }
}
