package org.kmodsim.kernel.module;

import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.sim.Sim;

/**
 * Where the module code's kernel log lines go. The printk subsystem binds it to its actor; until
 * then {@link #trace} records each line in the run's trace as a {@code printk} event.
 */
public interface KernelLog {
  void printk(ActorRef<?> from, LogLine line);

  /** The default: {@code sim.trace(from, "printk", "<3>text")}. */
  static KernelLog trace(Sim sim) {
    return (from, line) -> sim.trace(from, "printk", line.toString());
  }
}
