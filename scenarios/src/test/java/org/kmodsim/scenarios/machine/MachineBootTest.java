package org.kmodsim.scenarios.machine;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.Cpu;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.cli.BootWorkload;
import org.kmodsim.sim.EndReason;
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.RunSpec;

class MachineBootTest {

  static MachineSpec contention(int cpus, int rounds) {
    return contention(cpus, rounds, "40ns");
  }

  static MachineSpec contention(int cpus, int rounds, String transfer) {
    return new MachineSpec(
        ConfigFactory.parseString("kmodsim.machine.cache-line-transfer = " + transfer)
            .withFallback(ConfigFactory.load()),
        Era.V6_X,
        cpus,
        List.of(),
        BootWorkload.programs(cpus, rounds, 100),
        List.of(),
        Cred.root(),
        0);
  }

  static MachineRun.Outcome boot(MachineSpec spec, long seed) {
    return MachineRun.run(spec, RunSpec.deterministic(seed));
  }

  @Test
  void bootsFourCpusAndEveryCpuFinishesItsProgram() {
    MachineRun.Outcome outcome = boot(contention(4, 50, "0ns"), 1);
    RunResult result = outcome.result();
    assertThat(result.end()).isEqualTo(EndReason.HALTED);
    assertThat(result.haltReason()).isEqualTo("all programs finished");
    assertThat(outcome.report().finishedPrograms())
        .extracting(Cpu.ProgramFinished::cpu)
        .containsExactlyInAnyOrder(0, 1, 2, 3);
    // 50 rounds of (spin 100ns + atomic_inc_return): 100 steps + the repeat itself.
    assertThat(outcome.report().finishedPrograms())
        .allSatisfy(
            done -> {
              assertThat(done.stepsRun()).isEqualTo(101);
              assertThat(done.busyNanos()).isEqualTo(5_000);
            });
    assertThat(result.virtualTimeNanos()).isEqualTo(5_000);
    assertThat(result.foreignSubmissions()).isZero();
  }

  @Test
  void aContendedCacheLineServesOneCpuAtATime() {
    // 4 CPUs x 50 increments, 40 ns each to move the line: at least 8 us in all, and
    // each CPU pays its own 5 us of spinning on top of some of that.
    RunResult result = boot(contention(4, 50, "40ns"), 1).result();
    assertThat(result.virtualTimeNanos())
        .isGreaterThanOrEqualTo(8_000)
        .isLessThan(5_000 + 8_000 + 1);
  }

  @Test
  void sameSeedBootsIdenticallyAndSeedsDiffer() {
    Set<String> digests = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      String first = boot(contention(4, 5), seed).result().traceDigest();
      assertThat(boot(contention(4, 5), seed).result().traceDigest()).isEqualTo(first);
      digests.add(first);
    }
    assertThat(digests).hasSizeGreaterThan(5);
  }

  @Test
  void theSameMachineRunsInConcurrentMode() {
    MachineRun.Outcome outcome = MachineRun.run(contention(4, 500), RunSpec.concurrent(1));
    assertThat(outcome.result().end()).isEqualTo(EndReason.HALTED);
    assertThat(outcome.report().finishedPrograms())
        .hasSize(4)
        .allSatisfy(done -> assertThat(done.stepsRun()).isEqualTo(1001));
  }

  @Test
  void aDurationBoundMachineKillsEndlessProgramsAndKeepsTheirMeasurements() {
    MachineSpec endless =
        contention(2, 1)
            .withPrograms(
                List.of(
                    ProgramSpec.of(
                        0,
                        "forever",
                        commands ->
                            List.of(
                                new org.kmodsim.cpu.Repeat(
                                    Integer.MAX_VALUE,
                                    List.of(
                                        new org.kmodsim.cpu.Measure(
                                            "spin", List.of(new org.kmodsim.cpu.Spin(1_000))))))),
                    ProgramSpec.of(1, "short", commands -> List.of(new org.kmodsim.cpu.Spin(10)))))
            .withStopAt(100_000);
    MachineRun.Outcome outcome = boot(endless, 1);
    assertThat(outcome.result().haltReason()).isEqualTo("all programs finished");
    Cpu.ProgramFinished forever =
        outcome.report().finishedPrograms().stream()
            .filter(p -> p.program().equals("forever"))
            .findFirst()
            .orElseThrow();
    assertThat(forever.exitStatus()).isEqualTo(137);
    assertThat(forever.latencies().get("spin").getTotalCount()).isBetween(99L, 100L);
    assertThat(outcome.result().virtualTimeNanos()).isBetween(100_000L, 101_000L);
  }

  @Test
  void theFinaleRunsAfterEveryProgramAndBeforeTheHalt() {
    MachineRun.Outcome outcome = boot(contention(2, 3).withFinale(List.of("echo done")), 1);
    assertThat(outcome.report().shellResults())
        .singleElement()
        .satisfies(r -> assertThat(r.output()).isEqualTo("done\n"));
    assertThat(outcome.report().finishedPrograms()).hasSize(2);
    assertThat(outcome.result().haltReason()).isEqualTo("all programs finished");
  }

  @Test
  void aProgramForACpuTheMachineDoesNotHaveIsBadInput() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> contention(2, 1).withPrograms(BootWorkload.programs(3, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cpu2");
  }
}
