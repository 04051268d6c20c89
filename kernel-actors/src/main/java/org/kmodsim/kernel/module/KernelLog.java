package org.kmodsim.kernel.module;

import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.sim.Sim;

/**
 * Where the module code's kernel log lines go: {@link #printk} sends them to the printk subsystem
 * when it is booted; without it, {@link #trace} records each line in the run's trace. A panic
 * (panic_on_oops) goes the same way: through printk's panic() when printk is booted.
 */
public interface KernelLog {
  void printk(ActorRef<?> from, LogLine line);

  /**
   * panic(message) on {@code cpu}. Without printk: the panic line, then the run halts. With
   * printk ({@link #printk(Sim, org.kmodsim.cpu.Services)}): printk's panic path, which stops
   * the other CPUs, flushes the consoles, prints the end marker and halts.
   */
  default void panic(Sim sim, ActorRef<?> from, int cpu, String message) {
    printk(from, new LogLine(0, "Kernel panic - not syncing: " + message));
    sim.halt("Kernel panic - not syncing: " + message);
  }

  /** The default: {@code sim.trace(from, "printk", "<3>text")}. */
  static KernelLog trace(Sim sim) {
    return (from, line) -> sim.trace(from, "printk", line.toString());
  }

  /** printk() through the printk subsystem when it is booted, else {@link #trace}. */
  static KernelLog printk(Sim sim, org.kmodsim.cpu.Services services) {
    if (!services.has(org.kmodsim.kernel.printk.Printk.KEY)) {
      return trace(sim);
    }
    org.apache.pekko.actor.typed.ActorRef<org.kmodsim.kernel.printk.Printk.Command> printk =
        services.get(org.kmodsim.kernel.printk.Printk.KEY);
    return new KernelLog() {
      @Override
      public void printk(ActorRef<?> from, LogLine line) {
        sim.send(from, printk,
            new org.kmodsim.kernel.printk.Printk.Log(line.level(), line.text()));
      }

      @Override
      public void panic(Sim ignored, ActorRef<?> from, int cpu, String message) {
        sim.send(from, printk, new org.kmodsim.kernel.printk.Printk.Panic(cpu, message));
      }
    };
  }
}
