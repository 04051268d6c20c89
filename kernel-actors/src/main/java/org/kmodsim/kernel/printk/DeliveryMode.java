package org.kmodsim.kernel.printk;

import java.util.Locale;
import org.kmodsim.kernel.Era;

/**
 * Who writes a record to the consoles, and so who pays for the line time:
 *
 * <ol>
 *   <li>{@link #DIRECT} (1.x-2.2): every caller prints its own record before printk() returns;
 *       callers on other CPUs wait for the console in turn.
 *   <li>{@link #LOCK_OWNER} (2.4-4.15): the caller that wins down_trylock(&console_sem) prints
 *       every pending record, other CPUs' included, until the buffer is empty; the losers return at
 *       once ("the current holder will print it").
 *   <li>{@link #HANDOVER} (4.16+ legacy consoles): as lock-owner, but a caller that finds the owner
 *       printing spins (console_trylock_spinning) until the owner's current record is out, then
 *       takes over the lock and the backlog; the old owner returns.
 *   <li>{@link #THREADED} (6.12+ nbcon consoles): printk() only stores the record and wakes the
 *       printer thread pr/ttyS0, which drains at line rate; emergency and panic output is flushed
 *       by the caller at once.
 * </ol>
 */
public enum DeliveryMode {
  DIRECT("direct"),
  LOCK_OWNER("lock-owner"),
  HANDOVER("handover"),
  THREADED("threaded");

  private final String label;

  DeliveryMode(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * The era's mode for an 8250 console: lock-owner up to 4.15, hand-over since 4.16. Mainline 6.12
   * still drives the 8250 as a legacy console (its nbcon conversion was reverted), so 6.x defaults
   * to hand-over too; threaded models an nbcon console and is chosen explicitly.
   */
  public static DeliveryMode defaultFor(Era era) {
    return era.atLeast(Era.V4_X) ? HANDOVER : LOCK_OWNER;
  }

  /** "era" for the era default, else a label such as {@code lock-owner}. */
  public static DeliveryMode parse(String text, Era era) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("era") || t.isEmpty()) {
      return defaultFor(era);
    }
    for (DeliveryMode mode : values()) {
      if (mode.label.equals(t)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "unknown printk delivery mode '"
            + text
            + "' (expected era, direct, lock-owner, handover or threaded)");
  }

  @Override
  public String toString() {
    return label;
  }
}
