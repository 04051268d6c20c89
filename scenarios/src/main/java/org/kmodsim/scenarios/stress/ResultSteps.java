package org.kmodsim.scenarios.stress;

import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Errno;

/** Small steps the stress workloads use around the result of the step before them. */
final class ResultSteps {
  private ResultSteps() {}

  /** Keeps the last result: the condition of an if block on the step before it. */
  static final Step LAST_RESULT = Step.instant("last_result", cpu -> {});

  /** result = (result == 0): for C functions that return 0 on success. */
  static final Step SUCCEEDED =
      Step.instant("succeeded", cpu -> cpu.setResult(cpu.result() == 0 ? 1 : 0));

  /**
   * Counts the outcome of the step before in the coverage probe {@code LABEL=OUTCOME}: 0 is {@code
   * zero}, a negative value its errno name, {@code sentinel} the given name (the step set no
   * result, as rmmod when kmod refuses in user space), anything else {@code nonzero}.
   */
  static final class Tally implements Step {
    private final String label;
    private final long sentinel;
    private final String sentinelName;
    private final java.util.concurrent.ConcurrentHashMap<Long, String> probes =
        new java.util.concurrent.ConcurrentHashMap<>();

    Tally(String label, long sentinel, String sentinelName) {
      this.label = label;
      this.sentinel = sentinel;
      this.sentinelName = sentinelName;
    }

    @Override
    public StepResult run(CpuContext cpu) {
      cpu.sim().cover(probes.computeIfAbsent(cpu.result(), r -> label + "=" + outcome(r)));
      return StepResult.NEXT;
    }

    String outcome(long result) {
      if (result == sentinel) {
        return sentinelName;
      }
      if (result == 0) {
        return "zero";
      }
      if (result < 0) {
        try {
          return Errno.ofNumber((int) result).name();
        } catch (IllegalArgumentException e) {
          return Long.toString(result);
        }
      }
      return "nonzero";
    }

    @Override
    public String name() {
      return "tally";
    }
  }
}
