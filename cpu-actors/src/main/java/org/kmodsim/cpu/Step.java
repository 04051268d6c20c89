package org.kmodsim.cpu;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

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

  /**
   * The step's name in the language, such as {@code spin} or {@code try_module_get}: by default the
   * one its type declares with {@link Named}; a step whose name depends on its values says so.
   */
  default String name() {
    Named named = getClass().getAnnotation(Named.class);
    Bug.on(named == null, () -> getClass().getName() + " has no @Step.Named name");
    return named.value();
  }

  /** A step type's name in the language, declared once with the type: {@code @Named("spin")}. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @interface Named {
    String value();
  }

  /**
   * A step that does its work at once and goes on, declared in one line where its command is
   * registered: {@code args -> Step.instant("observe", cpu -> report.observed(...))}.
   */
  static Step instant(String name, Consumer<CpuContext> body) {
    return of(
        name,
        cpu -> {
          body.accept(cpu);
          return StepResult.NEXT;
        });
  }

  /**
   * A step declared by its name and its body, in one line where its command is registered: {@code
   * args -> Step.of("delete_module", cpu -> ModuleSyscalls.deleteModule(cpu, ...))}. The body
   * returns {@link StepResult#NEXT}, or the {@link StepResult#WAIT} of the request it made (whose
   * {@link Then} goes on).
   */
  static Step of(String name, Function<CpuContext, StepResult> body) {
    return new Action(name, body);
  }

  /** A {@code call}: runs {@code body} as a frame of its own, named {@code function}. */
  static Step call(String function, List<Step> body) {
    List<Step> code = List.copyOf(body);
    return of("call", cpu -> cpu.calling(function, code));
  }
}
