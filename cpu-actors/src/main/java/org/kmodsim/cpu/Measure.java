package org.kmodsim.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code {measure = NAME, steps = [...]}}: runs the steps and records the virtual time they took on
 * this CPU under NAME, so that a program can ask for the latency of, say, a get/put pair or a
 * printk call. The CPU keeps one histogram per name.
 *
 * <p>A final class rather than a record: the block the CPU runs (the body and its {@link End}) is
 * made once here, not per use (measure blocks sit in stress loops), and a record could keep it only
 * as a third component that callers could pass and that equality would compare.
 */
public final class Measure implements Step {
  private final String label;
  private final List<Step> body;
  private final String startVariable;
  private final List<Step> timed;

  public Measure(String label, List<Step> body) {
    this.label = Objects.requireNonNull(label, "label");
    this.body = List.copyOf(body);
    this.startVariable = "$measure:" + label;
    List<Step> withEnd = new ArrayList<>(this.body);
    withEnd.add(new End(label, startVariable));
    this.timed = List.copyOf(withEnd);
  }

  public String label() {
    return label;
  }

  public List<Step> body() {
    return body;
  }

  @Override
  public StepResult run(CpuContext cpu) {
    cpu.setVariable(startVariable, cpu.sim().nowNanos());
    cpu.call(label, timed, 1);
    return StepResult.NEXT;
  }

  @Override
  public String name() {
    return "measure";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Measure m && label.equals(m.label) && body.equals(m.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(label, body);
  }

  @Override
  public String toString() {
    return "Measure[label=" + label + ", body=" + body + "]";
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
