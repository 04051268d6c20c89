package org.kmodsim.drivers.tty.serial;

import java.util.ArrayDeque;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.drivers.tty.ConsoleSink;
import org.kmodsim.kernel.printk.Console;
import org.kmodsim.sim.Sim;

/**
 * An 8250/16550 serial console (drivers/tty/serial/8250/8250_port.c serial8250_console_write): each
 * write sends every character, "\n" as "\r\n", and returns only when the transmitter is empty, so
 * the printing CPU busy-waits for the whole line time. The line time comes from the UART settings
 * and runs on the simulation clock: a timer fires when the last stop bit is out. In concurrent mode
 * the engine's timers pace the line in real (scaled) time.
 *
 * <p>Owns: 1. the transmitter state (idle or transmitting, until when); 2. writes waiting for the
 * transmitter (Printk sends one at a time; the queue only guards against misuse).
 */
public final class SerialConsole extends AbstractBehavior<Console.Command> {

  private record TransmitterEmpty(Console.Write write, int chars, long nanos)
      implements Console.Command {}

  public static Behavior<Console.Command> create(
      Sim sim, String name, UartSettings uart, ConsoleSink sink) {
    return Behaviors.setup(ctx -> new SerialConsole(ctx, sim, name, uart, sink));
  }

  private final Sim sim;
  private final String name;
  private final UartSettings uart;
  private final ConsoleSink sink;
  private final ArrayDeque<Console.Write> waiting = new ArrayDeque<>();
  private boolean transmitting;

  private SerialConsole(
      ActorContext<Console.Command> ctx,
      Sim sim,
      String name,
      UartSettings uart,
      ConsoleSink sink) {
    super(ctx);
    this.sim = sim;
    this.name = name;
    this.uart = uart;
    this.sink = sink;
  }

  @Override
  public Receive<Console.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Console.Write.class, this::onWrite)
        .onMessage(TransmitterEmpty.class, this::onTransmitterEmpty)
        .build();
  }

  private Behavior<Console.Command> onWrite(Console.Write write) {
    if (transmitting) {
      waiting.addLast(write);
    } else {
      transmit(write);
    }
    return this;
  }

  private void transmit(Console.Write write) {
    int chars = UartSettings.onTheWire(write.text()).length();
    long nanos = uart.transmitNanos(chars);
    transmitting = true;
    sim.startTimer(getContext().getSelf(), "tx", nanos, new TransmitterEmpty(write, chars, nanos));
  }

  private Behavior<Console.Command> onTransmitterEmpty(TransmitterEmpty done) {
    transmitting = false;
    sink.written(name, done.write().text());
    sim.send(
        getContext().getSelf(),
        done.write().replyTo(),
        new Console.Written(name, done.chars(), done.nanos()));
    if (!waiting.isEmpty()) {
      transmit(waiting.pollFirst());
    }
    return this;
  }
}
