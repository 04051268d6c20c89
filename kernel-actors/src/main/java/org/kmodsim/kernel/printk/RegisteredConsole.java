package org.kmodsim.kernel.printk;

import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/** One registered console: struct console with its own position in the log (con->seq). */
final class RegisteredConsole {
  final String name;
  final Set<Console.Flag> flags;
  final ActorRef<Console.Command> driver;
  final ConsoleCursor cursor;
  long droppedUnreported;

  /**
   * The record this console printed before a KERN_CONT fragment was appended to it, and how many of
   * its characters it printed (cont.cons of 3.5-4.x): the console prints only the rest.
   */
  long partialSeq = -1;

  int partialChars;

  RegisteredConsole(
      String name,
      Set<Console.Flag> flags,
      ActorRef<Console.Command> driver,
      ConsoleCursor cursor) {
    this.name = name;
    this.flags = flags;
    this.driver = driver;
    this.cursor = cursor;
  }

  boolean enabled() {
    return flags.contains(Console.Flag.ENABLED);
  }
}
