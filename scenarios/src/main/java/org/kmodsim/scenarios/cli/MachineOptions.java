package org.kmodsim.scenarios.cli;

import com.typesafe.config.Config;
import java.util.List;
import org.kmodsim.scenarios.config.KmodsimConfig;
import picocli.CommandLine.Option;

/** --era, --cpus, --kernel-tree and --symvers, for the commands that boot a machine. */
public final class MachineOptions {
  @Option(names = "--era", paramLabel = "ERA", description = "Kernel era: 2.4, 2.6, 4.x or 6.x.")
  String era;

  @Option(names = "--cpus", paramLabel = "N", description = "Number of CPUs (nr_cpus).")
  Integer cpus;

  @picocli.CommandLine.Mixin KernelTreeOptions tree;

  /** The configuration of a machine command: the global options, then --era and --cpus. */
  public Config config(GlobalOptions global) {
    List<String> overrides = global.overrides();
    addTo(overrides);
    return KmodsimConfig.load(global.configFile(), overrides);
  }

  /** These options as configuration overrides. */
  public void addTo(List<String> overrides) {
    if (era != null) {
      try {
        org.kmodsim.kernel.Era.parse(era);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--era: " + e.getMessage());
      }
      overrides.add("kmodsim.era=\"" + era + "\"");
    }
    if (cpus != null) {
      if (cpus < 1 || cpus > org.kmodsim.scenarios.config.RunSettings.MAX_CPUS) {
        throw new IllegalArgumentException(
            "--cpus: "
                + cpus
                + " is out of range (expected 1 to "
                + org.kmodsim.scenarios.config.RunSettings.MAX_CPUS
                + ")");
      }
      overrides.add("kmodsim.machine.nr-cpus=" + cpus);
    }
    if (tree != null) {
      tree.addTo(overrides);
    }
  }
}
