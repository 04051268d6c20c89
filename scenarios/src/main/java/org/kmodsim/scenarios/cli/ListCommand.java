package org.kmodsim.scenarios.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.scenario.Scenario;
import org.kmodsim.scenarios.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kmodsim list}: the scenario catalogue, one line each. */
@Command(name = "list", description = "List the scenario catalogue.")
public final class ListCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(
      names = "--steps",
      description =
          "List the steps of the language instead (every "
              + "command of this build's registry), as a Markdown table.")
  boolean steps;

  @Option(names = "--era", paramLabel = "ERA", description = "Era of the registry (--steps).")
  String era = "6.x";

  @Option(
      names = "--markdown",
      description = "Print the catalogue as Markdown " + "(docs/scenarios.md is made this way).")
  boolean markdown;

  @Override
  public Integer call() {
    if (steps) {
      return printSteps();
    }
    if (markdown) {
      for (String name : ScenarioLoader.catalogue()) {
        System.out.print(markdown(ScenarioLoader.loadCatalogue(name)));
      }
      return 0;
    }
    List<Map<String, Object>> entries = new ArrayList<>();
    for (String name : ScenarioLoader.catalogue()) {
      Scenario s = ScenarioLoader.loadCatalogue(name);
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", s.name());
      e.put("title", s.title());
      e.put("eras", s.eras().stream().map(Era::label).collect(Collectors.toList()));
      e.put("cpus", s.cpus());
      e.put("requires", s.requires());
      e.put("draft", s.draft());
      entries.add(e);
    }
    if (json) {
      System.out.println(Output.json(Map.of("scenarios", entries)));
      return 0;
    }
    for (Map<String, Object> e : entries) {
      @SuppressWarnings("unchecked")
      List<String> eras = (List<String>) e.get("eras");
      System.out.printf(
          "%-28s %-16s %s%s%n",
          e.get("name"),
          String.join(",", eras),
          e.get("title"),
          Boolean.TRUE.equals(e.get("draft")) ? " [draft]" : "");
    }
    return 0;
  }

  static String markdown(Scenario s) {
    StringBuilder md = new StringBuilder();
    md.append("## ").append(s.name()).append(": ").append(s.title()).append("\n\n");
    md.append(s.description().replaceAll("\\s*\\n\\s*", " ")).append("\n\n");
    md.append("- Eras: ")
        .append(s.eras().stream().map(Era::label).collect(Collectors.joining(", ")))
        .append("; ")
        .append(s.cpus())
        .append(" CPUs\n");
    if (s.draft()) {
      md.append("- Status: draft: ")
          .append(s.draftReason())
          .append(" (CI skips its expectations until then)\n");
    }
    md.append("- Run: `kmodsim run ")
        .append(s.name())
        .append("`; explore: `kmodsim explore ")
        .append(s.name())
        .append(" --strategy ")
        .append(s.explore().strategy())
        .append(
            s.explore().strategy().equals("dfs")
                ? " --depth " + s.explore().depth()
                : " --runs " + s.explore().runs())
        .append("`");
    if (s.explore().findsForbidden()) {
      md.append(" (finds the forbidden outcome within ")
          .append(s.explore().runs())
          .append(" runs: checked in CI)");
    }
    md.append("\n\n| outcome | class | description |\n|---|---|---|\n");
    s.outcomes()
        .forEach(
            o ->
                md.append("| ")
                    .append(o.name())
                    .append(" | ")
                    .append(o.outcomeClass().label())
                    .append(" | ")
                    .append(o.description())
                    .append(" |\n"));
    return md.append("\n").toString();
  }

  private int printSteps() {
    Era parsed = Era.parse(era);
    com.typesafe.config.Config config =
        org.kmodsim.scenarios.config.KmodsimConfig.load(
            null, List.of("kmodsim.era=\"" + parsed.label() + "\""));
    org.kmodsim.cpu.Commands registry =
        org.kmodsim.scenarios.scenario.ScenarioRunner.registry(config, parsed);
    System.out.println("| command | synopsis |");
    System.out.println("|---|---|");
    registry
        .entries()
        .forEach(
            (name, entry) -> {
              if (!name.startsWith("__")) {
                System.out.println(
                    "| `" + name + "` | `" + entry.synopsis().replace("|", "\\|") + "` |");
              }
            });
    return 0;
  }
}
