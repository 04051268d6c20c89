package org.kmodsim.kernel.step;

/** {@code true} and {@code false}: sets the program's exit status. */
public record ExitStatus(int status) implements Step {
  @Override
  public StepResult run(CpuContext cpu) {
    cpu.exit(status);
    return StepResult.NEXT;
  }

  @Override
  public String name() {
    return status == 0 ? "true" : "false";
  }
}
