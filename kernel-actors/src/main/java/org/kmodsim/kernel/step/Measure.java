package org.kmodsim.kernel.step;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code {measure = NAME, steps = [...]}}: runs the steps and records the virtual time they took
 * on this CPU under NAME, so that a program can ask for the latency of, say, a get/put pair or a
 * printk call. The CPU keeps one histogram per name.
 */
public record Measure(String label, List<Step> body) implements Step {
  public Measure {
    body = List.copyOf(body);
  }

  @Override
  public StepResult run(CpuContext cpu) {
    cpu.setVariable(startVariable(label), cpu.sim().nowNanos());
    List<Step> timed = new ArrayList<>(body);
    timed.add(new End(label));
    cpu.call("measure " + label, timed, 1);
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
  record End(String label) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.recordLatency(label, cpu.sim().nowNanos() - cpu.variable(startVariable(label)));
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "measure-end";
    }
  }
}
