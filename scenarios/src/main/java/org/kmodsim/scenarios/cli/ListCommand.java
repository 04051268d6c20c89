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

  @Override
  public Integer call() {
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
      System.out.printf("%-28s %-16s %s%s%n", e.get("name"), String.join(",", eras),
          e.get("title"), Boolean.TRUE.equals(e.get("draft")) ? " [draft]" : "");
    }
    return 0;
  }
}
