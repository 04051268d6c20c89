package org.kmodsim.cpu;

import java.util.List;

/**
 * {@code {measure = NAME, steps = [...]}}: runs the steps and records the virtual time they took on
 * this CPU under NAME, so that a program can ask for the latency of, say, a get/put pair or a
 * printk call. The CPU keeps one histogram per name. Each run is a call of the body followed by its
 * own {@link End}, which holds the start time (a per-call object: the block itself is immutable and
 * may run on several CPUs at once).
 */
public record Measure(String label, List<Step> body) implements Step {
  public Measure {
    java.util.Objects.requireNonNull(label, "label");
    body = List.copyOf(body);
  }

  @Override
  public StepResult run(CpuContext cpu) {
    // Two frames, the end under the body, rather than a copy of the body with its end: a measured
    // block runs on every get and put of a stress run, and the copy was most of its cost.
    cpu.call(label, List.of(new End(label, cpu.sim().nowNanos())), 1);
    cpu.call(label, body, 1);
    return StepResult.NEXT;
  }

  @Override
  public String name() {
    return "measure";
  }

  /** The end of one run of a measured block: records now minus its start. */
  record End(String label, long startNanos) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.recordLatency(label, cpu.sim().nowNanos() - startNanos);
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "measure-end";
    }
  }
}
