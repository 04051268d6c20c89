package org.kmodsim.drivers.tty.serial;

import org.apache.pekko.actor.typed.ActorSystem;
import org.kmodsim.drivers.tty.ConsoleSink;

/**
 * Makes the sink of one serial console on the run's ActorSystem: the far end of the line. The
 * command line passes one to the printk subsystem for concurrent runs ({@link StreamedTerminal});
 * model code never chooses it.
 */
@FunctionalInterface
public interface SerialSink {
  ConsoleSink serial(ActorSystem<?> system, String console, UartSettings uart);
}
