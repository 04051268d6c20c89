package org.kmodsim.cpu;

import java.util.ArrayDeque;
import org.kmodsim.cpu.smp.Smp;

/**
 * The IPIs a CPU takes at its next safe point, and whether it is held stopped: the per-CPU
 * cpu_stopper of kernel/stop_machine.c (multi_cpu_stop holds the CPU until the machine restarts)
 * and the call_single_queue of kernel/smp.c (smp_call_function's callback, run where the CPU
 * stands). Plain state owned by one {@link Cpu}; the CPU decides when it is at a safe point.
 */
final class CpuStopper {
  private final ArrayDeque<Smp.Ipi> pending = new ArrayDeque<>();
  private boolean stopped;

  void queue(Smp.Ipi ipi) {
    pending.addLast(ipi);
  }

  boolean pending() {
    return !pending.isEmpty();
  }

  /** Stopped by stop_machine and not yet restarted: the CPU runs nothing. */
  boolean stopped() {
    return stopped;
  }

  /**
   * Handles the pending IPIs at a safe point of {@code cpu}; true when the CPU is (now) stopped.
   */
  boolean handle(CpuContext cpu) {
    while (!pending.isEmpty()) {
      Smp.Ipi ipi = pending.pollFirst();
      if (ipi instanceof Smp.StopMachine stop) {
        stopped = true;
        cpu.trace(CpuTrace.STOPPED.with(cpu.cpuId(), stop.reason()));
        cpu.send(stop.replyTo(), new Smp.CpuStopped(cpu.cpuId(), cpu.perCpu().snapshot()));
      } else if (ipi instanceof Smp.SmpCallFunction call) {
        long value = call.function().applyAsLong(cpu.perCpu());
        cpu.send(call.replyTo(), new Smp.CallDone(cpu.cpuId(), call.name(), value));
      } else { // Smp.RestartMachine
        stopped = false;
      }
    }
    return stopped;
  }
}
