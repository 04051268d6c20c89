package org.kmodsim.scenarios.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * On small random litmus programs (two or three CPUs, a few reads and writes of two shared cells),
 * {@code dpor} and {@code dfs --state-cache} find exactly the outcomes plain {@code dfs} finds,
 * with the same verdicts. Every combination of final cells and values read is an outcome rule, so
 * the verdicts say which ones a schedule reaches.
 */
class DporPropertyTest {
  /**
   * Accesses in all plus CPUs: 5 in the default build (three accesses on two CPUs, two on three), 6
   * in the exhaustive profile (four on two CPUs, three on three: about ten seconds a try).
   */
  private static final int OPS = Boolean.getBoolean("kmodsim.exhaustive") ? 6 : 5;

  private static final Path NOWHERE = Path.of(System.getProperty("java.io.tmpdir"));

  /** One access: a read of a cell (observed as a value) or a write of 1 or 2. */
  record Op(boolean write, String cell, int value) {}

  @Provide
  Arbitrary<List<List<Op>>> programs() {
    Arbitrary<Op> op =
        Combinators.combine(
                Arbitraries.of(true, false),
                Arbitraries.of("a", "b"),
                Arbitraries.integers().between(1, 2))
            .as(Op::new);
    Arbitrary<List<Op>> program = op.list().ofMinSize(1).ofMaxSize(3);
    return Arbitraries.integers()
        .between(2, 3)
        .flatMap(cpus -> program.list().ofSize(cpus))
        .filter(p -> p.stream().mapToInt(List::size).sum() <= OPS - p.size());
  }

  @Property(tries = 8, seed = "4242")
  void dporAndStateCachingFindTheOutcomesOfDfs(@ForAll("programs") List<List<Op>> programs) {
    ScenarioRunner runner =
        ScenarioRunner.prepare(
            ScenarioLoader.parseString(scenario(programs), "random-litmus"),
            ScenarioRunner.Options.defaults());
    Explorer.Result dfs = ExplorerSearchTest.explore(runner, "dfs", 100_000, -1, false, NOWHERE);
    Explorer.Result dpor = ExplorerSearchTest.explore(runner, "dpor", 100_000, -1, false, NOWHERE);
    Explorer.Result cached = ExplorerSearchTest.explore(runner, "dfs", 100_000, -1, true, NOWHERE);
    assertThat(dfs.exhaustive()).isTrue();
    assertThat(dfs.histogram()).doesNotContainKey("unlisted");
    assertThat(dpor.verdicts()).isEqualTo(dfs.verdicts());
    assertThat(dpor.histogram().keySet()).isEqualTo(dfs.histogram().keySet());
    assertThat(cached.verdicts()).isEqualTo(dfs.verdicts());
    assertThat(dpor.runs()).isLessThanOrEqualTo(dfs.runs());
  }

  private static List<Integer> written(List<List<Op>> programs, String cell) {
    return programs.stream()
        .flatMap(List::stream)
        .filter(op -> op.write() && op.cell().equals(cell))
        .map(Op::value)
        .distinct()
        .sorted()
        .toList();
  }

  /** The scenario text: the programs and one rule per combination of the observable values. */
  static String scenario(List<List<Op>> programs) {
    StringBuilder text = new StringBuilder();
    text.append("title = \"random litmus\"\ndescription = \"generated\"\neras = [\"6.x\"]\n");
    text.append("machine.cpus = ").append(programs.size()).append('\n');
    text.append("programs = [\n");
    List<String> keys = new ArrayList<>();
    List<List<Integer>> domains = new ArrayList<>();
    for (String cell : List.of("a", "b")) {
      List<Integer> written = written(programs, cell);
      if (!written.isEmpty()) {
        keys.add("mem." + cell); // a cell no program writes is absent, not 0
        domains.add(written);
      }
    }
    for (int cpu = 0; cpu < programs.size(); cpu++) {
      text.append("  { cpu = ").append(cpu).append(", steps = [");
      List<Op> ops = programs.get(cpu);
      for (int i = 0; i < ops.size(); i++) {
        Op op = ops.get(i);
        if (op.write()) {
          text.append("\"write_once ")
              .append(op.cell())
              .append(' ')
              .append(op.value())
              .append("\", ");
        } else {
          String name = "r" + cpu + i;
          text.append("\"read_once ").append(op.cell()).append("\", \"observe ").append(name);
          text.append("\", ");
          keys.add("value." + name);
          List<Integer> readable = new ArrayList<>(List.of(0));
          readable.addAll(written(programs, op.cell()));
          domains.add(readable);
        }
      }
      text.append("] }\n");
    }
    text.append("]\noutcomes = [\n");
    int combinations = 1;
    for (List<Integer> d : domains) {
      combinations *= d.size();
    }
    for (int n = 0; n < combinations; n++) {
      StringBuilder name = new StringBuilder("o");
      StringBuilder when = new StringBuilder();
      int rest = n;
      for (int k = 0; k < keys.size(); k++) {
        int value = domains.get(k).get(rest % domains.get(k).size());
        rest /= domains.get(k).size();
        name.append(value);
        when.append(keys.get(k)).append(" = ").append(value).append(", ");
      }
      text.append("  { name = ").append(name).append(", class = acceptable, description = \"-\",");
      text.append(" when { ").append(when).append("} }\n");
    }
    text.append("]\nprobes { }\nmonitors = [programs-finish]\n");
    text.append("explore { strategy = dfs, depth = 100, runs = 1000 }\n");
    return text.toString();
  }
}
