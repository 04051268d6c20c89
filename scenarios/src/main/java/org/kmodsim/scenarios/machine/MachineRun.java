package org.kmodsim.scenarios.machine;

import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.SimEngine;

/** Runs a machine on the shared engine and returns both the engine's and the machine's view. */
public final class MachineRun {
  private MachineRun() {}

  /** A finished run: how the engine saw it and what the machine reported. */
  public record Outcome(RunResult result, MachineReport report) {}

  /** Runs {@code spec}; {@code run} supplies seed, mode, strategy and limits (root is replaced). */
  public static Outcome run(MachineSpec spec, RunSpec run) {
    return start(spec, run).join();
  }

  /**
   * Starts {@code spec} on a free worker of the shared engine (waiting for one first, in
   * deterministic mode) and completes when the run is over; explorers run many at once this way.
   */
  public static java.util.concurrent.CompletableFuture<Outcome> start(MachineSpec spec,
      RunSpec run) {
    MachineReport report = new MachineReport();
    RunSpec withRoot =
        new RunSpec(run.mode(), run.seed(), run.strategy(), "machine",
            sim -> Machine.create(sim, spec, report), run.maxSteps(), run.maxVirtualNanos(),
            run.wallLimit(), run.recordTrace(), run.traceLimit(), run.recordChoices(),
            run.timeScale());
    return SimEngine.shared().start(withRoot).thenApply(result -> new Outcome(result, report));
  }
}
