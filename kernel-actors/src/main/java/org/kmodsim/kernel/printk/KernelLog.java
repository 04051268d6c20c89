package org.kmodsim.kernel.printk;

import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.sim.Sim;

/**
 * How a kernel actor that is not a CPU (the module loader, kprobes) logs a line: printk() as a
 * message to Printk through the interconnect. The record is stored at once and printed by a
 * deferred context (irq_work, or the printer thread), so no CPU is charged for its console time.
 * A CPU step that should pay for its output sends {@link Printk.Emit} and waits instead.
 */
@FunctionalInterface
public interface KernelLog {
  void printk(Loglevel level, String text);

  /** For tests and machines without printk. */
  KernelLog DISCARD = (level, text) -> {};

  /** printk through {@code printk}, sent by {@code from}. */
  static KernelLog to(Sim sim, ActorRef<?> from, ActorRef<Printk.Command> printk) {
    return (level, text) -> sim.send(from, printk, new Printk.Log(level.number(), text));
  }
}
