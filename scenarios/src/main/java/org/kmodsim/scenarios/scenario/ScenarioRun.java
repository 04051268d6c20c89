package org.kmodsim.scenarios.scenario;

import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.sim.RunResult;

/** One finished run of a scenario: the engine's result, what the machine saw, and the verdict. */
public record ScenarioRun(
    Scenario scenario,
    Era era,
    RunResult result,
    MachineReport machine,
    Observation observation,
    Outcome outcome) {

  public long seed() {
    return result.seed();
  }

  public boolean failing() {
    return outcome.outcomeClass().failing();
  }

  /** Why the run stopped before it finished ({@code step-limit}, ...), or null. */
  public String truncation() {
    return result.end().truncation();
  }
}
