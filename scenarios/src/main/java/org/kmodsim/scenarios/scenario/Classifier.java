package org.kmodsim.scenarios.scenario;

import org.kmodsim.sim.EndReason;
import org.kmodsim.sim.Violation;

/**
 * Names the outcome of a run: the first rule of the scenario that matches. A run with violations
 * only matches rules that look at violations (a violation is forbidden unless the scenario says
 * otherwise); a run nothing matches is {@code unlisted}. A run without violations that stopped at a
 * limit (or by an interrupt) is {@code truncated}: its final state is not the scenario's, so no
 * rule is tried on it. A violation seen before the limit is still a finding.
 */
final class Classifier {
  private Classifier() {}

  static Outcome classify(Scenario scenario, Observation observation, Throwable failure) {
    boolean violated = !observation.violations().isEmpty();
    String truncation = observation.end().truncation();
    if (truncation != null && !violated) {
      return new Outcome(
          "truncated:" + truncation,
          OutcomeClass.TRUNCATED,
          "the run stopped before it finished (" + observation.haltReason() + "): no outcome");
    }
    for (OutcomeRule rule : scenario.outcomes()) {
      if ((!violated || rule.mentionsViolations()) && rule.matches(observation)) {
        return rule.outcome();
      }
    }
    if (violated) {
      Violation first = observation.violations().get(0);
      return new Outcome(
          "violation:" + first.kind(),
          OutcomeClass.FORBIDDEN,
          first.where() + ": " + first.detail());
    }
    if (observation.end() == EndReason.FAILED) {
      return new Outcome(
          "model-failure",
          OutcomeClass.FORBIDDEN,
          failure != null ? failure.toString() : observation.haltReason());
    }
    return new Outcome(
        "unlisted",
        OutcomeClass.UNLISTED,
        "no outcome rule matches: end="
            + observation.value("end")
            + ", exits="
            + observation.programExits()
            + ", values="
            + observation.values()
            + ", mem="
            + observation.memory());
  }
}
