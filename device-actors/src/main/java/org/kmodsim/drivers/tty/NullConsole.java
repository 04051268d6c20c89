package org.kmodsim.drivers.tty;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.kmodsim.kernel.printk.Console;
import org.kmodsim.sim.Sim;

/**
 * ttynull (drivers/tty/ttynull.c): a console that accepts everything at once and shows nothing, or,
 * with a capture sink, a console that records what it got without costing time (for tests and for
 * showing the log on the user's terminal).
 */
public final class NullConsole {
  private NullConsole() {}

  public static Behavior<Console.Command> create(Sim sim, String name, ConsoleSink sink) {
    return Behaviors.setup(
        ctx ->
            Behaviors.receive(Console.Command.class)
                .onMessage(
                    Console.Write.class,
                    write -> {
                      sink.written(name, write.text());
                      sim.send(
                          ctx.getSelf(),
                          write.replyTo(),
                          new Console.Written(name, write.text().length(), 0));
                      return Behaviors.same();
                    })
                .build());
  }
}
