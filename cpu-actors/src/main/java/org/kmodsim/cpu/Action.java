package org.kmodsim.cpu;

import java.util.function.Function;

/** The step of {@link Step#of}: a name (the record's accessor) and a body. */
record Action(String name, Function<CpuContext, StepResult> body) implements Step {
  @Override
  public StepResult run(CpuContext cpu) {
    return body.apply(cpu);
  }

  /** The command's name: the fields are functions, whose identity would reach the timeline. */
  @Override
  public String toString() {
    return name;
  }
}
