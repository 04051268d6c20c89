package org.kmodsim.kernel.module;

import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.sim.Sim;

/**
 * Where the module code's kernel log lines go: {@link #printk} sends them to the printk subsystem
 * when it is booted; without it, {@link #trace} records each line in the run's trace.
 */
public interface KernelLog {
  void printk(ActorRef<?> from, LogLine line);

  /** The default: {@code sim.trace(from, "printk", "<3>text")}. */
  static KernelLog trace(Sim sim) {
    return (from, line) -> sim.trace(from, "printk", line.toString());
  }

  /** printk() through the printk subsystem when it is booted, else {@link #trace}. */
  static KernelLog printk(Sim sim, org.kmodsim.kernel.Services services) {
    if (!services.has(org.kmodsim.kernel.printk.Printk.KEY)) {
      return trace(sim);
    }
    org.apache.pekko.actor.typed.ActorRef<org.kmodsim.kernel.printk.Printk.Command> printk =
        services.get(org.kmodsim.kernel.printk.Printk.KEY);
    return (from, line) ->
        sim.send(from, printk, new org.kmodsim.kernel.printk.Printk.Log(line.level(), line.text()));
  }
}
