package org.kmodsim.scenarios.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.scenarios.scenario.Explorer;
import org.kmodsim.scenarios.scenario.ScenarioLoader;
import org.kmodsim.scenarios.scenario.ScenarioRunner;
import org.kmodsim.scenarios.scenario.SeedTally;

/**
 * A coordinator and two workers, three actor systems in this JVM on free localhost ports: the
 * cluster's report equals a local exploration of the same seeds, a worker stopped in the middle
 * loses no unit and has none counted twice, and a worker of another build is refused.
 */
class ClusterExploreTest {
  private static final String BUILD = "kmodsim test jar classes";
  private static final long SEED = 42;

  @TempDir Path scratch;
  private final List<ActorSystem<?>> systems = new ArrayList<>();

  @AfterEach
  void stopSystems() {
    systems.forEach(s -> ActorTestKit.shutdown(s, Duration.ofSeconds(20), false));
  }

  @Test
  void reportOfTwoWorkersEqualsTheLocalRunOfTheSameSeeds() {
    ScenarioRunner runner = runner();
    ActorSystem<Coordinator.Command> coordinator = cluster(2);
    ClusterExplore.Done done = explore(runner, coordinator, 200, 20, u -> {});

    assertThat(done.cutShort()).isNull();
    assertThat(done.tallies()).hasSize(10);
    assertThat(new HashSet<>(done.nodes().values())).hasSize(2);
    assertSameReport(local(runner, 200), merged(runner, 200, done.tallies()));
  }

  @Test
  void workerStoppedInTheMiddleLosesNoUnitAndCountsNoneTwice() {
    ScenarioRunner runner = runner();
    ActorSystem<Coordinator.Command> coordinator = cluster(2);
    ActorSystem<?> second = systems.get(2);
    String secondNode = Coordinator.hostPort(second.address());
    TestProbe<Coordinator.Event> events = TestProbe.create(coordinator);
    coordinator.tell(new Coordinator.Subscribe(events.ref()));
    AtomicInteger byTheSecond = new AtomicInteger();
    ClusterExplore.Done done =
        explore(
            runner,
            coordinator,
            800,
            20,
            u -> {
              if (u.node().equals(secondNode) && byTheSecond.incrementAndGet() == 1) {
                second.terminate(); // its units in flight are unconfirmed: sent again elsewhere
              }
            });

    assertThat(done.cutShort()).isNull();
    assertThat(done.nodes()).hasSize(40);
    assertThat(done.tallies().stream().mapToLong(SeedTally::firstSeed).distinct().count())
        .isEqualTo(40);
    assertThat(done.nodes().values()).contains(secondNode);
    assertSameReport(local(runner, 800), merged(runner, 800, done.tallies()));
    // the coordinator says so (the seed command prints it as a line)
    Coordinator.Event lost =
        events
            .fishForMessage(
                Duration.ofSeconds(30),
                e ->
                    e instanceof Coordinator.NodeLost l && l.node().equals(secondNode)
                        ? FishingOutcomes.complete()
                        : FishingOutcomes.continueAndIgnore())
            .get(0);
    assertThat(((Coordinator.NodeLost) lost).what())
        .isEqualTo("left the cluster; its unconfirmed units go to the other workers");
  }

