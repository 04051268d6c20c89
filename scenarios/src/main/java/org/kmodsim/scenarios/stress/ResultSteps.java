package org.kmodsim.scenarios.stress;

import org.kmodsim.cpu.Step;

/** Small steps the stress workloads use around the result of the step before them. */
final class ResultSteps {
  private ResultSteps() {}

  /** Keeps the last result: the condition of an if block on the step before it. */
  static final Step LAST_RESULT = Step.instant("last_result", cpu -> {});

  /** result = (result == 0): for C functions that return 0 on success. */
  static final Step SUCCEEDED =
      Step.instant("succeeded", cpu -> cpu.setResult(cpu.result() == 0 ? 1 : 0));

  /** Counts the outcome of the step before in its coverage probe ({@link TallyProbes}). */
  static Step tally(String label, long sentinel, String sentinelName) {
    TallyProbes probes = new TallyProbes(label, sentinel, sentinelName);
    return Step.instant("tally", cpu -> cpu.sim().cover(probes.probe(cpu.result())));
  }
}
