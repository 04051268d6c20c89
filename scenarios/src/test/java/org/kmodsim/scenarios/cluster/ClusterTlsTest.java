package org.kmodsim.scenarios.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.scenarios.scenario.Explorer;
import org.kmodsim.scenarios.scenario.ScenarioLoader;
import org.kmodsim.scenarios.scenario.ScenarioRunner;
import org.kmodsim.scenarios.scenario.SeedTally;

/**
 * The cluster over Artery's TLS transport, configured as docs/cluster.md tells an operator to
 * (tls-tcp, TLSv1.3, mutual authentication, hostname verification), with certificates made here by
 * the JDK's keytool: a worker with a certificate the nodes trust is accepted and its units give the
 * local report; a node with a certificate nobody trusts never gets into the cluster.
 */
class ClusterTlsTest {
  private static final String BUILD = "kmodsim test jar classes";
  private static final String PASSWORD = "kmodsim-test";

  @TempDir static Path keys;
  private static Path trusted;
  private static Path stranger;
  private static Path trustStore;
  private final List<ActorSystem<?>> systems = new ArrayList<>();

  @BeforeAll
  static void makeCertificates() throws Exception {
    trusted = keys.resolve("node.p12");
    stranger = keys.resolve("stranger.p12");
    trustStore = keys.resolve("trust.p12");
    keyPair("node", trusted);
    keyPair("stranger", stranger);
    Path cert = keys.resolve("node.crt");
    keytool(
        "-exportcert",
        "-alias",
        "node",
        "-keystore",
        trusted.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        cert.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "node",
        "-file",
        cert.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        trustStore.toString(),
        "-storepass",
        PASSWORD);
  }

  /** An EC key and its self-signed certificate for 127.0.0.1 (IP SAN: hostname verification). */
  private static void keyPair(String alias, Path store) throws Exception {
    keytool(
        "-genkeypair",
        "-alias",
        alias,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
  }

  @AfterEach
  void stopSystems() {
    systems.forEach(s -> ActorTestKit.shutdown(s, Duration.ofSeconds(20), false));
  }

  @Test
  void workerWithATrustedCertificateRunsTheUnitsOverTls() {
    int port = freePort();
    ActorSystem<Coordinator.Command> coordinator = coordinator(port);
    TestProbe<Coordinator.Event> events = TestProbe.create(coordinator);
    coordinator.tell(new Coordinator.Subscribe(events.ref()));
    systems.add(
        ClusterNodes.start(
            Worker.create(BUILD, Secret.none(), 1, keys, why -> {}),
            tls(ClusterNodes.config("127.0.0.1", 0, "127.0.0.1:" + port, "worker"), trusted)));
    events.expectMessageClass(Coordinator.NodeAccepted.class, Duration.ofSeconds(30));
    assertThat(coordinator.settings().config().getString("pekko.remote.artery.transport"))
        .isEqualTo("tls-tcp");

    ScenarioRunner runner =
        ScenarioRunner.prepare(
            ScenarioLoader.load("lost-update"), ScenarioRunner.Options.defaults());
    List<WorkUnit> units = Jobs.units(runner, "random", 0, 1, 7, 60, 20, BUILD);
    ClusterExplore.Done done =
        ClusterExplore.run(
            coordinator,
            units,
            Secret.none(),
            new ClusterExplore.Limits(0, null),
            () -> false,
            u -> {});

    assertThat(done.cutShort()).isNull();
    assertThat(done.tallies()).hasSize(3);
    assertThat(histogram(merged(runner, done.tallies()))).isEqualTo(histogram(local(runner)));
  }

  @Test
  void nodeWithAnUntrustedCertificateNeverJoins() {
    int port = freePort();
    ActorSystem<Coordinator.Command> coordinator = coordinator(port);
    TestProbe<Coordinator.Event> events = TestProbe.create(coordinator);
    coordinator.tell(new Coordinator.Subscribe(events.ref()));
    ActorSystem<Worker.Command> outsider =
        ClusterNodes.start(
            Worker.create(BUILD, Secret.none(), 1, keys, why -> {}),
            tls(ClusterNodes.config("127.0.0.1", 0, "127.0.0.1:" + port, "worker"), stranger));
    systems.add(outsider);

    // the TLS handshake fails both ways: no join, so neither acceptance nor refusal to report
    events.expectNoMessage(Duration.ofSeconds(8));
    assertThat(org.apache.pekko.cluster.typed.Cluster.get(coordinator).state().getMembers())
        .hasSize(1);
  }

  private ActorSystem<Coordinator.Command> coordinator(int port) {
    ActorSystem<Coordinator.Command> coordinator =
        ClusterNodes.start(
            Coordinator.create(BUILD, Secret.none()),
            tls(
                ClusterNodes.config("127.0.0.1", port, "127.0.0.1:" + port, "coordinator"),
                trusted));
    systems.add(coordinator);
    return coordinator;
  }

  /** docs/cluster.md's TLS settings over a node's configuration (as -Dconfig.file would). */
  private static Config tls(Config node, Path keyStore) {
    return ConfigFactory.parseString(
            String.join(
                "\n",
                "pekko.remote.artery.transport = tls-tcp",
                "pekko.remote.artery.ssl.config-ssl-engine {",
                "  key-store = \"" + keyStore + "\", trust-store = \"" + trustStore + "\"",
                "  key-store-password = \"" + PASSWORD + "\", key-password = \"" + PASSWORD + "\"",
                "  trust-store-password = \"" + PASSWORD + "\"",
                "  protocol = \"TLSv1.3\", enabled-algorithms = [TLS_AES_256_GCM_SHA384]",
                "  require-mutual-authentication = on, hostname-verification = on",
                "}"))
        .withFallback(node)
        .resolve();
  }

  private static Explorer.Result local(ScenarioRunner runner) {
    return new Explorer(runner, settings("local")).explore();
  }

  private static Explorer.Result merged(ScenarioRunner runner, List<SeedTally> tallies) {
    return new Explorer(runner, settings("cluster")).explore(() -> tallies);
  }

  private static Explorer.Settings settings(String dir) {
    return new Explorer.Settings("random", 60, null, 0, 7, 1, keys.resolve(dir));
  }

  private static TreeMap<String, Long> histogram(Explorer.Result r) {
    TreeMap<String, Long> counts = new TreeMap<>();
    r.histogram().forEach((name, b) -> counts.put(name, b.count));
    return counts;
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("keytool %s: %s", args[0], out).isZero();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
