package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Cred;
import org.kmodsim.cpu.Services;
import org.kmodsim.cpu.StepParser;
import org.kmodsim.kernel.BootContext;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Subsystem;
import org.kmodsim.kernel.module.ModuleEvent;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.module.ModuleSubsystem;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.scenarios.machine.ProgramSpec;

/** The 2.4 lost update, the notifier chain, and same-name loads racing. */
class ModuleRacesTest {

  static ProgramSpec program(int cpu, String hocon, long startAt) {
    com.typesafe.config.ConfigValue value = ConfigFactory.parseString("p = " + hocon).getValue("p");
    return new ProgramSpec(
        cpu, "user" + cpu, commands -> new StepParser(commands).parse(value), startAt, Cred.root());
  }

  @Test
  void modIncUseCountOf24IsAtomicAndNeverLosesAnUpdate() {
    MachineSpec spec =
        ModuleMachine.spec(
                Era.V2_4, 3, "spin 1us; insmod chardev.conf; spin 50us; cat /proc/modules")
            .withPrograms(
                List.of(
                    program(1, "[{repeat = 5, steps = [\"MOD_INC_USE_COUNT chardev\"]}]", 10_000),
                    program(2, "[{repeat = 5, steps = [\"MOD_INC_USE_COUNT chardev\"]}]", 10_000)));
    // 2.4 include/linux/module.h: __MOD_INC_USE_COUNT(mod) is
    // (atomic_inc(&(mod)->uc.usecount), (mod)->flags |= MOD_VISITED|MOD_USED_ONCE): ten
    // increments from two CPUs always count ten, in every schedule.
    for (int seed = 1; seed <= 200; seed++) {
      String proc = ModuleMachine.run(spec, seed).report().shellResults().get(3).output();
      assertThat(Long.parseLong(proc.substring(28, 32).trim())).as("seed %d", seed).isEqualTo(10L);
    }
  }

  @Test
  void era24ExporterRemovedBetweenKsymsReadAndInitModuleIsEinval() {
    // importer's insmod reads /proc/ksyms at about 4.6 us and relocates for 1.6 us after
    // create_module: rmmod exporter lands in between.
    MachineSpec spec =
        ModuleMachine.spec(
                Era.V2_4, 2, "spin 1us; insmod exporter.conf; spin 2us; insmod importer.conf")
            .withPrograms(List.of(program(1, "[\"rmmod exporter\"]", 5_000)));
    int window = 0;
    for (int seed = 1; seed <= 300 && window == 0; seed++) {
      MachineRun.Outcome outcome = ModuleMachine.run(spec, seed);
      if (ModuleMachine.dmesg(outcome)
          .contains("init_module: found dependency that is (no longer?) a module.")) {
        assertThat(outcome.report().shellResults().get(3).errors())
            .isEqualTo("importer.conf: init_module: Invalid argument\n");
        window++;
      }
    }
    assertThat(window).as("the resolve-then-load window of 2.4 insmod").isPositive();
  }

  @Test
  void blockingUnloadOf26WaitsForTheLastModulePut() {
    MachineSpec spec =
        ModuleMachine.spec(Era.V2_6, 2, "insmod chardev.conf; spin 2us; rmmod -w chardev; lsmod")
            .withPrograms(
                List.of(
                    program(
                        1,
                        "[\"try_module_get chardev\", \"spin 20us\","
                            + " \"module_put chardev\", \"try_module_get chardev\"]",
                        1_000)));
    MachineRun.Outcome outcome = ModuleMachine.run(spec, 1);
    assertThat(outcome.report().shellResults().get(2).exitStatus()).isZero();
    assertThat(outcome.report().shellResults().get(3).output())
        .isEqualTo("Module                  Size  Used by\n");
    assertThat(outcome.result().coverage()).containsKey("delete_module-woken");
    assertThat(outcome.result().violations()).isEmpty();
  }

