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
        .filter(p -> p.program().equals(program)).map(Cpu.ProgramFinished::output)
        .findFirst().orElseThrow();
  }

  /** cpu0 registers the kretprobe, cpu1..3 call vfs_read 20 times each, cpu0 reads nmissed. */
  static MachineRun.Outcome kretprobeMaxactiveOne(long seed) {
    List<ProgramSpec> programs = List.of(
        KprobeTestKernel.program(0, "setup", "[\"register_kretprobe rp symbol_name=vfs_read"
            + " maxactive=1 handler='spin 50ns'\", \"spin 100us\", \"kretprobe_nmissed rp\","
            + " \"unregister_kretprobe rp\"]"),
        caller(1), caller(2), caller(3));
    MachineSpec spec = KprobeTestKernel.machine(Era.V6_X, 4).withPrograms(programs);
    return MachineRun.run(spec, RunSpec.deterministic(seed));
  }

  static ProgramSpec caller(int cpu) {
    return KprobeTestKernel.program(cpu, "caller" + cpu, 5_000,
        "[{repeat = 20, steps = [\"kcall vfs_read 1us\", \"spin 100ns\"]}]");
  }

  @Test
  void fourCpusOnAKretprobeWithMaxactiveOneMissReturnEventsAndCountEveryCall() {
    MachineRun.Outcome outcome = kretprobeMaxactiveOne(42);
    long handlers = count(outcome, HANDLERS);
    long poolEmpty = count(outcome, POOL_EMPTY);
    long nmissed = Long.parseLong(output(outcome, "setup").strip());
    assertThat(outcome.result().violations()).isEmpty();
    assertThat(handlers + poolEmpty).isEqualTo(60);
    assertThat(poolEmpty).isPositive();
    assertThat(nmissed).isBetween(1L, poolEmpty);
    MachineRun.Outcome again = kretprobeMaxactiveOne(42);
    assertThat(count(again, HANDLERS)).isEqualTo(handlers);
    assertThat(output(again, "setup")).isEqualTo(output(outcome, "setup"));
    assertThat(again.result().traceDigest()).isEqualTo(outcome.result().traceDigest());
  }

  @Test
  void aDefaultPoolIsLargeEnoughForFourCpus() {
    List<ProgramSpec> programs = List.of(
        KprobeTestKernel.program(0, "setup", "[\"register_kretprobe rp symbol_name=vfs_read"
            + " handler='spin 50ns'\", \"spin 100us\", \"kretprobe_nmissed rp\"]"),
        caller(1), caller(2), caller(3));
    MachineRun.Outcome outcome = MachineRun.run(
        KprobeTestKernel.machine(Era.V6_X, 4).withPrograms(programs),
        RunSpec.deterministic(42));
    assertThat(count(outcome, HANDLERS)).isEqualTo(60);
    assertThat(output(outcome, "setup")).isEqualTo("0\n");
  }

  /**
   * The owner module leaves without unregistering while another CPU calls the probed function:
   * depending on who wins, the call runs before the module is freed (fine) or hits the freed
   * probe (use-after-free oops).
   */
  static MachineRun.Outcome ownerUnload(long seed, boolean unregisterFirst) {
    String exit = unregisterFirst
        ? "\"unregister_kprobe kp owner=probemod\", \"module_going probemod\""
        : "\"module_going probemod\"";
    List<ProgramSpec> programs = List.of(
        KprobeTestKernel.program(0, "probemod", "[\"register_kprobe kp owner=probemod"
            + " symbol_name=vfs_write offset=9 pre='spin 20ns'\", \"spin 1us\", " + exit + "]"),
        KprobeTestKernel.program(1, "writer", 1_000, "[\"kcall vfs_write\"]"));
    MachineSpec spec = KprobeTestKernel.machine(Era.V6_X, 2).withPrograms(programs);
    return MachineRun.run(spec, RunSpec.deterministic(seed));
  }

  @Test
  void ownerUnloadWithoutUnregisterIsAUseAfterFreeFoundWithinAThousandSeeds() {
    long found = -1;
    int survived = 0;
    for (long seed = 1; seed <= 1000 && (found < 0 || survived == 0); seed++) {
      List<Violation> violations = ownerUnload(seed, false).result().violations();
      if (violations.isEmpty()) {
        survived++;
      } else {
        assertThat(violations).extracting(Violation::kind)
            .containsExactly("use-after-free", "oops");
        found = found < 0 ? seed : found;
      }
    }
    assertThat(found).as("seed of the first use-after-free").isPositive();
    assertThat(survived).as("seeds where the call ran before the module was freed").isPositive();
    MachineRun.Outcome replay = ownerUnload(found, false);
    assertThat(replay.result().violations()).hasSize(2);
    Cpu.ProgramFinished writer = replay.report().finishedPrograms().stream()
        .filter(p -> p.program().equals("writer")).findFirst().orElseThrow();
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
   * Unregistering waits for a CPU that is in the probe's handler: the unregister returns only
   * after the handler finished (synchronize_rcu), so the owner may then free it.
   */
  @Test
  void unregisterWaitsForHandlersInProgress() {
    List<ProgramSpec> programs = List.of(
        KprobeTestKernel.program(0, "owner", "[\"register_kprobe kp symbol_name=vfs_write"
            + " offset=9 pre='trace handler-start; spin 10us; trace handler-end'\","
            + " \"spin 2us\", \"trace unregister-start\", \"unregister_kprobe kp\","
            + " \"trace unregister-done\"]"),
        KprobeTestKernel.program(1, "writer", 1_000, "[\"kcall vfs_write\"]"));
    MachineRun.Outcome outcome = MachineRun.run(
        KprobeTestKernel.machine(Era.V6_X, 2).withPrograms(programs),
        RunSpec.deterministic(7).withTrace(10_000));
    List<String> order = outcome.result().trace().stream()
        .filter(e -> e.kind().equals("trace")).map(e -> e.detail()).toList();
    assertThat(order).containsExactly(
        "handler-start", "unregister-start", "handler-end", "unregister-done");
    long unregistered = outcome.result().trace().stream()
        .filter(e -> e.detail().equals("unregister-done")).findFirst().orElseThrow().timeNanos();
    assertThat(unregistered).isGreaterThanOrEqualTo(11_000);
  }

  /**
   * Concurrent mode: A on vfs_read calls vfs_write from its pre-handler, where B is: every such
   * call is a recursion and misses B; direct calls of vfs_write hit B. Each call is counted once
   * as a hit or a miss attempt; B's nmissed can lose concurrent increments but never gains.
   */
  @Test
  void concurrentHitsAccountForEveryCall() {
    int rounds = 25;
    List<ProgramSpec> programs = new java.util.ArrayList<>();
    programs.add(KprobeTestKernel.program(0, "setup", "[\"register_kprobe a symbol_name=vfs_read"
        + " offset=9 pre='kcall vfs_write 10ns'\", \"register_kprobe b symbol_name=vfs_write"
        + " offset=9 pre='spin 10ns'\", \"spin 200ms\", \"kprobe_nmissed b\","
        + " \"kprobe_nmissed a\"]"));
    for (int cpu = 1; cpu <= 3; cpu++) {
      programs.add(KprobeTestKernel.program(cpu, "cpu" + cpu, 0,
          "[\"wait_registered b\", {repeat = " + rounds + ", steps = [\"kcall vfs_read 100ns\","
              + " \"kcall vfs_write 100ns\"]}]"));
    }
    MachineRun.Outcome outcome = MachineRun.run(
        KprobeTestKernel.machine(Era.V6_X, 4).withPrograms(programs),
        RunSpec.concurrent(3));
    int calls = 3 * rounds * 3; // vfs_read, vfs_write from a's handler, vfs_write directly
    long hits = count(outcome, HITS);
    long missAttempts = count(outcome, NMISSED);
    String[] nmissed = output(outcome, "setup").strip().split("\n");
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
    List<ProgramSpec> programs = List.of(
        KprobeTestKernel.program(0, "owner", "[\"register_kretprobe rp symbol_name=vfs_write"
            + " handler='trace return-handler'\", \"spin 2us\", \"unregister_kretprobe rp\","
            + " \"trace unregistered\", \"module_going probemod\"]"),
        KprobeTestKernel.program(1, "writer", 1_000, "[\"kcall vfs_write 10us\","
            + " \"trace returned\"]"));
    MachineRun.Outcome outcome = MachineRun.run(
        KprobeTestKernel.machine(Era.V6_X, 2).withPrograms(programs),
        RunSpec.deterministic(3).withTrace(10_000));
    List<String> order = outcome.result().trace().stream()
        .filter(e -> e.kind().equals("trace")).map(e -> e.detail()).toList();
    assertThat(order).containsExactly("unregistered", "returned");
    assertThat(outcome.result().violations()).isEmpty();
  }
}