  @Test
  void stopAfterKFailingRunsCancelsTheRestAndKeepsWholeUnits() {
    ScenarioRunner runner = runner();
    ActorSystem<Coordinator.Command> coordinator = cluster(1);
    ClusterExplore.Done done =
        explore(runner, coordinator, 800, 20, new ClusterExplore.Limits(1, null), () -> false);

    assertThat(done.cutShort())
        .matches("stopped after \\d+ forbidden or unlisted runs \\(--stop-after 1\\)");
    assertWholeDistinctUnits(done, 40, 20);
    assertThat(done.tallies().stream().mapToLong(ClusterExploreTest::failing).sum())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void timeLimitStopsTheExplorationAndSaysSo() {
    ScenarioRunner runner = runner();
    ActorSystem<Coordinator.Command> coordinator = cluster(1);
    ClusterExplore.Done done =
        explore(
            runner, coordinator, 800, 20, new ClusterExplore.Limits(0, Duration.ZERO), () -> false);

    assertThat(done.cutShort()).isEqualTo("time limit of 0s reached");
    assertWholeDistinctUnits(done, 40, 20);
  }

  @Test
  void interruptStopsTheExplorationWithWhatWasFound() {
    ScenarioRunner runner = runner();
    ActorSystem<Coordinator.Command> coordinator = cluster(1);
    ClusterExplore.Done done =
        explore(runner, coordinator, 800, 20, new ClusterExplore.Limits(0, null), () -> true);

    assertThat(done.cutShort()).isEqualTo("interrupted");
    assertWholeDistinctUnits(done, 40, 20);
  }

  /** At most {@code units} results, each a whole unit of {@code seeds} runs, none twice. */
  private static void assertWholeDistinctUnits(ClusterExplore.Done done, int units, int seeds) {
    assertThat(done.units()).isEqualTo(units);
    assertThat(done.tallies()).hasSizeLessThanOrEqualTo(units).hasSize(done.nodes().size());
    assertThat(done.tallies()).allSatisfy(t -> assertThat(t.runs()).isEqualTo(seeds));
    assertThat(done.tallies().stream().mapToLong(SeedTally::firstSeed).distinct().count())
        .isEqualTo(done.tallies().size());
  }

  private static long failing(SeedTally t) {
    return t.outcomes().stream()
        .filter(c -> c.outcomeClass().failing())
        .mapToLong(SeedTally.Count::count)
        .sum();
  }

  @Test
  void dfsBySubtreesGivesTheLocalSearchsRunsCountsVerdictsAndExactness() {
    ActorSystem<Coordinator.Command> coordinator = cluster(2);
    // message-passing's search is exact; lost-update's is cut by its --depth
    for (String scenario : List.of("message-passing", "lost-update")) {
      ScenarioRunner runner =
          ScenarioRunner.prepare(ScenarioLoader.load(scenario), ScenarioRunner.Options.defaults());
      Explorer.Result local = new Explorer(runner, dfs(runner, "local-" + scenario)).explore();
      Explorer.Settings settings = dfs(runner, "cluster-" + scenario);
      List<ClusterExplore.Done> jobs = new ArrayList<>();
      List<Long> starts = new ArrayList<>();
      Explorer submitter = new Explorer(runner, settings);
      Explorer.Result cluster =
          submitter.exploreSubtrees(
              8,
              (roots, left) -> {
                List<WorkUnit> units =
                    Jobs.subtrees(runner, settings, roots, left, submitter.programStart(), BUILD);
                units.forEach(u -> starts.add(u.programStart()));
                ClusterExplore.Done done =
                    ClusterExplore.run(
                        coordinator,
                        units,
                        Secret.none(),
                        new ClusterExplore.Limits(0, null),
                        () -> false,
                        u -> {});
                jobs.add(done);
                return done.tallies();
              });

      assertThat(jobs).singleElement().satisfies(d -> assertThat(d.tallies()).hasSize(d.units()));
      assertThat(jobs.get(0).units()).isGreaterThanOrEqualTo(8);
      // the first program's start travels in each unit: the workers' searches branch where the
      // submitter's does, without a run of their own to find it
      assertThat(starts)
          .isNotEmpty()
          .containsOnly(new Explorer(runner, settings).programStart())
          .allSatisfy(start -> assertThat(start).isPositive());
      assertThat(cluster.runs()).isEqualTo(local.runs());
      assertThat(counts(cluster)).isEqualTo(counts(local));
      assertThat(cluster.verdicts()).isEqualTo(local.verdicts());
      assertThat(cluster.exhaustive()).isEqualTo(local.exhaustive());
      assertThat(cluster.search().exactness()).isEqualTo(local.search().exactness());
      assertThat(cluster.coverage()).isEqualTo(local.coverage());
      assertThat(cluster.leaks()).isEmpty();
      assertThat(cluster.rerun()).isEqualTo(local.rerun());
      assertThat(cluster.firstFailure() == null).isEqualTo(local.firstFailure() == null);
    }
  }

  @Test
  void dfsRunCapIsSharedAmongTheSubtreesAndMakesTheSearchBounded() {
    ActorSystem<Coordinator.Command> coordinator = cluster(1);
    ScenarioRunner runner = runner();
    Explorer.Settings settings = dfs(runner, "capped", 60);
    Explorer submitter = new Explorer(runner, settings);
    Explorer.Result cluster =
        submitter.exploreSubtrees(
            8,
            (roots, left) ->
                ClusterExplore.run(
                        coordinator,
                        Jobs.subtrees(
                            runner, settings, roots, left, submitter.programStart(), BUILD),
                        Secret.none(),
                        new ClusterExplore.Limits(0, null),
                        () -> false,
                        u -> {})
                    .tallies());

    // lost-update's whole depth-bounded tree has 174 runs; each subtree gets its share of 60
    assertThat(cluster.runs()).isLessThanOrEqualTo(60 + 8);
    assertThat(cluster.exhaustive()).isFalse();
    assertThat(cluster.search().exactness()).isEqualTo("bounded");
  }

  private Explorer.Settings dfs(ScenarioRunner runner, String dir) {
    return dfs(runner, dir, 100_000);
  }

  private Explorer.Settings dfs(ScenarioRunner runner, String dir, int runs) {
    return new Explorer.Settings(
        "dfs",
        runs,
        null,
        runner.scenario().explore().depth(),
        runner.settings().seed(),
        1,
        scratch.resolve(dir),
        -1,
        false);
  }

  private static Map<String, Long> counts(Explorer.Result r) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    r.histogram().forEach((name, b) -> counts.put(name, b.count));
    return counts;
  }

