package org.kmodsim.scenarios.cli;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Cred;
import org.kmodsim.scenarios.config.KmodsimConfig;
import org.kmodsim.scenarios.config.RunSettings;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.sim.EngineSettings;
import org.kmodsim.sim.PekkoCeiling;
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.SimEngine;
import org.kmodsim.sim.SimMode;
import org.kmodsim.sim.config.ConfigValues;
import org.kmodsim.sim.config.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kmodsim bench ...}: benchmarks that anyone can rerun. */
@Command(
    name = "bench",
    description = "Benchmarks.",
    subcommands = {BenchCommand.Engine.class, BenchExploreCommand.class, BenchCommand.Pekko.class})
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /**
   * {@code kmodsim bench engine}: deliveries per second on the long contention run, and, in
   * deterministic mode, runs per second of a tiny 2-CPU scenario with a fresh root per run.
   */
  @Command(name = "engine", description = "Engine throughput on the contention workload.")
  public static final class Engine implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Mixin MachineOptions machine;

    @Override
    public Integer call() {
      Config config = machine.config(global);
      RunSettings settings = RunSettings.fromConfig(config);
      ConfigValues bench = ConfigValues.of(config, "kmodsim.bench");
      int tinyRounds = bench.positiveInt("tiny-rounds");
      long tinyNanos = bench.duration("tiny-duration", 1, Durations.MAX_NANOS);
      long spin = ConfigValues.of(config, "kmodsim.boot").duration("spin");

      RunResult measured = longRun(config, true);
      RunSpec tinyRun = settings.runSpec().withChoiceLog(false);
      if (measured.end().truncated()) {
        // A figure of a run cut short would be a rate over an unknown amount of work.
        System.out.println(
            "seed "
                + settings.seed()
                + ScenarioOutput.truncationNote(measured)
                + "\nbench engine: the measured run did not finish: no figures");
        return ExitCode.TRUNCATED;
      }

      Map<String, Object> json = new LinkedHashMap<>();
      json.put("mode", settings.mode().label());
      json.put("cpus", settings.cpus());
      json.put("longRunSteps", measured.steps());
      json.put("longRunWallMs", measured.wallNanos() / 1e6);
      json.put("deliveriesPerSec", Math.round(measured.stepsPerSecond()));
      if (settings.mode() == SimMode.DETERMINISTIC) {
        MachineSpec tiny = machineSpec(config, settings, 2, tinyRounds, spin);
        long runs = 0;
        long steps = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < tinyNanos) {
          RunResult one = MachineRun.run(tiny, tinyRun.withSeed(settings.seed() + runs)).result();
          if (one.end().truncated()) {
            System.out.println(
                "seed "
                    + settings.seed()
                    + ScenarioOutput.truncationNote(one)
                    + "\nbench engine: a tiny run did not finish: no figures");
            return ExitCode.TRUNCATED;
          }
          steps += one.steps();
          runs++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        json.put("tinyRuns", runs);
        json.put("tinyStepsPerRun", runs == 0 ? 0 : steps / runs);
        json.put("runsPerSec", Math.round(runs / seconds));
      } else {
        json.put("runsPerSec", null);
      }
      json.put("machine", Output.machine());
      if (global.json()) {
        System.out.println(Output.json(json));
      } else {
        System.out.println("seed " + settings.seed());
        json.forEach((key, value) -> System.out.println(key + ": " + value));
      }
      return 0;
    }

    /**
     * The long contention run of {@code config}, measured; after an unmeasured one first (the JIT's
     * and the class loader's warm-up) when {@code warmUp}.
     */
    static RunResult longRun(Config config, boolean warmUp) {
      RunSettings settings = RunSettings.fromConfig(config);
      int longRounds = ConfigValues.of(config, "kmodsim.bench").positiveInt("long-rounds");
      long spin = ConfigValues.of(config, "kmodsim.boot").duration("spin");
      MachineSpec longSpec = machineSpec(config, settings, settings.cpus(), longRounds, spin);
      RunSpec longRun = settings.runSpec().withChoiceLog(false);
      if (warmUp) {
        MachineRun.run(
            longSpec, longRun.withLimits(Long.MAX_VALUE, Long.MAX_VALUE, longRun.wallLimit()));
      }
      return MachineRun.run(longSpec, longRun).result();
    }

    /**
     * A bare machine: the VFS, the shared counter and the CPUs, without the kernel subsystems
     * (their boot would dominate a 40-delivery run); the workload needs nothing else.
     */
    private static MachineSpec machineSpec(
        Config config, RunSettings settings, int cpus, int rounds, long spin) {
      return new MachineSpec(
          config,
          settings.era(),
          cpus,
          List.of(),
          BootWorkload.programs(cpus, rounds, spin),
          List.of(),
          Cred.root(),
          0);
    }
  }

  /**
   * {@code kmodsim bench pekko}: the raw Pekko ceiling on the concurrent-mode dispatcher, the
   * reference of every concurrent figure: request/reply round trips per second of N clients through
   * one central actor, and one-way messages per second into it.
   */
  @Command(
      name = "pekko",
      description = "The raw Pekko ceiling of concurrent mode: request/reply and one-way tells.")
  public static final class Pekko implements Callable<Integer> {
    @Mixin GlobalOptions global;

    @picocli.CommandLine.Option(
        names = "--clients",
        paramLabel = "N",
        description = "Clients sending to the one central actor (default 4, as stress unload).")
    int clients = 4;

    @picocli.CommandLine.Option(
        names = "--duration",
        paramLabel = "D",
        description = "Measured time of each phase (default: kmodsim.bench.pekko.window, 2s).")
    String duration;

    @picocli.CommandLine.Option(
        names = "--windows",
        paramLabel = "N",
        description =
            "Parts the measured time is cut into; the figure is their median (default:"
                + " kmodsim.bench.pekko.windows, 10).")
    Integer windows;

    @picocli.CommandLine.Option(
        names = "--warm-up",
        paramLabel = "D",
        description = "Unmeasured time before each phase (default: kmodsim.bench.pekko.warm-up).")
    String warmUp;

    @Override
    public Integer call() {
      if (clients < 1) {
        throw new IllegalArgumentException("--clients must be at least 1");
      }
      Config config = KmodsimConfig.load(global.configFile(), global.overrides());
      Ceiling.configureEngine(config);
      ConfigValues bench = ConfigValues.of(config, "kmodsim.bench.pekko");
      Duration window =
          duration(duration, "--duration", Duration.ofNanos(bench.duration("window", 1, MAX)));
      Duration warm = duration(warmUp, "--warm-up", Duration.ofNanos(bench.duration("warm-up")));
      int parts = windows != null ? windows : bench.intIn("windows", 1, 1000);
      if (parts < 1 || parts > 1000) {
        throw new IllegalArgumentException("--windows must be between 1 and 1000");
      }
      SimEngine engine = SimEngine.shared();
      PekkoCeiling.Figures figures = engine.pekkoCeiling(clients, warm, window, parts);
      EngineSettings settings = engine.settings();
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("mode", SimMode.CONCURRENT.label());
      json.put("clients", clients);
      json.put("executor", settings.concurrentExecutor());
      json.put("threads", settings.concurrentThreads());
      json.put("throughput", settings.concurrentThroughput());
      json.put("warmupNs", warm.toNanos());
      json.put("windowNs", window.toNanos());
      json.put("windows", parts);
      // The median of the parts, as the stress commands' ceiling; the spread shows the noise.
      json.put("roundTrips", figures.roundTrips());
      json.put("requestReplyPerSec", Math.round(figures.roundTripWindows().median()));
      json.put("requestReplyMinPerSec", Math.round(figures.roundTripWindows().min()));
      json.put("requestReplyMaxPerSec", Math.round(figures.roundTripWindows().max()));
      json.put(
          "requestReplySpread", Math.round(figures.roundTripWindows().spread() * 1000) / 1000.0);
      json.put("tells", figures.tells());
      json.put("tellPerSec", Math.round(figures.tellWindows().median()));
      json.put("tellSpread", Math.round(figures.tellWindows().spread() * 1000) / 1000.0);
      json.put("machine", Output.machine());
      if (global.json()) {
        System.out.println(Output.json(json));
      } else {
        json.forEach((key, value) -> System.out.println(key + ": " + value));
      }
      return 0;
    }

    private static final long MAX = Durations.MAX_NANOS;

    private static Duration duration(String text, String option, Duration fallback) {
      if (text == null) {
        return fallback;
      }
      long nanos = CommandLine.parseDuration(text);
      if (nanos <= 0) {
        throw new IllegalArgumentException(option + " must be positive");
      }
      return Duration.ofNanos(nanos);
    }
  }
}
