package org.kmodsim.scenarios.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.scenarios.cli.ScenarioOutput;
import org.kmodsim.scenarios.scenario.ScenarioLoader;
import org.kmodsim.scenarios.scenario.ScenarioRun;
import org.kmodsim.scenarios.scenario.ScenarioRunner;
import org.kmodsim.sim.StrategySpec;

/**
 * The HTML report in a real browser: headless Chromium loads the report of the flagship
 * (unload-while-in-use, seed 1), of lost-update (every event at 0 ns) and of a report with a race
 * window, and the test reads the page after its scripts ran. Skipped, with the reason, only where
 * no Chromium is installed ({@code .ci/run} installs Debian's).
 */
@Timeout(180)
class HtmlReportBrowserTest {
  private static final String RENDERED =
      "new Promise(r => { const f = () => document.body.dataset.rendered === 'true' ? r(true)"
          + " : setTimeout(f, 10); f(); })";

  @TempDir static Path dir;
  private static HeadlessChromium chromium;

  private static final String NO_BROWSER =
      "HtmlReportBrowserTest skipped: no Chromium found (chromium, chromium-browser or"
          + " google-chrome on the PATH, or KMODSIM_CHROMIUM); .ci/run installs it, or"
          + " apt-get install -y chromium";

  @BeforeAll
  static void startChromium() throws Exception {
    String browser = HeadlessChromium.find();
    if (browser == null) {
      // Said once on the console, and each test is reported as skipped with the reason.
      System.err.println(NO_BROWSER);
      return;
    }
    chromium = new HeadlessChromium(browser, 1600, 1000);
  }

  @BeforeEach
  void needsChromium() {
    Assumptions.assumeTrue(chromium != null, NO_BROWSER);
  }

