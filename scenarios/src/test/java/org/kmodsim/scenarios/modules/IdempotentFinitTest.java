package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.cpu.Cpu;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Cred;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.scenarios.machine.ProgramSpec;
import org.kmodsim.sim.EndReason;
import org.kmodsim.sim.RunSpec;

/**
 * 6.4+ idempotent finit_module: concurrent calls on one file share the first caller's load and
 * return its result; init_module, other files and older eras are not coalesced.
 */
class IdempotentFinitTest {
  @TempDir static Path dir;

  /** A second file with the same module (hello) in it: another inode. */
  static String otherHello;

  @BeforeAll
  static void copyHello() throws IOException {
    try (InputStream in = IdempotentFinitTest.class.getResourceAsStream("/modules/hello.conf")) {
      otherHello = dir.resolve("hello.conf").toString();
      Files.writeString(Path.of(otherHello), new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static MachineSpec twoLoads(Era era, String first, String second) {
    return ModuleMachine.spec(era, 3, "spin 1us")
        .withPrograms(
            List.of(
                ModuleRacesTest.program(1, "[\"" + first + "\"]", 0),
                ModuleRacesTest.program(2, "[\"" + second + "\"]", 0)));
  }

  static List<Cpu.ProgramFinished> users(MachineRun.Outcome outcome) {
    List<Cpu.ProgramFinished> users = new ArrayList<>();
    outcome.report().finishedPrograms().stream()
        .filter(p -> p.program().startsWith("user"))
        .forEach(users::add);
    return users;
  }

  static long count(List<String> lines, String line) {
    return lines.stream().filter(line::equals).count();
  }

  @Test
  void concurrentInsmodOfOneFileIn6xLoadsOnceAndBothReturnZero() {
    int coalesced = 0;
    for (long seed = 1; seed <= 50; seed++) {
      MachineRun.Outcome outcome =
          ModuleMachine.run(twoLoads(Era.V6_X, "insmod hello.conf", "insmod hello.conf"), seed);
      List<Integer> statuses = new ArrayList<>();
      users(outcome).forEach(p -> statuses.add(p.exitStatus()));
      assertThat(count(ModuleMachine.dmesg(outcome), ModuleMachine.HELLO_SINCE_36))
          .as("seed %d", seed)
          .isEqualTo(1);
      if (outcome.result().coverage().containsKey("finit_module-coalesced")) {
        coalesced++;
        assertThat(statuses).as("seed %d", seed).containsExactly(0, 0);
      } else {
        // The second call came after the first had returned: an ordinary second load.
        assertThat(statuses).as("seed %d", seed).containsExactlyInAnyOrder(0, 1);
      }
      assertThat(outcome.result().violations()).isEmpty();
    }
    assertThat(coalesced).as("seeds where the calls overlapped").isGreaterThan(25);
  }

  @Test
  void theWaiterReturnsTheFirstCallersErrorAndInitRunsOnce() {
    for (long seed = 1; seed <= 20; seed++) {
      MachineRun.Outcome outcome =
          ModuleMachine.run(
              twoLoads(Era.V6_X, "insmod initfail.conf", "insmod initfail.conf"), seed);
      if (!outcome.result().coverage().containsKey("finit_module-coalesced")) {
        continue;
      }
      List<Cpu.ProgramFinished> users = users(outcome);
      assertThat(users)
          .extracting(Cpu.ProgramFinished::errors)
          .containsOnly("insmod: ERROR: could not insert module initfail.conf: No such device\n");
      assertThat(count(ModuleMachine.dmesg(outcome), "initfail: no device found")).isEqualTo(1);
    }
  }

  @Test
  void anotherFileOfTheSameModuleIsNotCoalesced() {
    for (long seed = 1; seed <= 30; seed++) {
      MachineRun.Outcome outcome =
          ModuleMachine.run(twoLoads(Era.V6_X, "insmod hello.conf", "insmod " + otherHello), seed);
      assertThat(outcome.result().coverage()).doesNotContainKey("finit_module-coalesced");
      List<Integer> statuses = new ArrayList<>();
      users(outcome).forEach(p -> statuses.add(p.exitStatus()));
      assertThat(statuses).as("seed %d", seed).containsExactlyInAnyOrder(0, 1);
    }
  }

  @Test
  void before64AConcurrentInsmodOfTheSameFileIsAnOrdinarySecondLoad() {
    for (long seed = 1; seed <= 30; seed++) {
      MachineRun.Outcome outcome =
          ModuleMachine.run(twoLoads(Era.V4_X, "insmod hello.conf", "insmod hello.conf"), seed);
      assertThat(outcome.result().coverage()).doesNotContainKey("finit_module-coalesced");
      List<String> errors = new ArrayList<>();
      List<Integer> statuses = new ArrayList<>();
      users(outcome)
          .forEach(
              p -> {
                statuses.add(p.exitStatus());
                errors.add(p.errors());
              });
      assertThat(statuses).as("seed %d", seed).containsExactlyInAnyOrder(0, 1);
      assertThat(String.join("", errors))
          .isEqualTo("insmod: ERROR: could not insert module hello.conf: File exists\n");
    }
  }

  /** init_module carries a copy of the image, not a file: 0 and -EEXIST or -EBUSY. */
  @Test
  void concurrentInitModuleIsNotCoalesced() {
    for (long seed = 1; seed <= 30; seed++) {
      List<Long> results = Collections.synchronizedList(new ArrayList<>());
      MachineSpec spec =
          ModuleMachine.spec(Era.V6_X, 3, "spin 1us")
              .withPrograms(
                  List.of(
                      call(1, "init_module hello.conf", results),
                      call(2, "init_module hello.conf", results)));
      MachineRun.Outcome outcome = ModuleMachine.run(spec, seed);
      assertThat(outcome.result().coverage()).doesNotContainKey("finit_module-coalesced");
      assertThat(results).as("seed %d", seed).hasSize(2).contains(0L);
      assertThat(results).as("seed %d", seed).containsAnyOf(-17L, -16L);
    }
  }

  @Test
  void coalescedFinitModuleOnRealThreads() {
    for (long seed = 1; seed <= 5; seed++) {
      MachineRun.Outcome outcome =
          MachineRun.run(
              twoLoads(Era.V6_X, "insmod hello.conf", "insmod hello.conf"),
              RunSpec.concurrent(seed)
                  .withTrace(5_000)
                  .withLimits(50_000_000L, Long.MAX_VALUE, java.time.Duration.ofSeconds(60)));
      assertThat(outcome.result().end()).isEqualTo(EndReason.HALTED);
      assertThat(count(ModuleMachine.dmesg(outcome), ModuleMachine.HELLO_SINCE_36)).isEqualTo(1);
      List<Integer> statuses = new ArrayList<>();
      users(outcome).forEach(p -> statuses.add(p.exitStatus()));
      assertThat(statuses).isIn(List.of(0, 0), List.of(0, 1), List.of(1, 0));
      if (outcome.result().coverage().containsKey("finit_module-coalesced")) {
        assertThat(statuses).containsExactly(0, 0);
      }
    }
  }

  static ProgramSpec call(int cpu, String line, List<Long> results) {
    return new ProgramSpec(
        cpu,
        "user" + cpu,
        commands ->
            List.of(
                commands.parse(line),
                new Step() {
                  @Override
                  public StepResult run(CpuContext c) {
                    results.add(c.result());
                    return StepResult.NEXT;
                  }

                  @Override
                  public String name() {
                    return "record";
                  }
                }),
        0,
        Cred.root());
  }
}
