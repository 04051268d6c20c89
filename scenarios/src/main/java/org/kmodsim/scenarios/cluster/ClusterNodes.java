package org.kmodsim.scenarios.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;

/**
 * The Pekko configuration of a kmodsim cluster node, as in Pekko's cluster samples: Artery TCP on
 * the given host (127.0.0.1 unless told otherwise), the coordinator as the one seed node, the
 * split-brain resolver on (keep-oldest: the coordinator, the oldest node, stays), CBOR for every
 * {@link ClusterMessage}, few units buffered per worker (a small flow-control window), and gossip
 * every 200 ms (a submitter is a member for one job, so its joining is on the job's clock). Nothing
 * listens until a cluster command starts a node. {@code -Dconfig.file} and {@code -Dpekko.*}
 * properties override it (Artery TLS).
 */
public final class ClusterNodes {
  /** The actor system's name: part of every node's address. */
  public static final String SYSTEM = "kmodsim";

  private ClusterNodes() {}

  /**
   * @param port 0 for any free port
   * @param seed the seed node, {@code HOST:PORT}
   * @param role coordinator, worker or submitter
   */
  public static Config config(String host, int port, String seed, String role) {
    String[] hp = hostPort(seed);
    String text =
        String.join(
            "\n",
            List.of(
                // a submitter leaves as soon as its job is done: the aborted connections of its
                // leaving are no news
                "pekko.loglevel = " + (role.equals("submitter") ? "ERROR" : "WARNING"),
                "pekko.actor.provider = cluster",
                "pekko.actor.serialization-bindings {",
                "  \"org.kmodsim.scenarios.cluster.ClusterMessage\" = jackson-cbor",
                "}",
                "pekko.remote.artery.transport = tcp",
                "pekko.remote.artery.canonical.hostname = \"" + host + "\"",
                "pekko.remote.artery.canonical.port = " + port,
                "pekko.remote.artery.advanced.maximum-frame-size = 8MiB",
                "pekko.cluster.seed-nodes = [\"pekko://"
                    + SYSTEM
                    + "@"
                    + hp[0]
                    + ":"
                    + hp[1]
                    + "\"]",
                "pekko.cluster.roles = [" + role + "]",
                // a submitter joins for one job: gossip, the leader's actions and the
                // receptionist's replication every 200 ms instead of 1-2 s bring it from joining
                // to its first unit in about 0.65 s instead of 2.2 s (docs/performance.md); on
                // clusters of tens of nodes the extra gossip costs nothing measurable
                "pekko.cluster.gossip-interval = 200ms",
                "pekko.cluster.leader-actions-interval = 200ms",
                "pekko.cluster.distributed-data.gossip-interval = 200ms",
                "pekko.cluster.typed.receptionist.distributed-data.gossip-interval = 200ms",
                "pekko.cluster.jmx.enabled = off",
                "pekko.cluster.log-info = off",
                "pekko.cluster.downing-provider-class ="
                    + " \"org.apache.pekko.cluster.sbr.SplitBrainResolverProvider\"",
                "pekko.cluster.split-brain-resolver.active-strategy = keep-oldest",
                "pekko.cluster.split-brain-resolver.keep-oldest.down-if-alone = off",
                "pekko.cluster.split-brain-resolver.stable-after = 7s",
                "pekko.reliable-delivery.consumer-controller.flow-control-window = 4",
                "pekko.coordinated-shutdown.exit-jvm = off"));
    // The operator's Pekko settings win: -Dconfig.file=FILE and -Dpekko.* system properties (TLS,
    // docs/cluster.md), e.g. through KMODSIM_JAVA_OPTS.
    String file = System.getProperty("config.file");
    Config operator =
        file == null
            ? ConfigFactory.empty()
            : ConfigFactory.parseFile(
                new java.io.File(file),
                com.typesafe.config.ConfigParseOptions.defaults().setAllowMissing(false));
    return ConfigFactory.defaultOverrides()
        .withFallback(operator)
        .withFallback(ConfigFactory.parseString(text))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  public static <T> ActorSystem<T> start(Behavior<T> guardian, Config config) {
    return ActorSystem.create(guardian, SYSTEM, config);
  }

  /** {@code HOST:PORT}, checked: the message names the option. */
  public static String[] hostPort(String text) {
    int colon = text.lastIndexOf(':');
    try {
      if (colon <= 0) {
        throw new NumberFormatException();
      }
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return new String[] {text.substring(0, colon), Integer.toString(port)};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected HOST:PORT, not '" + text + "'");
    }
  }
}
