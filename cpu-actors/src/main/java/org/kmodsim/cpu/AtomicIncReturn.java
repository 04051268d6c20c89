package org.kmodsim.cpu;


/**
 * {@code atomic_inc_return(&shared)}: a request to the machine's shared counter; the CPU waits for
 * the new value, which becomes the step's result.
 */
public record AtomicIncReturn() implements Step {
  @Override
  public StepResult run(CpuContext cpu) {
    cpu.send(
        cpu.services().get(SharedCounter.KEY),
        new SharedCounter.IncrementAndGet(cpu.cpuId(), cpu.replyTo()));
    return StepResult.WAIT;
  }

  @Override
  public StepResult resume(CpuContext cpu, Object reply) {
    cpu.setResult(((SharedCounter.Incremented) reply).value());
    return StepResult.NEXT;
  }

  @Override
  public String name() {
    return "atomic_inc_return";
  }
}
