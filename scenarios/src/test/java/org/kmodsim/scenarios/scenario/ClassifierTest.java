package org.kmodsim.scenarios.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.kmodsim.sim.EndReason;
import org.kmodsim.sim.Violation;

class ClassifierTest {
  private final Scenario scenario =
      ScenarioLoader.parseString(
          String.join(
              "\n",
              "description = d",
              "programs = [ { cpu = 0, name = rmmod, steps = [\"true\"] } ]",
              "outcomes = [",
              "  { name = removed, class = acceptable, description = r, when { exit.rmmod = 0 } }",
              "  { name = uaf, class = forbidden, description = u, when { violations.use-after-free = \">0\" } }",
              "  { name = stuck, class = interesting, description = s, when { exit.rmmod = none } }",
              "]"),
          "c");

  private static Observation observed(
      Map<String, Integer> exits, List<Violation> violations, EndReason end) {
    return new Observation(
        end,
        "why",
        violations,
        new TreeMap<>(),
        exits,
        0,
        List.of(),
        List.of(),
        List.of(),
        new TreeMap<>(),
        new TreeMap<>(),
        new TreeMap<>(),
        10,
        100);
  }

  @Test
  void theFirstMatchingRuleNamesTheOutcome() {
    Outcome outcome =
        Classifier.classify(
            scenario, observed(Map.of("rmmod", 0), List.of(), EndReason.HALTED), null);
    assertThat(outcome.name()).isEqualTo("removed");
    assertThat(outcome.outcomeClass()).isEqualTo(OutcomeClass.ACCEPTABLE);
  }

  @Test
  void aViolationOnlyMatchesRulesThatLookAtViolations() {
    Violation uaf = new Violation(3, 50, "cpu0", "use-after-free", "chardev_read");
    assertThat(
            Classifier.classify(
                    scenario, observed(Map.of("rmmod", 0), List.of(uaf), EndReason.HALTED), null)
                .name())
        .isEqualTo("uaf");
    Violation other = new Violation(3, 50, "cpu0", "negative-refcount", "chardev: -1");
    Outcome unlistedKind =
        Classifier.classify(
            scenario, observed(Map.of("rmmod", 0), List.of(other), EndReason.HALTED), null);
    assertThat(unlistedKind.name()).isEqualTo("violation:negative-refcount");
    assertThat(unlistedKind.outcomeClass()).isEqualTo(OutcomeClass.FORBIDDEN);
  }

  @Test
  void missingValuesMatchNoneAndNothingElse() {
    assertThat(
            Classifier.classify(scenario, observed(Map.of(), List.of(), EndReason.QUIESCENT), null)
                .name())
        .isEqualTo("stuck");
    Outcome failed =
        Classifier.classify(
            scenario,
            observed(Map.of("rmmod", 2), List.of(), EndReason.FAILED),
            new IllegalStateException("x"));
    assertThat(failed.name()).isEqualTo("model-failure");
    assertThat(
            Classifier.classify(
                    scenario, observed(Map.of("rmmod", 2), List.of(), EndReason.HALTED), null)
                .outcomeClass())
        .isEqualTo(OutcomeClass.UNLISTED);
  }

  @Test
  void aRunCutShortIsTruncatedWhateverItsStateWouldMatch() {
    Outcome outcome =
        Classifier.classify(
            scenario, observed(Map.of("rmmod", 0), List.of(), EndReason.STEP_LIMIT), null);
    assertThat(outcome.name()).isEqualTo("truncated:step-limit");
    assertThat(outcome.outcomeClass()).isEqualTo(OutcomeClass.TRUNCATED);
    assertThat(outcome.outcomeClass().failing()).isFalse();
    assertThat(outcome.description()).contains("why");
  }

  @Test
  void aViolationBeforeTheLimitIsStillAFinding() {
    Violation uaf = new Violation(3, 50, "cpu0", "use-after-free", "chardev_read");
    assertThat(
            Classifier.classify(
                    scenario, observed(Map.of(), List.of(uaf), EndReason.VIRTUAL_TIME_LIMIT), null)
                .name())
        .isEqualTo("uaf");
  }
}
