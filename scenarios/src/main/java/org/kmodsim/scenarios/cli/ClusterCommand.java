package org.kmodsim.scenarios.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.kmodsim.scenarios.cluster.BuildId;
import org.kmodsim.scenarios.cluster.ClusterNodes;
import org.kmodsim.scenarios.cluster.Coordinator;
import org.kmodsim.scenarios.cluster.Secret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kmodsim cluster seed} and {@code kmodsim cluster worker}: the nodes of a Pekko cluster
 * that explores schedules for {@code explore --cluster} (docs/cluster.md). Each runs until Ctrl-C.
 */
@Command(
    name = "cluster",
    description = "Run a node of an exploration cluster (docs/cluster.md).",
    subcommands = {ClusterCommand.Seed.class, ClusterCommand.Worker.class})
public final class ClusterCommand {
  /** The coordinator's port when --port is not given. */
  static final int SEED_PORT = 25520;

  /** {@code kmodsim cluster seed}: the coordinator, the cluster's seed node. */
  @Command(name = "seed", description = "Start the coordinator (the cluster's seed node).")
  static final class Seed implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--port", paramLabel = "P", description = "Port to listen on (default: 25520).")
    int port = SEED_PORT;

    @Mixin NodeOptions node = new NodeOptions();

    @Override
    public Integer call() {
      Secret secret = Secret.read(node.secretFile);
      String build = BuildId.current();
      ActorSystem<Coordinator.Command> system =
          ClusterNodes.start(
              Coordinator.create(build, secret),
              ClusterNodes.config(node.host, port, node.host + ":" + port, "coordinator"));
      system.tell(
          new Coordinator.Subscribe(
              system.systemActorOf(
                  Behaviors.receive(Coordinator.Event.class)
                      .onAnyMessage(
                          e -> {
                            System.out.println(line(e));
                            return Behaviors.same();
                          })
                      .build(),
                  "print",
                  Props.empty())));
      System.out.println(
          "kmodsim cluster: coordinator at " + node.host + ":" + port + " (" + build + ")");
      return untilStopped(system, null);
    }
  }

  /** {@code kmodsim cluster worker}: a node that runs units. */
  @Command(name = "worker", description = "Start a worker node that runs exploration units.")
  static final class Worker implements java.util.concurrent.Callable<Integer> {
    @Option(
        names = "--join",
        required = true,
        paramLabel = "HOST:PORT",
        description = "The coordinator (kmodsim cluster seed).")
    String join;

    @Option(
        names = "--workers",
        paramLabel = "N",
        description = "Units run at once on this node (default: 1; each uses every engine worker).")
    int workers = 1;

    @Option(
        names = "--port",
        paramLabel = "P",
        description = "Port to listen on (default: any free port).")
    int port;

    @Mixin NodeOptions node = new NodeOptions();

    @Override
    public Integer call() throws java.io.IOException {
      if (workers < 1 || workers > 64) {
        throw new IllegalArgumentException("--workers must be between 1 and 64");
      }
      ClusterNodes.hostPort(join);
      Secret secret = Secret.read(node.secretFile);
      Path scratch = Files.createTempDirectory("kmodsim-worker");
      CompletableFuture<String> refused = new CompletableFuture<>();
      ActorSystem<org.kmodsim.scenarios.cluster.Worker.Command> system =
          ClusterNodes.start(
              org.kmodsim.scenarios.cluster.Worker.create(
                  BuildId.current(), secret, workers, scratch, refused::complete),
              ClusterNodes.config(node.host, port, join, "worker"));
      System.out.println(
          "kmodsim cluster: worker at "
              + node.host
              + ":"
              + system.address().getPort().orElse(port)
              + " joining "
              + join
              + ", "
              + workers
              + " unit runner(s)");
      return untilStopped(system, refused);
    }
  }

  /** Runs the node until Ctrl-C (status 130) or, for a worker, the coordinator's refusal (2). */
  static int untilStopped(ActorSystem<?> system, CompletableFuture<String> refused) {
    CompletableFuture<?> terminated = system.getWhenTerminated().toCompletableFuture();
    try {
      while (Signals.received() == null && !terminated.isDone()) {
        if (refused != null && refused.isDone()) {
          System.err.println("kmodsim cluster: refused by the coordinator: " + refused.join());
          system.terminate();
          terminated.get(10, TimeUnit.SECONDS);
          return ExitCode.BAD_INPUT;
        }
        try {
          terminated.get(200, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillRunning) {
          // look at the signal and the refusal again
        }
      }
      system.terminate(); // leaves the cluster first (coordinated shutdown)
      terminated.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
    return Signals.received() != null ? Signals.status() : ExitCode.OK;
  }

  static String line(Coordinator.Event e) {
    if (e instanceof Coordinator.NodeAccepted a) {
      return "kmodsim cluster: accepted worker " + a.node();
    } else if (e instanceof Coordinator.NodeRefused r) {
      return "kmodsim cluster: refused " + r.node() + ": " + r.reason();
    } else if (e instanceof Coordinator.NodeLost l) {
      return "kmodsim cluster: worker " + l.node() + " " + l.what();
    } else if (e instanceof Coordinator.JobAccepted j) {
      return "kmodsim cluster: exploration " + j.jobId() + " accepted, " + j.units() + " units";
    } else if (e instanceof Coordinator.JobRefused r) {
      return "kmodsim cluster: exploration refused: " + r.reason();
    } else if (e instanceof Coordinator.UnitResult u) {
      return "kmodsim cluster: unit "
          + u.unitId()
          + " of exploration "
          + u.jobId()
          + " done on "
          + u.node();
    } else if (e instanceof Coordinator.JobDone d) {
      return "kmodsim cluster: exploration " + d.jobId() + " done, " + d.done() + " units";
    }
    throw new IllegalStateException("an event the coordinator does not send: " + e);
  }
}
