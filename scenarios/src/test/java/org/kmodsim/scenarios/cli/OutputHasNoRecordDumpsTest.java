package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kmodsim.scenarios.cli.MainTest.kmodsim;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.kmodsim.scenarios.scenario.ScenarioLoader;

/**
 * What a user sees of a run is in kernel terms: every catalogue scenario ({@code kmodsim list}),
 * run with and without {@code --verbose}, prints no Java toString of a record ({@code
 * Name[field=}), of an array ({@code [Ljava.lang.String;}), no identity hash ({@code @1a2b3c}) and
 * no class name ({@code org.kmodsim.}, {@code java.util.}, a lambda's {@code $$Lambda}).
 */
class OutputHasNoRecordDumpsTest {
  private static final List<Pattern> DUMPS =
      List.of(
          Pattern.compile("\\[L[a-z]+\\."), // an array's toString
          Pattern.compile("\\b[A-Z][A-Za-z0-9]*\\[[a-z][A-Za-z0-9]*="), // a record's toString
          Pattern.compile("@[0-9a-f]{5,}\\b"), // an identity hash code
          Pattern.compile("\\{[A-Za-z0-9_-]+=-?[0-9]+[,}]"), // a map's toString: {user0=0, ...}
          Pattern.compile("\\b(org\\.kmodsim|org\\.apache|java\\.(lang|util))\\."),
          Pattern.compile("\\$\\$Lambda|\\$\\$[a-z]-adapter"));

  @Test
  void noCatalogueRunShowsARecordDumpWithOrWithoutVerbose() {
    List<String> found = new ArrayList<>();
    for (String scenario : ScenarioLoader.catalogue()) {
      for (boolean verbose : new boolean[] {false, true}) {
        MainTest.Run run =
            verbose
                ? kmodsim("run", scenario, "--seed", "1", "--verbose")
                : kmodsim("run", scenario, "--seed", "1");
        assertThat(run.status()).as(scenario).isIn(0, 1);
        assertThat(run.out()).as(scenario).contains("timeline:");
        for (String line : (run.out() + run.err()).split("\n")) {
          for (Pattern dump : DUMPS) {
            Matcher m = dump.matcher(line);
            if (m.find()) {
              found.add(scenario + (verbose ? " --verbose" : "") + ": " + line);
            }
          }
        }
      }
    }
    assertThat(found).isEmpty();
  }

  @Test
  void theFlagshipShowsTheKernelOperationsOnTheirCpus() {
    String out = kmodsim("run", "unload-while-in-use", "--seed", "1").out();
    assertThat(out)
        .contains("try_module_get(hello) = true  refcnt 0→1")
        .contains("module_put(hello)  refcnt 1→0")
        .contains("hello: COMING → LIVE")
        // 6.x prints hello's "<1>" as text: 3 more characters at 9600 baud than 2.6 would.
        .contains("158.333 ms")
        .contains("(158.333 ms later)")
        .doesNotContain("Got[")
        .doesNotContain("-> module-loader");
    String timeline = out.substring(out.indexOf("timeline:"), out.indexOf("\nsteps "));
    for (String line : timeline.split("\n")) {
      assertThat(line.codePointCount(0, line.length())).as(line).isLessThanOrEqualTo(100);
    }
  }

  @Test
  void jsonEventsCarryTheKindAndTypedFields() {
    String out = kmodsim("run", "unload-while-in-use", "--seed", "1", "--json").out();
    assertThat(out)
        .contains("\"kind\" : \"try_module_get\"")
        .contains("\"text\" : \"try_module_get(hello) = true  refcnt 0→1\"")
        .contains("\"refcnt_after\" : 1")
        .contains("\"ok\" : true")
        .contains("\"raceWindow\" : null");
  }
}