  @AfterAll
  static void stopChromium() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
  }

  private static Path report(String scenario, long seed) {
    ScenarioRun run =
        ScenarioRunner.prepare(ScenarioLoader.load(scenario), ScenarioRunner.Options.defaults())
            .run(seed, StrategySpec.random(), ScenarioOutput.TRACE_LIMIT);
    Path file = dir.resolve(scenario + ".html");
    ScenarioOutput.files(run, null, file);
    return file;
  }

  private static JsonNode open(Path file) throws Exception {
    chromium.errors.clear();
    chromium.requests.clear();
    chromium.open(file);
    chromium.eval(RENDERED);
    return chromium.eval(
        "({lanes: [...document.querySelectorAll('#lanes .lane-name')].map(e => e.textContent),"
            + " slices: [...document.querySelectorAll('#lanes rect.slice')].map(e =>"
            + " e.dataset.name),"
            + " instants: [...document.querySelectorAll('#lanes path.instant')].map(e =>"
            + " e.dataset.name),"
            + " outcome: document.querySelector('#outcome .outcome-name').textContent,"
            + " outcomeClass: document.querySelector('#outcome .outcome-class').textContent,"
            + " seed: document.getElementById('seed').textContent,"
            + " replay: document.getElementById('replay').textContent,"
            + " axis: document.body.dataset.axis,"
            + " labels: [...document.querySelectorAll('#summary th')].map(e => e.textContent),"
            + " values: [...document.querySelectorAll('#summary td')].map(e => e.textContent),"
            + " log: [...document.querySelectorAll('#kernel-log tr')].map(e => e.textContent)})");
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void theFlagshipsReportShowsItsLanesSlicesOutcomeAndSeed() throws Exception {
    Path file = report("unload-while-in-use", 1);
    JsonNode page = open(file);
    assertThat(strings(page.get("lanes")))
        .startsWith("cpu0", "cpu1", "cpu2")
        .contains("hello state", "hello refcnt");
    assertThat(strings(page.get("slices")))
        .contains(
            "insmod hello.conf",
            "user0",
            "user1",
            "rmmod",
            "finit_module(hello)",
            "try_module_get(hello) = true",
            "hello: greet()",
            "printk(\"<1>Hello, world\")", // 6.x: the lecture's "<1>" is text (KERN_SOH)
            "read(/proc/modules)");
    assertThat(strings(page.get("instants"))).contains("module_put(hello)");
    assertThat(page.get("outcome").asText()).isEqualTo("busy");
    assertThat(page.get("outcomeClass").asText()).isEqualTo("acceptable");
    assertThat(page.get("seed").asText()).isEqualTo("1");
    assertThat(page.get("replay").asText())
        .isEqualTo("kmodsim run unload-while-in-use --era 6.x --seed 1");
    assertThat(strings(page.get("labels"))).contains("outcome class", "exit statuses");
    assertThat(strings(page.get("values")))
        .contains("user0 0, user1 0, rmmod 1")
        .allSatisfy(v -> assertThat(v).doesNotContain("[", "{", "outcomeClass"));
    assertThat(strings(page.get("log"))).anySatisfy(l -> assertThat(l).contains("Hello, world"));
    // A 158 ms printk, then the race in 10 us: step order is the first view.
    assertThat(page.get("axis").asText()).isEqualTo("order");
    assertThat(chromium.errors).isEmpty();
    assertThat(chromium.requests).allSatisfy(u -> assertThat(u).startsWith("file:"));
    // README's docs/report-unload-while-in-use.png is this screenshot: copy it there when the
    // report or the flagship changes.
    Files.write(Path.of("target", "report-unload-while-in-use.png"), chromium.screenshot());
  }

  @Test
  void onTheTimeAxisTheTenMicrosecondRaceAfterThePrintkIsVisibleZoomedIn() throws Exception {
    open(report("unload-while-in-use", 1));
    chromium.eval("document.querySelector('[data-axis=time]').click()");
    assertThat(chromium.eval("document.body.dataset.axis").asText()).isEqualTo("time");
    String wide =
        "[...document.querySelectorAll('#lanes rect.slice:not(.program)')]"
            + ".filter(r => r.getAttribute('width') >= 4).length";
    int before = chromium.eval(wide).asInt();
    // The wheel zooms around the pointer: at the right edge, where the race is.
    chromium.eval(
        "(() => { const t = document.getElementById('timeline'), b = t.getBoundingClientRect();"
            + " for (let i = 0; i < 40; i++) t.dispatchEvent(new WheelEvent('wheel', {deltaY: -100,"
            + " clientX: b.right - 14, clientY: b.top + 80, bubbles: true, cancelable: true}));"
            + " })()");
    int after = chromium.eval(wide).asInt();
    assertThat(after).isGreaterThan(before + 20);
    assertThat(chromium.eval("kmodsimReport.view()[1] - kmodsimReport.view()[0]").asDouble())
        .isLessThan(50_000);
    // Hover details of a slice.
    JsonNode tip =
        chromium.eval(
            "(() => { const r = [...document.querySelectorAll('#lanes rect.slice')].find(e =>"
                + " e.dataset.name.startsWith('try_module_get')), b = r.getBoundingClientRect();"
                + " r.dispatchEvent(new MouseEvent('mousemove', {clientX: b.x + 1, clientY: b.y"
                + " + 1, bubbles: true})); const t = document.getElementById('tip');"
                + " return {hidden: t.hidden, text: t.textContent}; })()");
    assertThat(tip.get("hidden").asBoolean()).isFalse();
    assertThat(tip.get("text").asText()).contains("try_module_get(hello)", "refcnt after");
    assertThat(chromium.errors).isEmpty();
  }

  @Test
  void aRunWhoseEventsAreAllAtOneInstantIsDrawnByStepOrder() throws Exception {
    JsonNode page = open(report("lost-update", 3));
    assertThat(page.get("axis").asText()).isEqualTo("order");
    JsonNode xs =
        chromium.eval(
            "[...document.querySelectorAll('#lanes rect.slice:not(.program)')].map(r =>"
                + " r.getAttribute('x'))");
    assertThat(strings(xs)).hasSizeGreaterThanOrEqualTo(4).doesNotHaveDuplicates();
    assertThat(strings(page.get("slices")))
        .anySatisfy(s -> assertThat(s).startsWith("READ_ONCE(count)"));
    assertThat(chromium.errors).isEmpty();
  }

  @Test
  void theRaceWindowIsExplainedHighlightedAndZoomedTo() throws Exception {
    Map<String, String> none = new LinkedHashMap<>();
    Report report =
        new Report(
            "two CPUs, seed 7",
            new Report.Summary(
                "both CPUs read 0",
                "lost-update",
                "forbidden",
                7,
                "kmodsim run lost-update --seed 7",
                List.of(new Report.Fact("outcome class", "forbidden"))),
            List.of(new Report.Lane("cpu0", "cpu0", "cpu"), new Report.Lane("cpu1", "cpu1", "cpu")),
            List.of(
                new Report.Slice("cpu0", "READ_ONCE(count) = 0", "kernel", 0, 0, 1, 2, none),
                new Report.Slice("cpu1", "READ_ONCE(count) = 0", "kernel", 0, 0, 3, 4, none),
                new Report.Slice("cpu0", "WRITE_ONCE(count, 1)", "kernel", 0, 0, 5, 6, none)),
            List.of(),
            List.of(),
            List.of(),
            new Report.RaceWindow(
                new Report.Mark("cpu0", "READ_ONCE(count)", 0, 1),
                new Report.Mark("cpu1", "READ_ONCE(count)", 0, 3),
                "cpu1 read count before cpu0 wrote it; reversed, the outcome is ok"),
            0);
    Path file = dir.resolve("race.html");
    Files.writeString(file, HtmlReport.render(report));
    open(file);
    assertThat(chromium.eval("document.getElementById('race').textContent").asText())
        .contains("cpu1 read count before cpu0 wrote it");
    assertThat(chromium.eval("document.querySelectorAll('#race-band, .race-mark').length").asInt())
        .isEqualTo(3);
    chromium.eval("document.getElementById('zoom-race').click()");
    assertThat(chromium.eval("kmodsimReport.view()[0]").asDouble()).isGreaterThanOrEqualTo(0);
    assertThat(chromium.eval("document.querySelectorAll('.race-mark').length").asInt())
        .isEqualTo(2);
    assertThat(chromium.errors).isEmpty();
  }
}
