package org.kmodsim.scenarios.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.Cpu;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.scenarios.machine.ProgramSpec;
import org.kmodsim.scenarios.testing.SeedSearch;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.Violation;

/** Probe hits from several CPUs: instance pools, lossy counters, grace periods, freed owners. */
class KprobeRaceTest {
  static final String HANDLERS = "kretprobe-return-handlers";
  static final String POOL_EMPTY = "kretprobe-pool-empty";
  static final String NMISSED = "kprobes-nmissed-increments";
  static final String HITS = "kprobes-hits";

  static long count(MachineRun.Outcome outcome, String probe) {
    return outcome.result().coverage().getOrDefault(probe, 0L);
  }

  static String output(MachineRun.Outcome outcome, String program) {
    return outcome.report().finishedPrograms().stream()
        .filter(p -> p.program().equals(program))
        .map(Cpu.ProgramFinished::output)
        .findFirst()
        .orElseThrow();
  }

  /** cpu0 registers the kretprobe, cpu1..3 call vfs_read 20 times each, cpu0 reads nmissed. */
  static MachineRun.Outcome kretprobeMaxactiveOne(long seed) {
    List<ProgramSpec> programs =
        List.of(
            KprobeTestKernel.program(
                0,
                "setup",
                "[\"register_kretprobe rp symbol_name=vfs_read"
                    + " maxactive=1 handler='spin 50ns'\", \"spin 100us\", \"kretprobe_nmissed rp\","
                    + " \"unregister_kretprobe rp\"]"),
            caller(1),
            caller(2),
            caller(3));
    MachineSpec spec = KprobeTestKernel.machine(Era.V6_X, 4).withPrograms(programs);
    return MachineRun.run(spec, RunSpec.deterministic(seed));
  }

  static ProgramSpec caller(int cpu) {
    return KprobeTestKernel.program(
        cpu,
        "caller" + cpu,
        5_000,
        "[{repeat = 20, steps = [\"kcall vfs_read 1us\", \"spin 100ns\"]}]");
  }

  @Test
  void fourCpusOnAKretprobeWithMaxactiveOneMissReturnEventsAndCountEveryCall() {
    // The pool runs empty when a second CPU enters while one is inside: the seed decides.
    SeedSearch.Result<MachineRun.Outcome> found =
        SeedSearch.of(
                KprobeRaceTest::kretprobeMaxactiveOne,
                o -> count(o, POOL_EMPTY) > 0 ? "pool ran empty" : "no overlap")
            .expect("pool ran empty")
            .allow("no overlap")
            .everyRun(
                (seed, outcome) -> {
                  long handlers = count(outcome, HANDLERS);
                  long poolEmpty = count(outcome, POOL_EMPTY);
                  long nmissed = Long.parseLong(output(outcome, "setup").strip());
                  assertThat(outcome.result().violations()).as("seed %d", seed).isEmpty();
                  assertThat(handlers + poolEmpty).as("seed %d", seed).isEqualTo(60);
                  assertThat(nmissed)
                      .as("seed %d", seed)
                      .isBetween(Math.min(1L, poolEmpty), poolEmpty);
                })
            .within(50);
    long seed = found.firstSeed("pool ran empty");
    MachineRun.Outcome outcome = found.run("pool ran empty");
    long handlers = count(outcome, HANDLERS);
    long poolEmpty = count(outcome, POOL_EMPTY);
    long nmissed = Long.parseLong(output(outcome, "setup").strip());
    assertThat(poolEmpty).isPositive();
    assertThat(nmissed).isBetween(1L, poolEmpty);
    MachineRun.Outcome again = kretprobeMaxactiveOne(seed);
    assertThat(count(again, HANDLERS)).isEqualTo(handlers);
    assertThat(output(again, "setup")).isEqualTo(output(outcome, "setup"));
    assertThat(again.result().traceDigest()).isEqualTo(outcome.result().traceDigest());
  }

