package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kmodsim.scenarios.scenario.ScenarioLoader;
import org.kmodsim.scenarios.scenario.ScenarioRun;
import org.kmodsim.scenarios.scenario.ScenarioRunner;
import org.kmodsim.sim.StrategySpec;

/**
 * What one load costs in deliveries on the machine {@code kmodsim run} boots (printk, console,
 * kallsyms, modules, kprobes): the loader runs the load's steps itself and messages only the actors
 * it needs (kallsyms, the notifier's subscribers, the caller's CPU, the module), so a 6.x {@code
 * insmod hello.conf} costs 25 deliveries more than an empty program (47 when the load was a child
 * actor and the module's state was relayed). A delivery count of a deterministic run is exact, not
 * a timing.
 */
class LoadDeliveriesTest {

  private static long steps(String command, long seed) {
    String text =
        String.join(
            "\n",
            "description = d",
            "eras = [\"6.x\"]",
            "machine.cpus = 1",
            "programs = [ { cpu = 0, name = p, steps = [\"" + command + "\"] } ]",
            "outcomes = [ { name = any, class = acceptable, description = a } ]");
    ScenarioRun run =
        ScenarioRunner.prepare(
                ScenarioLoader.parseString(text, "deliveries"),
                // both on the whole kernel: "true" alone would boot none of the subsystems
                new ScenarioRunner.Options(
                    null, java.util.List.of("kmodsim.scenario.subsystems=all"), null))
            .run(seed, StrategySpec.random(), 0);
    assertThat(run.observation().value("exit.p")).isEqualTo(0L);
    return (Long) run.observation().value("steps");
  }

  @Test
  void oneInsmodOfHelloCosts25DeliveriesBeyondAnEmptyProgram() {
    for (long seed = 1; seed <= 3; seed++) {
      // 11 printk and console, 4 kallsyms (resolve, add), 5 notifier (COMING through the kprobe
      // bridge, LIVE), 5 syscall (LoadModule, RunInit, InitDone, DropInitRef, Loaded).
      assertThat(steps("insmod hello.conf", seed) - steps("true", seed))
          .as("deliveries of insmod hello.conf, seed %d", seed)
          .isEqualTo(25);
    }
  }
}
