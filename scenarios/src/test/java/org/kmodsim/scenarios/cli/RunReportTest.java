package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kmodsim.scenarios.report.HtmlReport;
import org.kmodsim.scenarios.report.Report;
import org.kmodsim.scenarios.scenario.RaceWindow;
import org.kmodsim.scenarios.scenario.ScenarioLoader;
import org.kmodsim.scenarios.scenario.ScenarioRun;
import org.kmodsim.scenarios.scenario.ScenarioRunner;
import org.kmodsim.sim.StrategySpec;

class RunReportTest {
  private static ScenarioRun run(String scenario, long seed) {
    return ScenarioRunner.prepare(ScenarioLoader.load(scenario), ScenarioRunner.Options.defaults())
        .run(seed, StrategySpec.random(), ScenarioOutput.TRACE_LIMIT);
  }

  @Test
  void theFlagshipsSlicesAreKernelOperationsOnTheCpusAndItsSeriesTheModulesStateAndCount() {
    Report report = RunReport.of(run("unload-while-in-use", 1));
    assertThat(report.lanes()).extracting(Report.Lane::name).startsWith("cpu0", "cpu1", "cpu2");
    assertThat(report.slices())
        .filteredOn(s -> s.name().equals("try_module_get(hello) = true"))
        .allSatisfy(
            s -> {
              assertThat(s.lane()).matches("cpu[01]");
              assertThat(s.category()).isEqualTo("kernel");
              assertThat(s.details()).containsKey("refcnt after");
            })
        .isNotEmpty();
    assertThat(report.slices())
        .anySatisfy(s -> assertThat(s.name()).isEqualTo("finit_module(hello)"))
        // The flagship runs 6.x: hello.conf's lecture "<1>" is text there (KERN_SOH levels, 3.6+).
        .anySatisfy(s -> assertThat(s.name()).isEqualTo("printk(\"<1>Hello, world\")"));
    assertThat(report.slices())
        .filteredOn(s -> s.name().equals("printk(\"<1>Hello, world\")"))
        .singleElement()
        .satisfies(s -> assertThat(s.details().get("level")).isEqualTo("LOGLEVEL_DEFAULT"));
    assertThat(report.series())
        .extracting(Report.Series::name)
        .containsExactly("hello state", "hello refcnt");
    Report.Series state = report.series().get(0);
    assertThat(state.points()).extracting(Report.Point::value).startsWith("COMING", "LIVE");
    // Two users hold the module at most; every get is matched by a put at the end.
    Report.Series refcnt = report.series().get(1);
    assertThat(refcnt.points()).extracting(Report.Point::value).contains("2").endsWith("0");
    // rmmod reads the count in /proc/modules: the hover says what it read.
    assertThat(report.slices())
        .filteredOn(s -> s.name().equals("read(/proc/modules)"))
        .singleElement()
        .satisfies(s -> assertThat(s.details().get("read")).startsWith("hello 16384 "));
    assertThat(report.kernelLog())
        .anySatisfy(l -> assertThat(l.text()).isEqualTo("<1>Hello, world"));
    assertThat(report.summary().replayCommand())
        .isEqualTo("kmodsim run unload-while-in-use --era 6.x --seed 1");
  }

  @Test
  void theSummaryIsInWordsWithoutJavasBrackets() {
    Report report = RunReport.of(run("lost-update", 3));
    assertThat(report.summary().facts())
        .extracting(Report.Fact::label)
        .contains("outcome class", "exit statuses", "probes hit")
        .doesNotContain("outcomeClass");
    assertThat(report.summary().facts())
        .extracting(Report.Fact::value)
        .contains("read-zero: 2", "cpu0 0, cpu1 0")
        .allSatisfy(v -> assertThat(v).doesNotContain("[", "]", "{", "}"));
  }

  @Test
  void eventsAtOneInstantKeepTheirStepOrder() {
    Report report = RunReport.of(run("lost-update", 3));
    assertThat(report.endNanos()).isZero();
    assertThat(report.slices())
        .filteredOn(s -> !s.category().equals("program"))
        .extracting(Report.Slice::startOrder)
        .hasSizeGreaterThanOrEqualTo(4)
        .doesNotHaveDuplicates();
  }

  @Test
  void thePageLoadsNothingFromTheNetwork() {
    String page = HtmlReport.render(RunReport.of(run("unload-while-in-use", 1)));
    assertThat(page)
        .contains("Content-Security-Policy", "default-src 'none'")
        .doesNotContainPattern("(src|href)=\"(https?:)?//")
        .doesNotContain("@import", "url(http");
    // No Java toString reaches the page.
    assertThat(page).doesNotContain("[Ljava", "LoadInfo[", "Cred[");
  }

  @Test
  void aForbiddenRunsReportCarriesItsRaceWindowOnTheTwoCpusInOrder() {
    ScenarioRunner runner =
        ScenarioRunner.prepare(
            ScenarioLoader.load("forced-unload-uaf"), ScenarioRunner.Options.defaults());
    ScenarioRun run = runner.run(1, StrategySpec.random(), 100_000);
    RaceWindow window = RaceWindow.find(runner, run).orElseThrow();

    Report report = RunReport.of(run, java.util.Optional.of(window));

    assertThat(report.raceWindow()).isNotNull();
    assertThat(report.raceWindow().first().lane()).isEqualTo("cpu0");
    assertThat(report.raceWindow().first().label()).startsWith("try_module_get(hello) = true");
    assertThat(report.raceWindow().second().lane()).isEqualTo("cpu1");
    assertThat(report.raceWindow().second().label()).isEqualTo("hello: LIVE → GOING");
    assertThat(report.raceWindow().first().order())
        .isLessThan(report.raceWindow().second().order());
    assertThat(report.raceWindow().explanation()).isEqualTo(window.sentence());
    assertThat(RunReport.of(run).raceWindow()).isNull();
  }

  @Test
  void aReplayedRunsReportNamesTheChoiceLogItReplayed() {
    ScenarioRun run = run("lost-update", 3);
    String command = RunWords.replayCommand(run, java.nio.file.Path.of("lost-update-3.choices"));

    assertThat(command)
        .isEqualTo("kmodsim replay lost-update --era 6.x --choices lost-update-3.choices");
    assertThat(HtmlReport.render(RunReport.of(run, java.util.Optional.empty(), command)))
        .contains("--choices lost-update-3.choices")
        .doesNotContain("--choices FILE");
    assertThat(RunWords.replayCommand(run, null)).isEqualTo(RunWords.replayCommand(run));
  }
}