  @Test
  void aDefaultPoolIsLargeEnoughForFourCpus() {
    List<ProgramSpec> programs =
        List.of(
            KprobeTestKernel.program(
                0,
                "setup",
                "[\"register_kretprobe rp symbol_name=vfs_read"
                    + " handler='spin 50ns'\", \"spin 100us\", \"kretprobe_nmissed rp\"]"),
            caller(1),
            caller(2),
            caller(3));
    MachineSpec spec = KprobeTestKernel.machine(Era.V6_X, 4).withPrograms(programs);
    SeedSearch.of(
            seed -> MachineRun.run(spec, RunSpec.deterministic(seed)),
            o ->
                count(o, HANDLERS) == 60 && output(o, "setup").equals("0\n")
                    ? "every return"
                    : "returns missed: " + count(o, HANDLERS) + ", nmissed " + output(o, "setup"))
        .expect("every return")
        .allSeeds()
        .within(10);
  }

  /**
   * The owner module leaves without unregistering while another CPU calls the probed function:
   * depending on who wins, the call runs before the module is freed (fine) or hits the freed probe
   * (use-after-free oops).
   */
  static MachineRun.Outcome ownerUnload(long seed, boolean unregisterFirst) {
    String exit =
        unregisterFirst
            ? "\"unregister_kprobe kp owner=probemod\", \"module_going probemod\""
            : "\"module_going probemod\"";
    List<ProgramSpec> programs =
        List.of(
            KprobeTestKernel.program(
                0,
                "probemod",
                "[\"register_kprobe kp owner=probemod"
                    + " symbol_name=vfs_write offset=9 pre='spin 20ns'\", \"spin 1us\", "
                    + exit
                    + "]"),
            KprobeTestKernel.program(1, "writer", 1_000, "[\"kcall vfs_write\"]"));
    MachineSpec spec = KprobeTestKernel.machine(Era.V6_X, 2).withPrograms(programs);
    return MachineRun.run(spec, RunSpec.deterministic(seed));
  }

  @Test
  void ownerUnloadWithoutUnregisterIsAUseAfterFreeFoundWithinAThousandSeeds() {
    SeedSearch.Result<MachineRun.Outcome> found =
        SeedSearch.of(
                seed -> ownerUnload(seed, false),
                o ->
                    o.result().violations().isEmpty()
                        ? "call ran before the free"
                        : "use-after-free")
            .expect("use-after-free", "call ran before the free")
            .everyRun(
                (seed, outcome) -> {
                  List<Violation> violations = outcome.result().violations();
                  if (!violations.isEmpty()) {
                    assertThat(violations)
                        .extracting(Violation::kind)
                        .containsExactly("use-after-free", "oops");
                  }
                })
            .within(1000);
    MachineRun.Outcome replay = ownerUnload(found.firstSeed("use-after-free"), false);
    assertThat(replay.result().violations()).hasSize(2);
    Cpu.ProgramFinished writer =
        replay.report().finishedPrograms().stream()
            .filter(p -> p.program().equals("writer"))
            .findFirst()
            .orElseThrow();
    assertThat(writer.exitStatus()).isEqualTo(137);
    assertThat(writer.errors()).isEqualTo("Killed\n");
  }

  @Test
  void ownerThatUnregistersBeforeLeavingNeverOopses() {
    for (long seed = 1; seed <= 200; seed++) {
      assertThat(ownerUnload(seed, true).result().violations()).as("seed " + seed).isEmpty();
    }
  }

  /**
   * Unregistering waits for a CPU that is in the probe's handler: the unregister returns only after
   * the handler finished (synchronize_rcu), so the owner may then free it.
   */
  @Test
  void unregisterWaitsForHandlersInProgress() {
    List<ProgramSpec> programs =
        List.of(
            KprobeTestKernel.program(
                0,
                "owner",
                "[\"register_kprobe kp symbol_name=vfs_write"
                    + " offset=9 pre='trace handler-start; spin 10us; trace handler-end'\","
                    + " \"spin 2us\", \"trace unregister-start\", \"unregister_kprobe kp\","
                    + " \"trace unregister-done\"]"),
            KprobeTestKernel.program(1, "writer", 1_000, "[\"kcall vfs_write\"]"));
    for (long seed = 1; seed <= 10; seed++) {
      MachineRun.Outcome outcome =
          MachineRun.run(
              KprobeTestKernel.machine(Era.V6_X, 2).withPrograms(programs),
              RunSpec.deterministic(seed).withTrace(10_000));
      List<String> order =
          outcome.result().trace().stream()
              .filter(e -> e.kind().equals("trace"))
              .map(e -> e.detail())
              .toList();
      assertThat(order)
          .as("seed %d", seed)
          .containsExactly("handler-start", "unregister-start", "handler-end", "unregister-done");
      long unregistered =
          outcome.result().trace().stream()
              .filter(e -> e.detail().equals("unregister-done"))
              .findFirst()
              .orElseThrow()
              .timeNanos();
      assertThat(unregistered).as("seed %d", seed).isGreaterThanOrEqualTo(11_000);
    }
  }

