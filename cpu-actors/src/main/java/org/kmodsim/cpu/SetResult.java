package org.kmodsim.cpu;

/**
 * Sets the CPU's result to a constant: a C function's fixed return value inside a model (a
 * handler's {@code return 0}), or a sentinel that tells whether the next step set one.
 */
@Step.Named("set_result")
public record SetResult(long value) implements Step {
  @Override
  public StepResult run(CpuContext cpu) {
    return cpu.returning(value);
  }
}
