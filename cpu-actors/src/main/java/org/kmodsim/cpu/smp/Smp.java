package org.kmodsim.cpu.smp;

import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Inter-processor interrupts (kernel/smp.c, kernel/stop_machine.c): what kernel actors ask of CPUs.
 * A CPU handles an IPI only at a safe point, between two steps (a step is a preemption-disabled
 * region), so a CPU in the middle of {@code try_module_get} finishes it first.
 */
public final class Smp {
  private Smp() {}

  public sealed interface Ipi {}

  /**
   * stop_machine: the CPU stops at its next safe point, reports its per-CPU variables, and runs
   * nothing until {@link RestartMachine}. panic() sends it and never restarts.
   */
  public record StopMachine(String reason, ActorRef<CpuStopped> replyTo) implements Ipi {}

  public enum RestartMachine implements Ipi {
    INSTANCE
  }

  /** smp_call_function_single: runs {@code function} on the CPU's per-CPU data at a safe point. */
  public record SmpCallFunction(
      String name, ToLongFunction<PerCpu> function, ActorRef<CallDone> replyTo) implements Ipi {}

  public record CpuStopped(int cpu, Map<String, Long> perCpu) {
    public CpuStopped {
      perCpu = Map.copyOf(perCpu);
    }
  }

  public record CallDone(int cpu, String name, long value) {}
}
