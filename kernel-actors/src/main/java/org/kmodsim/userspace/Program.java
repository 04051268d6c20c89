package org.kmodsim.userspace;

import java.util.function.Function;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * A user-space program as one step of the language: {@code main} runs each time the step runs, and
 * makes its system calls through typed requests whose continuations carry it on. A program with
 * several round trips creates a per-call object in {@code main} and keeps its state there, never in
 * CPU variables (the step itself is immutable and may run many times).
 */
public record Program(String name, Function<CpuContext, StepResult> main) implements Step {
  @Override
  public StepResult run(CpuContext cpu) {
    return main.apply(cpu);
  }

  /** The program that ends as {@code exit} says, before any system call. */
  public static Program ending(String name, ToolExit exit) {
    return new Program(name, exit::run);
  }

  /** The command's name: the fields are functions, whose identity would reach the timeline. */
  @Override
  public String toString() {
    return name;
  }
}
