package org.kmodsim.kernel.printk;

import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.Services;
import org.kmodsim.sim.Sim;

/**
 * How a kernel actor that is not a CPU (the module loader, kprobes) calls printk() and panic()
 * (kernel/printk/printk.c _printk, kernel/panic.c panic): as a message to {@link Printk} through
 * the interconnect when printk is booted, else into the run's trace. The record is stored at once
 * and printed by a deferred context (irq_work, or the printer thread), so no CPU is charged for its
 * console time. A CPU step that should pay for its output sends {@link Printk.Emit} and waits
 * instead.
 */
@FunctionalInterface
public interface KernelLog {
  /** printk() of {@code text} at {@code level} (0..7), sent by {@code from}. */
  void printk(ActorRef<?> from, int level, String text);

  default void printk(ActorRef<?> from, Loglevel level, String text) {
    printk(from, level.number(), text);
  }

  /**
   * panic(message) on {@code cpu}, from an oops or not, with tainted_mask as it is ({@code
   * tainted}, for dump_stack's task line). Without printk: the panic line, then the run halts.
   * Through printk ({@link #to}): printk's panic path, which stops the other CPUs, flushes the
   * consoles, prints the end marker and halts.
   */
  default void panic(
      Sim sim, ActorRef<?> from, int cpu, String message, boolean oops, long tainted) {
    printk(from, Loglevel.KERN_EMERG.number(), "Kernel panic - not syncing: " + message);
    sim.halt("Kernel panic - not syncing: " + message);
  }

  /**
   * The kernel is tainted now as print_tainted() shows it; printk keeps it for the dump_stack() of
   * a panic (kernel/panic.c owns tainted_mask). Without printk nothing keeps it.
   */
  default void tainted(ActorRef<?> from, String printTainted) {}

  /** For tests and machines that keep no log. */
  KernelLog DISCARD = (from, level, text) -> {};

  /** Without printk: the {@code printk} event alone, as Printk traces a record it stores. */
  static KernelLog trace(Sim sim) {
    return (from, level, text) -> sim.trace(from, PrintkTrace.printk(-1, level, text, -1));
  }

  /** printk() through the printk subsystem when it is booted, else {@link #trace}. */
  static KernelLog of(Sim sim, Services services) {
    return services.has(Printk.KEY) ? to(sim, services.get(Printk.KEY)) : trace(sim);
  }

  /** printk() and panic() as messages to {@code printk}. */
  static KernelLog to(Sim sim, ActorRef<Printk.Command> printk) {
    return new KernelLog() {
      @Override
      public void printk(ActorRef<?> from, int level, String text) {
        sim.send(from, printk, new Printk.Log(level, text));
      }

      @Override
      public void panic(
          Sim ignored, ActorRef<?> from, int cpu, String message, boolean oops, long tainted) {
        sim.send(from, printk, new Printk.Panic(cpu, message, oops, tainted));
      }
    };
  }
}
