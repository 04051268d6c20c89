package org.kmodsim.kernel.printk;

import java.util.Locale;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The console driver protocol (struct console, include/linux/console.h): Printk asks a driver to
 * write rendered text and the driver answers when the write returned, as con->write() returns to
 * console_unlock() once the characters are out. A serial console answers after the line time; a
 * null or capture console at once. Drivers live in device-actors and register through {@link
 * Printk.RegisterConsole}.
 */
public final class Console {
  private Console() {}

  /**
   * Not sealed, unlike other protocols: each driver (in another module) adds its own private
   * messages, such as the serial console's transmitter-empty tick.
   */
  public interface Command {}

  /** con->write(con, text, len): write these characters, answer when done. */
  public record Write(String text, ActorRef<Written> replyTo) implements Command {}

  /** The write returned after {@code nanos} of CPU time spent in the driver. */
  public record Written(String console, int chars, long nanos) {}

  /** Console flags; simulated by name, not bit value, since the values were renumbered. */
  public enum Flag {
    /** CON_PRINTBUFFER: replay the whole log buffer on registration. */
    PRINTBUFFER,
    /** CON_CONSDEV: backs /dev/console. */
    CONSDEV,
    /** CON_ENABLED: printing is on (console_stop clears it). */
    ENABLED,
    /** CON_BOOT: an early console, dropped when a real one registers. */
    BOOT,
    /** CON_ANYTIME: may print on a CPU that is not online. */
    ANYTIME,
    /** CON_EXTENDED: gets /dev/kmsg-style text. */
    EXTENDED;

    public String kernelName() {
      return "CON_" + name().toUpperCase(Locale.ROOT);
    }
  }
}