  /**
   * kernel/hung_task.c (2.6.32 check_hung_task): khungtaskd checks every hung_task_timeout_secs
   * (120) from boot; the unloader that sleeps in delete_module's wait (2.6 without O_NONBLOCK)
   * since 2 us is seen at the check of 120 s and reported at 240 s: "INFO: task %s:%d blocked for
   * more than %ld seconds." and the "echo 0" hint, at KERN_ERR. The liveness violation names it.
   */
  @Test
  void anUnloaderBlockedInDeleteModulePastTheHungTaskTimeoutIsReported() {
    MachineSpec spec =
        ModuleMachine.spec(Era.V2_6, 2, "insmod chardev.conf; spin 2us; rmmod -w chardev")
            .withPrograms(List.of(program(1, "[\"try_module_get chardev\"]", 1_000)));
    MachineRun.Outcome outcome = ModuleMachine.run(spec, 1);
    assertThat(ModuleMachine.dmesg(outcome))
        .containsSubsequence(
            "INFO: task cpu0:1000 blocked for more than 120 seconds.",
            "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.");
    assertThat(outcome.result().violations())
        .anySatisfy(
            v -> {
              assertThat(v.kind()).isEqualTo("hung-task");
              assertThat(v.detail())
                  .isEqualTo(
                      "task cpu0:1000 blocked in delete_module(chardev) for more than 120"
                          + " seconds");
            });
  }

  /**
   * /proc/sys/kernel/hung_task_timeout_secs (v2.6.32 kernel/hung_task.c): a write wakes khungtaskd
   * (proc_dohung_task_timeout_secs: wake_up_process), which sleeps the new timeout from then. The
   * unloader blocked since 2 us was seen by the check of 120 s; 10 written at 130 s moves the next
   * check, which reports it, to 140 s, and 2.6.32 prints the timeout: "more than 10 seconds". 0
   * written before any check stops them: no report ever (timeout_jiffies(0)).
   */
  @Test
  void aWriteOfHungTaskTimeoutSecsMovesTheChecksAndZeroStopsThem() {
    MachineSpec shorter =
        ModuleMachine.spec(Era.V2_6, 3, "insmod chardev.conf; spin 2us; rmmod -w chardev")
            .withPrograms(
                List.of(
                    program(1, "[\"try_module_get chardev\"]", 1_000),
                    program(
                        2,
                        "[\"cat /proc/sys/kernel/hung_task_timeout_secs\","
                            + " \"echo 10 > /proc/sys/kernel/hung_task_timeout_secs\"]",
                        130_000_000_000L)));
    MachineRun.Outcome outcome = ModuleMachine.run(shorter, 1);
    assertThat(outcome.report().finishedPrograms())
        .anySatisfy(done -> assertThat(done.output()).isEqualTo("120\n"));
    assertThat(ModuleMachine.dmesg(outcome))
        .contains("INFO: task cpu0:1000 blocked for more than 10 seconds.")
        .doesNotContain("blocked for more than 120 seconds.");
    assertThat(outcome.result().violations())
        .filteredOn(v -> v.kind().equals("hung-task"))
        .singleElement()
        .satisfies(v -> assertThat(v.timeNanos()).isBetween(140_000_000_000L, 140_001_000_000L));
    MachineSpec off =
        ModuleMachine.spec(Era.V2_6, 3, "insmod chardev.conf; spin 2us; rmmod -w chardev")
            .withPrograms(
                List.of(
                    program(1, "[\"try_module_get chardev\"]", 1_000),
                    program(
                        2,
                        "[\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\", \"sleep 500s\"]",
                        100_000_000_000L)));
    MachineRun.Outcome silent = ModuleMachine.run(off, 1);
    assertThat(ModuleMachine.dmesg(silent)).doesNotContain("blocked for more than");
    assertThat(silent.result().violations()).noneMatch(v -> v.kind().equals("hung-task"));
  }