  /**
   * Concurrent mode: A on vfs_read calls vfs_write from its pre-handler, where B is: every such
   * call is a recursion and misses B; direct calls of vfs_write hit B. Each call is counted once as
   * a hit or a miss attempt; B's nmissed can lose concurrent increments but never gains.
   */
  @Test
  void concurrentHitsAccountForEveryCall() {
    int rounds = 25;
    List<ProgramSpec> programs = new java.util.ArrayList<>();
    programs.add(
        KprobeTestKernel.program(
            0,
            "setup",
            "[\"register_kprobe a symbol_name=vfs_read"
                + " offset=9 pre='kcall vfs_write 10ns'\", \"register_kprobe b symbol_name=vfs_write"
                + " offset=9 pre='spin 10ns'\"]"));
    for (int cpu = 1; cpu <= 3; cpu++) {
      programs.add(
          KprobeTestKernel.program(
              cpu,
              "cpu" + cpu,
              0,
              "[\"wait_registered b\", {repeat = "
                  + rounds
                  + ", steps = [\"kcall vfs_read 100ns\","
                  + " \"kcall vfs_write 100ns\"]}]"));
    }
    // The counters are read once every caller has finished (the finale), not after a wall-clock
    // wait that a loaded machine may outlast.
    MachineRun.Outcome outcome =
        MachineRun.run(
            KprobeTestKernel.machine(Era.V6_X, 4)
                .withPrograms(programs)
                .withFinale(List.of("kprobe_nmissed b", "kprobe_nmissed a")),
            RunSpec.concurrent(3));
    int calls = 3 * rounds * 3; // vfs_read, vfs_write from a's handler, vfs_write directly
    long hits = count(outcome, HITS);
    long missAttempts = count(outcome, NMISSED);
    String[] nmissed =
        outcome.report().shellResults().stream()
            .filter(r -> r.command().startsWith("kprobe_nmissed"))
            .map(r -> r.output().strip())
            .toArray(String[]::new);
    assertThat(outcome.result().violations()).isEmpty();
    assertThat(hits + missAttempts).isEqualTo(calls);
    assertThat(missAttempts).isEqualTo(3 * rounds);
    assertThat(Long.parseLong(nmissed[0])).isBetween(1L, missAttempts);
    assertThat(nmissed[1]).isEqualTo("0");
  }

  static Map<String, Long> coverage(MachineRun.Outcome outcome) {
    return outcome.result().coverage();
  }

  /**
   * A kretprobe is unregistered while a call is in flight: when the function returns, the
   * trampoline finds the probe gone and skips the handler; nothing touches freed memory.
   */
  @Test
  void returnOfACallInFlightAfterUnregisterSkipsTheHandler() {
    List<ProgramSpec> programs =
        List.of(
            KprobeTestKernel.program(
                0,
                "owner",
                "[\"register_kretprobe rp symbol_name=vfs_write"
                    + " handler='trace return-handler'\", \"spin 2us\", \"unregister_kretprobe rp\","
                    + " \"trace unregistered\", \"module_going probemod\"]"),
            KprobeTestKernel.program(
                1, "writer", 1_000, "[\"kcall vfs_write 10us\"," + " \"trace returned\"]"));
    for (long seed = 1; seed <= 10; seed++) {
      MachineRun.Outcome outcome =
          MachineRun.run(
              KprobeTestKernel.machine(Era.V6_X, 2).withPrograms(programs),
              RunSpec.deterministic(seed).withTrace(10_000));
      List<String> order =
          outcome.result().trace().stream()
              .filter(e -> e.kind().equals("trace"))
              .map(e -> e.detail())
              .toList();
      assertThat(order).as("seed %d", seed).containsExactly("unregistered", "returned");
      assertThat(outcome.result().violations()).as("seed %d", seed).isEmpty();
    }
  }
}
