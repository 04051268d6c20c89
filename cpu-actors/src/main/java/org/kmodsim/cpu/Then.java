package org.kmodsim.cpu;

import java.util.function.ToLongFunction;

/**
 * What a waiting step does when the typed reply {@code R} it waits for arrives: the continuation of
 * a {@link CpuContext#request request}. It returns {@link StepResult#NEXT} when the step is done,
 * or the {@link StepResult#WAIT} of the next request it makes (a tool with several round trips
 * chains them, keeping its state in the objects its lambdas capture, not in CPU variables).
 */
@FunctionalInterface
public interface Then<R> {
  StepResult apply(CpuContext cpu, R reply);

  /** Sets the C return value from the reply and goes on: the shape of most system calls. */
  static <R> Then<R> result(ToLongFunction<R> value) {
    return (cpu, reply) -> {
      return cpu.returning(value.applyAsLong(reply));
    };
  }
}