  @Test
  void aLoadWaitsForADependencyInItsInitAndGivesUpAfter30Seconds() {
    MachineSpec spec =
        ModuleMachine.spec(Era.V6_X, 2, "spin 1ms; insmod slowuser.conf; lsmod")
            .withPrograms(List.of(program(1, "[\"insmod slowinit.conf\"]", 0)));
    MachineRun.Outcome outcome = ModuleMachine.run(spec, 1);
    assertThat(outcome.report().shellResults().get(1).errors())
        .isEqualTo(
            "insmod: ERROR: could not insert module slowuser.conf: Device or resource busy\n");
    assertThat(ModuleMachine.dmesg(outcome))
        .contains("slowuser: gave up waiting for init of module slowinit.");
    MachineSpec shortWait =
        ModuleMachine.spec(
                Era.V6_X,
                2,
                "spin 1ms; insmod slowuser.conf; lsmod",
                "kmodsim.modules.dependency-wait = 60s")
            .withPrograms(List.of(program(1, "[\"insmod slowinit.conf\"]", 0)));
    MachineRun.Outcome waited = ModuleMachine.run(shortWait, 1);
    assertThat(waited.report().shellResults().get(1).exitStatus()).isZero();
    assertThat(waited.report().shellResults().get(2).output())
        .contains("slowinit               16384  1 slowuser\n");
  }

  @Test
  void notifierSubscribersSeeComingLiveAndGoingInOrder() {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    Subsystem watcher =
        new Subsystem() {
          @Override
          public String name() {
            return "watcher";
          }

          @Override
          public Services boot(BootContext boot, Services booted) {
            ActorRef<ModuleEvent> ref =
                boot.sim()
                    .spawn(
                        boot.ctx(),
                        Behaviors.<ModuleEvent>setup(
                            ctx ->
                                Behaviors.receive(ModuleEvent.class)
                                    .onAnyMessage(
                                        event -> {
                                          seen.add(
                                              event.getClass().getSimpleName()
                                                  + " "
                                                  + event.name());
                                          boot.sim()
                                              .send(
                                                  ctx.getSelf(),
                                                  event.replyTo(),
                                                  ModuleEvent.Notified.ok(event.name()));
                                          return Behaviors.same();
                                        })
                                    .build()),
                        "watcher");
            boot.sim()
                .send(
                    boot.ctx().getSelf(),
                    booted.get(ModuleLoader.KEY),
                    new ModuleLoader.Subscribe(ref));
            return booted;
          }
        };
    MachineSpec spec =
        new MachineSpec(
            ConfigFactory.load(),
            Era.V6_X,
            2,
            List.of(new ModuleSubsystem(), watcher),
            List.of(),
            CommandLine.splitList("spin 1us; insmod hello.conf; insmod initfail.conf; rmmod hello"),
            Cred.root(),
            0);
    MachineRun.run(spec, org.kmodsim.sim.RunSpec.deterministic(3));
    assertThat(seen)
        .containsExactly(
            "ModuleComing hello",
            "ModuleLive hello",
            "ModuleComing initfail",
            "ModuleGoing initfail",
            "ModuleGoing hello");
  }

  /**
   * Two files of one module (another inode each: 6.x does not coalesce them, see
   * IdempotentFinitTest).
   */
  @Test
  void sameNameLoadsRacingOn6xGiveOneSuccessAndEexistOrEbusy(@TempDir Path dir) throws IOException {
    Path copy = dir.resolve("hello.conf");
    try (InputStream in = getClass().getResourceAsStream("/modules/hello.conf")) {
      Files.write(copy, in.readAllBytes());
    }
    MachineSpec spec =
        ModuleMachine.spec(Era.V6_X, 3, "spin 1us")
            .withPrograms(
                List.of(
                    program(1, "[\"insmod hello.conf\"]", 0),
                    program(2, "[\"insmod " + copy + "\"]", 0)));
    for (int seed = 1; seed <= 50; seed++) {
      MachineRun.Outcome outcome = ModuleMachine.run(spec, seed);
      List<Integer> statuses = new ArrayList<>();
      List<String> errors = new ArrayList<>();
      outcome.report().finishedPrograms().stream()
          .filter(p -> p.program().startsWith("user"))
          .forEach(
              p -> {
                statuses.add(p.exitStatus());
                errors.add(p.errors());
              });
      assertThat(statuses).containsExactlyInAnyOrder(0, 1);
      assertThat(String.join("", errors))
          .matches(
              "insmod: ERROR: could not insert module (hello.conf|"
                  + java.util.regex.Pattern.quote(copy.toString())
                  + "): (File exists"
                  + "|Device or resource busy)\n");
    }
  }
}
