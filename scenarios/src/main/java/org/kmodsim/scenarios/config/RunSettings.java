package org.kmodsim.scenarios.config;

import com.typesafe.config.Config;
import java.time.Duration;
import org.kmodsim.kernel.Era;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.SimMode;
import org.kmodsim.sim.StrategySpec;
import org.kmodsim.sim.config.ConfigValues;
import org.kmodsim.sim.config.Durations;

/** {@code kmodsim.run}, {@code kmodsim.era} and {@code kmodsim.machine}, read once. */
public record RunSettings(
    long seed,
    SimMode mode,
    StrategySpec strategy,
    long maxSteps,
    long maxVirtualNanos,
    Duration wallLimit,
    double timeScale,
    Era era,
    int cpus,
    int shellCpu) {

  /** The most CPUs a machine has (the model's NR_CPUS). */
  public static final int MAX_CPUS = 256;

  public static RunSettings fromConfig(Config config) {
    ConfigValues run = ConfigValues.of(config, "kmodsim.run");
    ConfigValues machine = ConfigValues.of(config, "kmodsim.machine");
    int depth = run.intIn("pct-depth", 1, 1000);
    long horizon = run.longIn("pct-horizon", 1, Long.MAX_VALUE);
    int cpus = machine.intIn("nr-cpus", 1, MAX_CPUS);
    int shellCpu = machine.intIn("shell-cpu", 0, MAX_CPUS - 1);
    machine.duration("cache-line-transfer");
    return new RunSettings(
        run.longIn("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        run.parsed("mode", SimMode::parse),
        run.parsed("strategy", name -> StrategySpec.parse(name, depth, horizon)),
        run.longIn("max-steps", 1, Long.MAX_VALUE),
        run.duration("max-virtual-time", 1, Durations.MAX_NANOS),
        Duration.ofNanos(run.duration("wall-limit", 1, Durations.MAX_NANOS)),
        run.doubleIn("time-scale", 1e-6, 1e6),
        ConfigValues.of(config, "kmodsim").parsed("era", Era::parse),
        cpus,
        shellCpu);
  }

  /** The run parameters of these settings, for {@code MachineRun}, which supplies the root. */
  public RunSpec runSpec() {
    return RunSpec.deterministic(seed)
        .withMode(mode)
        .withStrategy(strategy)
        .withLimits(maxSteps, maxVirtualNanos, wallLimit)
        .withTimeScale(timeScale);
  }
}