  @Test
  void nodeThatJoinsWithoutTheHandshakeIsDowned() {
    int port = freePort();
    ActorSystem<Coordinator.Command> coordinator =
        ClusterNodes.start(
            Coordinator.create(BUILD, Secret.none(), Duration.ofSeconds(2)),
            ClusterNodes.config("127.0.0.1", port, "127.0.0.1:" + port, "coordinator"));
    systems.add(coordinator);
    TestProbe<Coordinator.Event> events = TestProbe.create(coordinator);
    coordinator.tell(new Coordinator.Subscribe(events.ref()));
    // a node that joins and could register a consumer, but never registers
    ActorSystem<Void> silent =
        ClusterNodes.start(
            org.apache.pekko.actor.typed.javadsl.Behaviors.empty(),
            ClusterNodes.config("127.0.0.1", 0, seedOf(coordinator), "worker"));
    systems.add(silent);

    Coordinator.NodeRefused refused =
        events.expectMessageClass(Coordinator.NodeRefused.class, Duration.ofSeconds(30));
    assertThat(refused.node()).isEqualTo(Coordinator.hostPort(silent.address()));
    assertThat(refused.reason()).isEqualTo("no registration within 2 s of joining: downed");
    silent
        .getWhenTerminated()
        .toCompletableFuture()
        .orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
        .join();
  }

  @Test
  void workerOfAnotherBuildIsRefusedInOneLine() {
    ActorSystem<Coordinator.Command> coordinator = cluster(0);
    TestProbe<Coordinator.Event> events = TestProbe.create(coordinator);
    coordinator.tell(new Coordinator.Subscribe(events.ref()));
    List<String> told = new CopyOnWriteArrayList<>();
    systems.add(
        ClusterNodes.start(
            Worker.create("kmodsim 0.0-other jar 0123", Secret.none(), 1, scratch, told::add),
            ClusterNodes.config("127.0.0.1", 0, seedOf(coordinator), "worker")));

    Coordinator.NodeRefused refused =
        events.expectMessageClass(Coordinator.NodeRefused.class, Duration.ofSeconds(30));
    assertThat(refused.reason())
        .isEqualTo("build kmodsim 0.0-other jar 0123, the coordinator's is " + BUILD);
    assertThat(refused.node()).startsWith("127.0.0.1:");
  }

  private ClusterExplore.Done explore(
      ScenarioRunner runner,
      ActorSystem<Coordinator.Command> coordinator,
      int runs,
      int unit,
      java.util.function.Consumer<Coordinator.UnitResult> onUnit) {
    List<WorkUnit> units = Jobs.units(runner, "random", 0, 1, SEED, runs, unit, BUILD);
    return ClusterExplore.run(
        coordinator, units, Secret.none(), new ClusterExplore.Limits(0, null), () -> false, onUnit);
  }

