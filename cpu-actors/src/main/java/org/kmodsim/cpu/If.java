package org.kmodsim.cpu;

import java.util.List;

/**
 * {@code {if = "COMMAND", then = [...], else = [...]}}: runs the condition step, then the {@code
 * then} steps when its result is non-zero (true, as in C), else the {@code else} steps. {@code if
 * (try_module_get(THIS_MODULE)) { ...; module_put(THIS_MODULE); }} is {@code {if = "try_module_get
 * hello", then = ["call hello.read", "module_put hello"]}}.
 */
@Step.Named("if")
public record If(Step condition, List<Step> then, List<Step> otherwise) implements Step {
  public If {
    then = List.copyOf(then);
    otherwise = List.copyOf(otherwise);
  }

  @Override
  public StepResult run(CpuContext cpu) {
    return cpu.calling("if", List.of(condition, new Branch(then, otherwise)));
  }

  /** Chooses the branch once the condition has produced its result. */
  @Step.Named("branch")
  record Branch(List<Step> then, List<Step> otherwise) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      List<Step> taken = cpu.result() != 0 ? then : otherwise;
      if (!taken.isEmpty()) {
        cpu.call(cpu.result() != 0 ? "then" : "else", taken, 1);
      }
      return StepResult.NEXT;
    }
  }
}
