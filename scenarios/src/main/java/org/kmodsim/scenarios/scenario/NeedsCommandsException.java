package org.kmodsim.scenarios.scenario;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A well-formed scenario that needs commands (or faults) this build does not have yet, such as
 * {@code insmod} before the module subsystem is merged. Nothing runs; exit status 2. Tests skip
 * such scenarios with an assumption.
 */
public final class NeedsCommandsException extends ScenarioException {
  private static final long serialVersionUID = 1L;
  private final SortedSet<String> missing;

  public NeedsCommandsException(String scenario, Set<String> missing) {
    super(
        "scenario "
            + scenario
            + " needs commands this build does not have: "
            + String.join(", ", new TreeSet<>(missing)));
    this.missing = new TreeSet<>(missing);
  }

  public SortedSet<String> missing() {
    return missing;
  }
}
