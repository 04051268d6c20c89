package org.kmodsim.cpu;

import java.util.List;

/** Runs its body {@code times} times: {@code repeat 100 { ... }}. */
@Step.Named("repeat")
public record Repeat(int times, List<Step> body) implements Step {
  public Repeat {
    if (times < 0) {
      throw new IllegalArgumentException("repeat needs a non-negative count");
    }
    body = List.copyOf(body);
  }

  @Override
  public StepResult run(CpuContext cpu) {
    if (times > 0 && !body.isEmpty()) {
      cpu.call("repeat", body, times);
    }
    return StepResult.NEXT;
  }
}
