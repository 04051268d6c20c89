package org.kmodsim.cpu;

/** Records an event in the trace: {@code trace "entered critical section"}. */
@Step.Named("trace")
public record TracePoint(String text) implements Step {
  @Override
  public StepResult run(CpuContext cpu) {
    cpu.trace(CpuTrace.TRACE_POINT.with(cpu.cpuId(), text));
    return StepResult.NEXT;
  }
}
