package org.kmodsim.scenarios.cluster;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A worker node ({@code kmodsim cluster worker}): finds the coordinator, registers (its build and
 * the secret's proof), and once accepted starts its unit runners, each pulling one unit at a time.
 * A refusal ends the node with one line ({@code onRefused}).
 */
public final class Worker {
  public sealed interface Command {}

  public record Accepted(String buildId) implements Command, ClusterMessage {}

  public record Refused(String reason) implements Command, ClusterMessage {}

  private record Coordinators(Receptionist.Listing listing) implements Command {}

  /**
   * @param runners units run at once on this node (each explores on the engine's workers)
   * @param scratch where units' configuration and module files are written
   * @param onRefused told the coordinator's reason when it refuses this node
   */
  public static Behavior<Command> create(
      String buildId, Secret secret, int runners, Path scratch, Consumer<String> onRefused) {
    return Behaviors.setup(
        ctx -> new Worker(ctx, buildId, secret, runners, scratch, onRefused).receive());
  }

  private final ActorContext<Command> ctx;
  private final String buildId;
  private final Secret secret;
  private final int runners;
  private final Path scratch;
  private final Consumer<String> onRefused;
  private ActorRef<Coordinator.Command> coordinator;
  private boolean accepted;

  private Worker(
      ActorContext<Command> ctx,
      String buildId,
      Secret secret,
      int runners,
      Path scratch,
      Consumer<String> onRefused) {
    this.ctx = ctx;
    this.buildId = buildId;
    this.secret = secret;
    this.runners = runners;
    this.scratch = scratch;
    this.onRefused = onRefused;
    ActorRef<Receptionist.Listing> adapter =
        ctx.messageAdapter(Receptionist.Listing.class, Coordinators::new);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(Coordinator.KEY, adapter));
  }

  private Behavior<Command> receive() {
    return Behaviors.receive(Command.class)
        .onMessage(Coordinators.class, this::onCoordinators)
        .onMessage(Accepted.class, this::onAccepted)
        .onMessage(Refused.class, this::onRefused)
        .build();
  }

  private Behavior<Command> onCoordinators(Coordinators c) {
    var found = c.listing().getServiceInstances(Coordinator.KEY);
    if (coordinator == null && !found.isEmpty()) {
      coordinator = found.iterator().next();
      String self = Cluster.get(ctx.getSystem()).selfMember().address().toString();
      coordinator.tell(new Coordinator.Register(buildId, secret.proof(self), ctx.getSelf()));
    }
    return Behaviors.same();
  }

  private Behavior<Command> onAccepted(Accepted a) {
    if (!accepted) {
      accepted = true;
      String node = Coordinator.hostPort(Cluster.get(ctx.getSystem()).selfMember().address());
      for (int i = 0; i < runners; i++) {
        ctx.spawn(UnitRunner.create(buildId, node, scratch, coordinator), "runner-" + i);
      }
    }
    return Behaviors.same();
  }

  private Behavior<Command> onRefused(Refused r) {
    onRefused.accept(r.reason());
    return Behaviors.stopped();
  }
}
