package org.kmodsim.cpu;

import java.util.function.Supplier;

/**
 * The model's BUG_ON: an invariant of the model itself (not of the simulated kernel, whose bugs are
 * reported as oopses and violations) that must hold. Throwing ends the run as FAILED.
 */
public final class Bug extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private Bug(String why) {
    super("BUG: " + why);
  }

  public static void on(boolean condition, String why) {
    if (condition) {
      throw new Bug(why);
    }
  }

  /** As {@link #on(boolean, String)}, building the message only when the condition holds. */
  public static void on(boolean condition, Supplier<String> why) {
    if (condition) {
      throw new Bug(why.get());
    }
  }
}
