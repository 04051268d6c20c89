package org.kmodsim.cpu;

/**
 * {@code atomic_inc_return(&shared)}: a request to the machine's shared counter; the CPU waits for
 * the new value, which becomes the step's result.
 */
@Step.Named("atomic_inc_return")
public record AtomicIncReturn() implements Step {
  @Override
  public StepResult run(CpuContext cpu) {
    return cpu.request(
        SharedCounter.KEY,
        replyTo -> new SharedCounter.IncrementAndGet(cpu.cpuId(), replyTo),
        SharedCounter.Incremented.class,
        Then.result(SharedCounter.Incremented::value));
  }
}
