package org.kmodsim.scenarios.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.sim.Access;
import org.kmodsim.sim.Schedule;
import org.kmodsim.sim.StrategySpec;

/**
 * What the engine records for a delivery whose receiver declares the parts of its state it touches
 * ({@code Sim.accessOwn}): the scenario memory reads its actor and touches one cell, and writes the
 * channel of its reply; the machine counts an ordinary program's end down as a commuting update.
 */
class DeclaredAccessTest {

  private static List<Schedule.Event> schedule(String scenario) {
    ScenarioRunner runner =
        ScenarioRunner.prepare(ScenarioLoader.load(scenario), ScenarioRunner.Options.defaults());
    return runner
        .start(runner.runSpec(1, StrategySpec.random()).withSchedule(true), 0)
        .join()
        .result()
        .schedule()
        .events();
  }

  @Test
  void aMemoryAccessTouchesOneCellAndTheChannelOfItsReply() {
    List<Schedule.Event> toMemory =
        schedule("message-passing").stream().filter(e -> e.channel().endsWith("->memory")).toList();
    assertThat(toMemory).hasSize(4);
    for (Schedule.Event e : toMemory) {
      assertThat(e.accesses()).containsEntry("actor:memory", Access.READ);
      assertThat(e.accesses().keySet())
          .filteredOn(location -> location.startsWith("actor:memory/cell:"))
          .hasSize(1);
      assertThat(e.accesses().keySet())
          .filteredOn(location -> location.startsWith("send:memory->"))
          .hasSize(1);
    }
    Schedule.Event writeData =
        toMemory.stream().filter(e -> e.channel().startsWith("cpu0")).findFirst().orElseThrow();
    Schedule.Event readFlag =
        toMemory.stream().filter(e -> e.channel().startsWith("cpu1")).findFirst().orElseThrow();
    assertThat(writeData.accesses()).containsEntry("actor:memory/cell:data", Access.WRITE);
    assertThat(readFlag.accesses()).containsEntry("actor:memory/cell:flag", Access.READ);
    assertThat(writeData.dependent(readFlag)).isFalse();
  }

  @Test
  void theEndsOfTwoOrdinaryProgramsCommute() {
    List<Schedule.Event> ends =
        schedule("message-passing").stream()
            .filter(e -> e.accesses().containsKey("actor:machine/running"))
            .toList();
    assertThat(ends).hasSize(2);
    assertThat(ends.get(0).accesses()).containsEntry("actor:machine/running", Access.COMMUTING);
    assertThat(ends.get(0).dependent(ends.get(1))).isFalse();
  }
}
