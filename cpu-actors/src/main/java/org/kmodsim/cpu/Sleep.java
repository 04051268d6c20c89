package org.kmodsim.cpu;

/**
 * {@code sleep DURATION}: the task sleeps (msleep, usleep_range, a shell's sleep between two
 * commands). Like {@link Spin} it keeps the program waiting for that long, but the CPU is idle
 * meanwhile: it is not counted as busy, and in concurrent mode no real thread spins for it.
 */
@Step.Named("sleep")
public record Sleep(long nanos) implements Step {
  public Sleep {
    if (nanos < 0) {
      throw new IllegalArgumentException("sleep needs a non-negative duration");
    }
  }

  @Override
  public StepResult run(CpuContext cpu) {
    return cpu.sleepFor(nanos, (c, wakeUp) -> StepResult.NEXT);
  }
}
