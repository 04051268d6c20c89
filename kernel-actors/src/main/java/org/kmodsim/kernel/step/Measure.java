package org.kmodsim.kernel.step;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code {measure = NAME, steps = [...]}}: runs the steps and records the virtual time they took
 * on this CPU under NAME, so that a program can ask for the latency of, say, a get/put pair or a
 * printk call. The CPU keeps one histogram per name.
 */
public record Measure(String label, List<Step> body, List<Step> timed) implements Step {
  /** A measured block; {@code timed} (the body and its end) is derived from the body. */
  public Measure(String label, List<Step> body) {
    this(label, body, null);
  }

  public Measure {
    body = List.copyOf(body);
    List<Step> withEnd = new ArrayList<>(body);
    withEnd.add(new End(label, startVariable(label)));
    timed = List.copyOf(withEnd);
  }

  @Override
  public StepResult run(CpuContext cpu) {
    cpu.setVariable(((End) timed.get(timed.size() - 1)).variable(), cpu.sim().nowNanos());
    cpu.call(label, timed, 1);
    return StepResult.NEXT;
  }

  @Override
  public String name() {
    return "measure";
  }

  static String startVariable(String label) {
    return "$measure:" + label;
  }

  /** The end of a measured block: records now minus the start. */
  record End(String label, String variable) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.recordLatency(label, cpu.sim().nowNanos() - cpu.variable(variable));
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "measure-end";
    }
  }
}
