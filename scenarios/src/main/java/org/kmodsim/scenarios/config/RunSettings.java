package org.kmodsim.scenarios.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.kmodsim.kernel.Era;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.SimMode;
import org.kmodsim.sim.StrategySpec;

/** {@code kmodsim.run}, {@code kmodsim.era} and {@code kmodsim.machine}, read once. */
public record RunSettings(
    long seed,
    SimMode mode,
    StrategySpec strategy,
    long maxSteps,
    long maxVirtualNanos,
    Duration wallLimit,
    int maxChoiceLog,
    double timeScale,
    Era era,
    int cpus,
    int shellCpu) {

  public static RunSettings fromConfig(Config config) {
    Config run = config.getConfig("kmodsim.run");
    return new RunSettings(
        run.getLong("seed"),
        SimMode.parse(run.getString("mode")),
        StrategySpec.parse(
            run.getString("strategy"), run.getInt("pct-depth"), run.getLong("pct-horizon")),
        run.getLong("max-steps"),
        run.getDuration("max-virtual-time", TimeUnit.NANOSECONDS),
        run.getDuration("wall-limit"),
        run.getInt("max-choice-log"),
        run.getDouble("time-scale"),
        Era.parse(config.getString("kmodsim.era")),
        config.getInt("kmodsim.machine.nr-cpus"),
        config.getInt("kmodsim.machine.shell-cpu"));
  }

  /** The run parameters of these settings, for {@code MachineRun}, which supplies the root. */
  public RunSpec runSpec() {
    return RunSpec.deterministic(seed)
        .withMode(mode)
        .withStrategy(strategy)
        .withLimits(maxSteps, maxVirtualNanos, wallLimit)
        .withChoiceLimit(maxChoiceLog)
        .withTimeScale(timeScale);
  }
}
