package org.kmodsim.scenarios.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code explore --cluster}: where the coordinator is, how units are cut, when to stop. */
final class ClusterOptions {
  @Option(
      names = "--cluster",
      paramLabel = "HOST:PORT",
      description =
          "Explore on the cluster whose coordinator is here (random and pct by seed, dfs by"
              + " subtree; docs/cluster.md).")
  String cluster;

  @Option(
      names = "--unit",
      paramLabel = "SEEDS",
      description = "--cluster: seeds per work unit of random and pct (default: 1000).")
  int unit = 1000;

  @Option(
      names = "--stop-after",
      paramLabel = "K",
      description = "--cluster: stop once K runs were forbidden or unlisted.")
  long stopAfter;

  @Mixin NodeOptions node = new NodeOptions();
}
