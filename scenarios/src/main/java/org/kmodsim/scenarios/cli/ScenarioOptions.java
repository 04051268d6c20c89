package org.kmodsim.scenarios.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The scenario, its era and kernel tree, for run, explore, replay and minimize. */
public final class ScenarioOptions {
  @Parameters(
      index = "0",
      paramLabel = "SCENARIO",
      description = "A catalogue name (kmodsim list) or a scenario file.")
  String scenario;

  @Option(
      names = "--era",
      paramLabel = "ERA",
      description = "Kernel era (2.4, 2.6, 4.x, 6.x); default: the scenario's first era.")
  String era;

  @picocli.CommandLine.Mixin KernelTreeOptions tree;
}
