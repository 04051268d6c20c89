package org.kmodsim.kernel.kprobes;

import java.util.function.Function;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * A step that runs a piece of a probe hit's story on the CPU, between handler programs: the
 * continuation of a per-hit object (the hit's state lives there, not in CPU variables).
 */
record InlineStep(String name, Function<CpuContext, StepResult> body) implements Step {
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