  private ClusterExplore.Done explore(
      ScenarioRunner runner,
      ActorSystem<Coordinator.Command> coordinator,
      int runs,
      int unit,
      ClusterExplore.Limits limits,
      java.util.function.BooleanSupplier interrupted) {
    List<WorkUnit> units = Jobs.units(runner, "random", 0, 1, SEED, runs, unit, BUILD);
    return ClusterExplore.run(coordinator, units, Secret.none(), limits, interrupted, u -> {});
  }

  /** A coordinator and {@code workers} workers, once each worker is accepted. */
  private ActorSystem<Coordinator.Command> cluster(int workers) {
    int port = freePort();
    ActorSystem<Coordinator.Command> coordinator =
        ClusterNodes.start(
            Coordinator.create(BUILD, Secret.none()),
            ClusterNodes.config("127.0.0.1", port, "127.0.0.1:" + port, "coordinator"));
    systems.add(coordinator);
    TestProbe<Coordinator.Event> events = TestProbe.create(coordinator);
    coordinator.tell(new Coordinator.Subscribe(events.ref()));
    for (int i = 0; i < workers; i++) {
      systems.add(
          ClusterNodes.start(
              Worker.create(BUILD, Secret.none(), 1, scratch, why -> {}),
              ClusterNodes.config("127.0.0.1", 0, seedOf(coordinator), "worker")));
    }
    for (int i = 0; i < workers; i++) {
      events.expectMessageClass(Coordinator.NodeAccepted.class, Duration.ofSeconds(30));
    }
    // and once every worker's consumer is listed where the coordinator's producer finds it (the
    // receptionist's gossip can lag the registration): else the first worker could take every unit
    TestProbe<Receptionist.Listing> listings = TestProbe.create(coordinator);
    coordinator.receptionist().tell(Receptionist.subscribe(Coordinator.WORK_KEY, listings.ref()));
    listings.fishForMessage(
        Duration.ofSeconds(30),
        l ->
            l.getServiceInstances(Coordinator.WORK_KEY).size() >= workers
                ? FishingOutcomes.complete()
                : FishingOutcomes.continueAndIgnore());
    return coordinator;
  }

  private static String seedOf(ActorSystem<?> coordinator) {
    return Coordinator.hostPort(coordinator.address());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ScenarioRunner runner() {
    return ScenarioRunner.prepare(
        ScenarioLoader.load("lost-update"), ScenarioRunner.Options.defaults());
  }

  private Explorer.Result local(ScenarioRunner runner, int runs) {
    return new Explorer(runner, settings(runner, runs, "local")).explore();
  }

  private Explorer.Result merged(ScenarioRunner runner, int runs, List<SeedTally> tallies) {
    return new Explorer(runner, settings(runner, runs, "cluster")).explore(() -> tallies);
  }

  private Explorer.Settings settings(ScenarioRunner runner, int runs, String dir) {
    return new Explorer.Settings("random", runs, null, 0, SEED, 1, scratch.resolve(dir));
  }

  private static void assertSameReport(Explorer.Result local, Explorer.Result cluster) {
    assertThat(cluster.runs()).isEqualTo(local.runs());
    assertThat(rows(cluster)).isEqualTo(rows(local)); // names in order, counts, first seeds
    assertThat(cluster.coverage()).isEqualTo(local.coverage());
    assertThat(cluster.firstFailure().seed()).isEqualTo(local.firstFailure().seed());
    assertThat(cluster.firstFailure().outcome()).isEqualTo(local.firstFailure().outcome());
    assertThat(cluster.firstFailure().choices()).isEqualTo(local.firstFailure().choices());
    assertThat(cluster.rerun()).isEqualTo(local.rerun());
    assertThat(cluster.leaks()).isEqualTo(local.leaks());
    assertThat(cluster.truncated()).isEqualTo(local.truncated());
    assertThat(cluster.verdicts()).isEqualTo(local.verdicts());
  }

  private static List<String> rows(Explorer.Result r) {
    Map<String, String> rows = new LinkedHashMap<>();
    r.histogram()
        .forEach(
            (name, b) ->
                rows.put(name, b.count + " " + b.outcome.outcomeClass() + " " + b.firstSeed));
    Set<String> keys = rows.keySet();
    List<String> out = new ArrayList<>();
    keys.forEach(k -> out.add(k + " " + rows.get(k)));
    return out;
  }
}
