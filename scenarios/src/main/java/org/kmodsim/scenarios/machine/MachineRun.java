package org.kmodsim.scenarios.machine;

import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.SimEngine;

/** Runs a machine on the shared engine and returns both the engine's and the machine's view. */
public final class MachineRun {
  private MachineRun() {}

  /** A finished run: how the engine saw it and what the machine reported. */
  public record Outcome(RunResult result, MachineReport report) {}

  /**
   * Runs {@code spec}; {@code run} supplies seed, mode, strategy and limits (a spec without a root,
   * as {@code RunSpec.deterministic(seed)} or {@code RunSettings.runSpec()} make; the machine is
   * the root).
   */
  public static Outcome run(MachineSpec spec, RunSpec run) {
    return start(spec, run).join();
  }

  /**
   * Starts {@code spec} on a free worker of the shared engine (waiting for one first, in
   * deterministic mode) and completes when the run is over; explorers run many at once this way.
   */
  public static java.util.concurrent.CompletableFuture<Outcome> start(
      MachineSpec spec, RunSpec run) {
    MachineReport report = new MachineReport();
    RunSpec machine = run.withRoot("machine", sim -> Machine.create(sim, spec, report));
    return SimEngine.shared().start(machine).thenApply(result -> new Outcome(result, report));
  }
}
