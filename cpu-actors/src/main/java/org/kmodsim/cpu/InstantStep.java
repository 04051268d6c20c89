package org.kmodsim.cpu;

import java.util.function.Consumer;

/** The step of {@link Step#instant}: a name (the record's accessor) and a body run at once. */
record InstantStep(String name, Consumer<CpuContext> body) implements Step {
  @Override
  public StepResult run(CpuContext cpu) {
    body.accept(cpu);
    return StepResult.NEXT;
  }

  /** The command's name: the fields are functions, whose identity would reach the timeline. */
  @Override
  public String toString() {
    return name;
  }
}
