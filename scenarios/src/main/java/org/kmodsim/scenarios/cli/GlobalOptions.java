package org.kmodsim.scenarios.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every command takes: configuration, overrides, seed, mode and JSON output. */
public final class GlobalOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Read this configuration file instead of application.conf.")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one configuration key (repeatable), e.g. --set kmodsim.era=2.6")
  List<String> sets = new ArrayList<>();

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the run (kmodsim.run.seed).")
  Long seed;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description = "deterministic or concurrent (kmodsim.run.mode).")
  String mode;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  public boolean json() {
    return json;
  }

  /** Command-line options as configuration overrides, after the explicit --set ones. */
  public List<String> overrides() {
    List<String> all = new ArrayList<>(sets);
    if (seed != null) {
      all.add("kmodsim.run.seed=" + seed);
    }
    if (mode != null) {
      try {
        org.kmodsim.sim.SimMode.parse(mode);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--mode: " + e.getMessage());
      }
      all.add("kmodsim.run.mode=" + org.kmodsim.sim.config.ConfigValues.quote(mode));
    }
    return all;
  }

  public Path configFile() {
    return config;
  }
}
