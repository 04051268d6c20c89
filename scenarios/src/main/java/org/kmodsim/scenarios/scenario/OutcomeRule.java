package org.kmodsim.scenarios.scenario;

import java.util.List;

/**
 * One expected outcome of a scenario: its name, class, one-line description and the conditions (all
 * must hold) that recognise it. Rules are tried in file order; the first match names the run's
 * outcome. An empty {@code when} matches every run (a catch-all at the end).
 */
public record OutcomeRule(
    String name, OutcomeClass outcomeClass, String description, List<Condition> when) {
  public OutcomeRule {
    when = List.copyOf(when);
  }

  public boolean matches(Observation observation) {
    for (Condition c : when) {
      if (!c.test(observation)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the rule looks at violations, so that it may classify a run that has some. */
  boolean mentionsViolations() {
    return when.stream()
        .anyMatch(c -> c.key().equals("violations") || c.key().startsWith("violations."));
  }

  public Outcome outcome() {
    return new Outcome(name, outcomeClass, description);
  }
}
