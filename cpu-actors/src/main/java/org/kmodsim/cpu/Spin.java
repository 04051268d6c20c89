package org.kmodsim.cpu;

/** Busy-waits (or computes) for a virtual duration: {@code spin 200ns}. */
@Step.Named("spin")
public record Spin(long nanos) implements Step {
  public Spin {
    if (nanos < 0) {
      throw new IllegalArgumentException("spin needs a non-negative duration");
    }
  }

  @Override
  public StepResult run(CpuContext cpu) {
    return cpu.busyFor(nanos, (c, wakeUp) -> StepResult.NEXT);
  }
}
