package org.kmodsim.scenarios.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.scenario.Scenario;
import org.kmodsim.scenarios.scenario.ScenarioLoader;

/**
 * Every catalogue scenario, in every era it lists: its expectations hold over its fixed seeds, and
 * a scenario that exists to show a bug has it found by explore within its stated budget. Scenarios
 * needing commands this build lacks (and drafts) are skipped, visibly.
 */
class CatalogueTest {
  @TempDir Path choices;

  @TestFactory
  Stream<DynamicTest> expectationsHoldOverFixedSeeds() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : ScenarioLoader.catalogue()) {
      Scenario scenario = ScenarioLoader.loadCatalogue(name);
      for (Era era : scenario.eras()) {
        tests.add(
            DynamicTest.dynamicTest(
                name + " @" + era.label(),
                () -> ScenarioCheck.of(scenario).era(era).expectationsHold()));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> bugScenariosAreFoundWithinTheirBudget() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : ScenarioLoader.catalogue()) {
      Scenario scenario = ScenarioLoader.loadCatalogue(name);
      if (scenario.explore().findsForbidden()) {
        tests.add(
            DynamicTest.dynamicTest(
                name + " @" + scenario.defaultEra().label(),
                () -> ScenarioCheck.of(scenario).findsForbidden(choices)));
      }
    }
    return tests.stream();
  }

  @Test
  void everyCatalogueFileIsListedAndLoads() throws Exception {
    Path dir = Path.of("src/main/resources/kmodsim/scenarios");
    List<String> files = new ArrayList<>();
    try (Stream<Path> listing = Files.list(dir)) {
      listing
          .map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(".conf"))
          .forEach(f -> files.add(f.replaceFirst("\\.conf$", "")));
    }
    assertThat(ScenarioLoader.catalogue()).containsExactlyInAnyOrderElementsOf(files);
    assertThat(ScenarioLoader.catalogue()).hasSizeGreaterThanOrEqualTo(12);
    for (String name : ScenarioLoader.catalogue()) {
      Scenario s = ScenarioLoader.loadCatalogue(name);
      assertThat(s.name()).isEqualTo(name);
      assertThat(s.outcomes()).isNotEmpty();
      assertThat(s.description()).as(name).isNotBlank();
      assertThat(s.draft() ? s.draftReason() : "").as(name).doesNotContain("written before");
    }
  }
}
