package org.kmodsim.cpu;

/**
 * {@code atomic_inc_return(&shared)}: a request to the machine's shared counter; the CPU waits for
 * the new value, which becomes the step's result.
 */
public record AtomicIncReturn() implements Step {
  @Override
  public StepResult run(CpuContext cpu) {
    return cpu.request(
        SharedCounter.KEY,
        replyTo -> new SharedCounter.IncrementAndGet(cpu.cpuId(), replyTo),
        SharedCounter.Incremented.class,
        Then.result(SharedCounter.Incremented::value));
  }

  @Override
  public String name() {
    return "atomic_inc_return";
  }
}
