package org.kmodsim.cpu;

/**
 * {@code true} and {@code false}: set the program's exit status, and the step result that an {@code
 * if} block tests (1 for true, 0 for false).
 */
public record ExitStatus(int status) implements Step {
  @Override
  public StepResult run(CpuContext cpu) {
    cpu.exit(status);
    return cpu.returning(status == 0 ? 1 : 0);
  }

  @Override
  public String name() {
    return status == 0 ? "true" : "false";
  }
}
