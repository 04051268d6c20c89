package org.kmodsim.scenarios.cli;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kmodsim.sim.EngineSettings;
import org.kmodsim.sim.PekkoCeiling;
import org.kmodsim.sim.SimEngine;
import org.kmodsim.sim.WindowRates;

/**
 * The raw Pekko ceiling around a concurrent stress run ({@code kmodsim.bench.ceiling}): measured
 * briefly in the same JVM just before and just after it, so that the run's throughput can be stated
 * as a ratio to what bare Pekko does on this machine in the same minutes.
 */
final class Ceiling {
  private final int clients;
  private final Duration warmUp;
  private final Duration window;
  private final int windows;
  private PekkoCeiling.Figures before;

  private Ceiling(int clients, Duration warmUp, Duration window, int windows) {
    this.clients = clients;
    this.warmUp = warmUp;
    this.window = window;
    this.windows = windows;
  }

  /** The stress run's ceiling settings; the engine is configured from {@code config} first. */
  static Ceiling around(Config config, int clients) {
    configureEngine(config);
    org.kmodsim.sim.config.ConfigValues ceiling =
        org.kmodsim.sim.config.ConfigValues.of(config, "kmodsim.bench.ceiling");
    return new Ceiling(
        clients,
        java.time.Duration.ofNanos(ceiling.duration("warm-up")),
        java.time.Duration.ofNanos(
            ceiling.duration("window", 1, org.kmodsim.sim.config.Durations.MAX_NANOS)),
        ceiling.intIn("windows", 1, 1000));
  }

  /** The shared engine takes {@code kmodsim.engine} from the command's configuration. */
  static void configureEngine(Config config) {
    SimEngine.configureShared(EngineSettings.fromConfig(config));
  }

  void before() {
    before = SimEngine.shared().pekkoCeiling(clients, warmUp, window, windows);
  }

  /**
   * Measures the ceiling again and returns the JSON fields: {@code ceilingRatio} ({@code perSecond}
   * over the median of the request/reply windows, those before the run and those after it together:
   * a window caught in another process's burst, or before the JIT had compiled Pekko's hot path,
   * moves the median by one rank, where the better of two single windows followed whichever was
   * luckier) and {@code ceiling}, with the windows' spread.
   */
  Map<String, Object> after(double perSecond) {
    return after(perSecond, -1);
  }

  /**
   * {@link #after(double)}, and {@code cpuCeilingRatio}: the CPU time of a ceiling round trip over
   * {@code cpuNanosPerOp}, the run's CPU time per operation (null when either is unknown).
   */
  Map<String, Object> after(double perSecond, double cpuNanosPerOp) {
    PekkoCeiling.Figures after = SimEngine.shared().pekkoCeiling(clients, warmUp, window, windows);
    WindowRates all = before.roundTripWindows().and(after.roundTripWindows());
    double best = all.median();
    double cpuPerRoundTrip =
        before.roundTripCpuNanos() < 0 || after.roundTripCpuNanos() < 0
            ? -1
            : (before.roundTripCpuNanos() + after.roundTripCpuNanos())
                / (double) Math.max(1, before.roundTrips() + after.roundTrips());
    Map<String, Object> ceiling = new LinkedHashMap<>();
    ceiling.put("clients", clients);
    ceiling.put("warmupNs", warmUp.toNanos());
    ceiling.put("windowNs", window.toNanos());
    ceiling.put("windows", windows);
    ceiling.put("requestReplyPerSec", Math.round(best));
    ceiling.put("requestReplyBeforePerSec", Math.round(before.roundTripWindows().median()));
    ceiling.put("requestReplyAfterPerSec", Math.round(after.roundTripWindows().median()));
    ceiling.put("requestReplyMinPerSec", Math.round(all.min()));
    ceiling.put("requestReplyMaxPerSec", Math.round(all.max()));
    ceiling.put("requestReplySpread", Math.round(all.spread() * 1000) / 1000.0);
    ceiling.put("tellPerSec", Math.round(before.tellWindows().and(after.tellWindows()).median()));
    ceiling.put("cpuNsPerRoundTrip", Math.round(cpuPerRoundTrip * 10) / 10.0);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("ceilingRatio", best == 0 ? 0 : Math.round(perSecond / best * 1000) / 1000.0);
    // The same comparison in processor time, which other processes' load changes far less.
    json.put(
        "cpuCeilingRatio",
        cpuPerRoundTrip <= 0 || cpuNanosPerOp <= 0
            ? null
            : Math.round(cpuPerRoundTrip / cpuNanosPerOp * 1000) / 1000.0);
    json.put("ceiling", ceiling);
    return json;
  }
}
