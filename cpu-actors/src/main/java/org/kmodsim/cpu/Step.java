package org.kmodsim.cpu;

import java.util.function.Consumer;

/**
 * One step of the step language that CPUs execute: scenario programs and module functions alike. A
 * step either completes at once ({@link StepResult#NEXT}) or starts something (a request to a
 * kernel actor, a busy period) and waits; the CPU then hands the reply (or wake-up) to {@link
 * #resume}. Steps are immutable records; per-execution state lives in the CPU's frame.
 */
public interface Step {

  StepResult run(CpuContext cpu);

  /** Continues a waiting step with the reply that arrived. */
  default StepResult resume(CpuContext cpu, Object reply) {
    throw new IllegalStateException(name() + " does not wait, but got " + reply);
  }

  /** The step's name in the language, such as {@code spin} or {@code try_module_get}. */
  String name();

  /**
   * A step that does its work at once and goes on, declared in one line where its command is
   * registered: {@code args -> Step.instant("observe", cpu -> report.observed(...))}.
   */
  static Step instant(String name, Consumer<CpuContext> body) {
    return new InstantStep(name, body);
  }
}
