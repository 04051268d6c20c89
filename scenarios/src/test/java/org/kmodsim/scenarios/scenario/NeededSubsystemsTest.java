package org.kmodsim.scenarios.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A scenario's machine boots the shortest prefix of the kernel's boot order that has every command
 * the scenario uses; a file name, a shell operator or a fault of a subsystem boots more.
 */
class NeededSubsystemsTest {
  private static final List<String> ALL = List.of("printk", "log-tools", "modules", "kprobes");

  private static List<String> booted(String scenario, String... sets) {
    return ScenarioRunner.prepare(
            ScenarioLoader.load(scenario), new ScenarioRunner.Options(null, List.of(sets), null))
        .subsystems();
  }

  private static List<String> bootedText(String programs, String extra) {
    String text =
        String.join(
            "\n",
            "description = d",
            "eras = [\"6.x\"]",
            "machine.cpus = 1",
            "programs = [ { cpu = 0, name = p, steps = " + programs + " } ]",
            extra,
            "outcomes = [ { name = any, class = acceptable, description = a } ]");
    return ScenarioRunner.prepare(
            ScenarioLoader.parseString(text, "needed"), ScenarioRunner.Options.defaults())
        .subsystems();
  }

  @Test
  void aLitmusTestOfMemoryStepsBootsNoKernelSubsystem() {
    assertThat(booted("lost-update")).isEmpty();
    assertThat(booted("message-passing")).isEmpty();
  }

  @Test
  void aModuleScenarioBootsPrintkAndTheLoaderButNotKprobes() {
    assertThat(booted("unload-while-in-use")).containsExactly("printk", "log-tools", "modules");
  }

  @Test
  void aKprobeScenarioBootsEverySubsystem() {
    assertThat(booted("kretprobe-maxactive")).isEqualTo(ALL);
  }

  @Test
  void printkAloneBootsPrintk() {
    assertThat(bootedText("[\"printk KERN_WARNING \\\"x\\\"\"]", "")).containsExactly("printk");
  }

  @Test
  void aFileNameOrAShellOperatorBootsEverySubsystem() {
    assertThat(bootedText("[\"true\"]", "finale = [\"cat /proc/modules\"]")).isEqualTo(ALL);
    assertThat(bootedText("[\"true\"]", "")).isEmpty();
  }

  @Test
  void theWholeKernelOnRequest() {
    assertThat(booted("lost-update", "kmodsim.scenario.subsystems=all")).isEqualTo(ALL);
    assertThatThrownBy(() -> booted("lost-update", "kmodsim.scenario.subsystems=some"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("kmodsim.scenario.subsystems: must be needed or all");
  }

  @Test
  void theOutcomesOfAScenarioDoNotDependOnTheSubsystemsItLeftOut() {
    ScenarioRunner needed =
        ScenarioRunner.prepare(
            ScenarioLoader.load("lost-update"), ScenarioRunner.Options.defaults());
    ScenarioRunner all =
        ScenarioRunner.prepare(
            ScenarioLoader.load("lost-update"),
            new ScenarioRunner.Options(null, List.of("kmodsim.scenario.subsystems=all"), null));
    java.util.Set<String> fromNeeded = new java.util.TreeSet<>();
    java.util.Set<String> fromAll = new java.util.TreeSet<>();
    for (long seed = 1; seed <= 40; seed++) {
      fromNeeded.add(needed.run(seed, org.kmodsim.sim.StrategySpec.random(), 0).outcome().name());
      fromAll.add(all.run(seed, org.kmodsim.sim.StrategySpec.random(), 0).outcome().name());
    }
    assertThat(fromNeeded).isEqualTo(fromAll).containsExactly("both-counted", "lost-update");
  }

  private static boolean bare(String scenario) {
    Scenario s = ScenarioLoader.load(scenario);
    return NeededSubsystems.bare(
        s, ScenarioRunner.prepare(s, ScenarioRunner.Options.defaults()).subsystems().size());
  }

  @Test
  void aLitmusTestOfMemoryStepsRunsOnABareMachine() {
    assertThat(bare("lost-update")).isTrue();
    assertThat(bare("message-passing")).isTrue();
    // atomic_inc_return counts on the machine's shared counter; a fault needs the injector's boot
    assertThat(bare("atomic-count")).isFalse();
    assertThat(bare("stopped-cpu")).isFalse();
    assertThat(bare("unload-while-in-use")).isFalse();
  }

  @Test
  void aBareMachineMakesTheTraceOfTheFullMachine() {
    // Trace digests of seed 1 made by main's build before machines went bare (dc802fc): the VFS,
    // the shared counter and user space that a bare machine leaves out received nothing.
    ScenarioRunner lost =
        ScenarioRunner.prepare(
            ScenarioLoader.load("lost-update"), ScenarioRunner.Options.defaults());
    ScenarioRunner mp =
        ScenarioRunner.prepare(
            ScenarioLoader.load("message-passing"), ScenarioRunner.Options.defaults());
    assertThat(lost.run(1, org.kmodsim.sim.StrategySpec.random(), 0).result().traceDigest())
        .isEqualTo("aa3bbfbb6e3118e5");
    assertThat(mp.run(1, org.kmodsim.sim.StrategySpec.random(), 0).result().traceDigest())
        .isEqualTo("ed9f763cace42f56");
  }
}
