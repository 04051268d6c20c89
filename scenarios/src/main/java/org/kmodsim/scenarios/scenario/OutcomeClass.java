package org.kmodsim.scenarios.scenario;

import java.util.Locale;

/**
 * How an outcome is judged, as in jcstress: {@code acceptable} (correct), {@code interesting}
 * (correct but worth seeing: a rare interleaving, a slow path), {@code forbidden} (a bug). An
 * outcome that no rule lists is {@code unlisted} and fails like a forbidden one. A run that stopped
 * at a limit before it finished has no outcome: it is {@code truncated}, neither clean nor a bug.
 */
public enum OutcomeClass {
  ACCEPTABLE,
  INTERESTING,
  FORBIDDEN,
  UNLISTED,
  TRUNCATED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for outcomes that make a run (and the command) fail: exit status 1. */
  public boolean failing() {
    return this == FORBIDDEN || this == UNLISTED;
  }

  static OutcomeClass parse(String text) {
    for (OutcomeClass c : values()) {
      if (c != UNLISTED
          && c != TRUNCATED
          && c.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown outcome class '" + text + "' (expected acceptable, interesting or forbidden)");
  }
}
