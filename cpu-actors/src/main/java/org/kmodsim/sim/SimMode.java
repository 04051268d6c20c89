package org.kmodsim.sim;

import java.util.Locale;

/** The two ways the engine runs the same model. */
public enum SimMode {
  /** Virtual clock, one delivery at a time chosen by a seeded strategy, exact replay. */
  DETERMINISTIC,
  /** Real threads, wall clock scaled, sends are direct tells: for stress and throughput. */
  CONCURRENT;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses "deterministic" or "concurrent"; anything else is bad input. */
  public static SimMode parse(String text) {
    for (SimMode mode : values()) {
      if (mode.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "unknown mode '" + text + "' (expected deterministic or concurrent)");
  }
}
