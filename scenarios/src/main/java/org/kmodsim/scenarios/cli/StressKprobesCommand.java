package org.kmodsim.scenarios.cli;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Cred;
import org.kmodsim.scenarios.config.KmodsimConfig;
import org.kmodsim.scenarios.config.RunSettings;
import org.kmodsim.scenarios.machine.Kernel;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.scenarios.stress.KprobeStorm;
import org.kmodsim.scenarios.stress.Latencies;
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.SimMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kmodsim stress kprobes}: M probes on hot functions hit from N CPUs for a duration; reports
 * calls, hits, misses (and the increments of the non-atomic nmissed counter that were lost),
 * kretprobe instances that ran out, call latency and the overhead per hit.
 */
@Command(
    name = "kprobes",
    description = "A kprobe storm: M probes on hot functions hit from " + "N CPUs.")
public final class StressKprobesCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;
  @Mixin KernelTreeOptions tree;

  @Option(names = "--era", paramLabel = "ERA", description = "Kernel era (kprobes: 2.6 and later).")
  String era;

  @Option(names = "--cpus", paramLabel = "N", description = "CPUs calling (default 4).")
  int cpus = 4;

  @Option(
      names = "--probes",
      paramLabel = "M",
      description = "kprobes, on distinct hot " + "functions (1 to 7, default 4).")
  int probes = 4;

  @Option(
      names = "--kretprobe-maxactive",
      paramLabel = "K",
      description = "kretprobe instances (default: the era's formula).")
  int maxactive;

  @Option(
      names = "--duration",
      paramLabel = "D",
      description =
          "How long the storm lasts: "
              + "virtual time in deterministic mode (default 2ms), wall time in concurrent mode "
              + "(default 2s).")
  String duration;

  @Option(
      names = "--warmup",
      paramLabel = "D",
      description =
          "Concurrent mode: wall time the storm runs before its rate counts, added before"
              + " --duration (default 2s: the JIT's warm-up; the other counts are of the whole"
              + " storm).")
  String warmup;

  @Option(
      names = "--call-time",
      paramLabel = "D",
      description = "How long each called function runs (default 200ns).")
  String callTime = "200ns";

  @Override
  public Integer call() {
    List<String> overrides = global.overrides();
    tree.addTo(overrides);
    if (era != null) {
      overrides.add("kmodsim.era=\"" + era + "\"");
    }
    Config config = KmodsimConfig.load(global.configFile(), overrides);
    RunSettings settings = RunSettings.fromConfig(config);
    boolean concurrent = settings.mode() == SimMode.CONCURRENT;
    long warmUpNanos = WarmUp.nanos(warmup, concurrent);
    config = WarmUp.configure(config, warmUpNanos);
    if (!org.kmodsim.kernel.kprobes.KprobeEra.of(settings.era()).hasKprobes()) {
      throw new IllegalArgumentException(
          "stress kprobes: era "
              + settings.era().label()
              + " has no kprobes (no CONFIG_KPROBES before 2.6.9: register_kprobe is not there);"
              + " use --era 2.6, 4.x or 6.x");
    }
    long durationNanos =
        CommandLine.parseDuration(duration != null ? duration : concurrent ? "2s" : "2ms");
    if (durationNanos <= 0) {
      throw new IllegalArgumentException("--duration must be more than 0");
    }
    KprobeStorm storm =
        new KprobeStorm(cpus, probes, maxactive, CommandLine.parseDuration(callTime));
    MachineSpec spec =
        new MachineSpec(
                config,
                settings.era(),
                cpus,
                Kernel.subsystems(config, settings.era()),
                storm.programs(),
                List.of(),
                Cred.root(),
                0,
                storm.boot())
            .withStopAt(warmUpNanos + durationNanos)
            .withFinale(storm.finale());
    Ceiling ceiling = concurrent ? Ceiling.around(config, cpus) : null;
    if (ceiling != null) {
      ceiling.before();
    }
    MachineRun.Outcome outcome =
        Progress.ofRuns(global.json(), "stress kprobes", warmUpNanos + durationNanos, concurrent)
            .during(() -> MachineRun.run(spec, settings.runSpec().withChoiceLog(false)));
    RunResult ran = outcome.result();
    if (ran.end().truncated()) {
      // No rate of a storm cut short, so no ratio of it to the ceiling either.
      return truncated(settings, durationNanos, ran);
    }
    Map<String, Object> report = report(settings, storm, durationNanos, warmUpNanos, outcome);
    if (ceiling != null) {
      report.putAll(
          ceiling.after(
              ((Number) report.get("callsPerSec")).doubleValue(),
              ((Number) report.get("cpuNsPerCall")).doubleValue()));
    } else {
      report.put("ceilingRatio", null);
    }
    if (global.json()) {
      System.out.println(Output.json(report));
    } else {
      print(report);
    }
    if (outcome.report().bootFailure() != null || outcome.result().failure() != null) {
      System.err.println(
          "kmodsim: the storm did not run: "
              + (outcome.report().bootFailure() != null
                  ? outcome.report().bootFailure()
                  : outcome.result().failure()));
      return ExitCode.INTERNAL;
    }
    return 0;
  }

  /**
   * A storm that stopped at a limit before its duration was up: the counters are read by the
   * finale, which never ran, so there are no figures to show; only how far it got and why.
   */
  private int truncated(RunSettings settings, long durationNanos, RunResult result) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("seed", result.seed());
    json.put("truncated", result.end().truncation());
    json.put("reason", result.haltReason());
    json.put("mode", result.mode().label());
    json.put("era", settings.era().label());
    json.put("durationNs", durationNanos);
    json.put("virtualTimeNs", result.virtualTimeNanos());
    json.put("steps", result.steps());
    json.put("violations", result.violations().size());
    json.put("wallMs", result.wallNanos() / 1e6);
    if (global.json()) {
      System.out.println(Output.json(json));
    } else {
      System.out.println(
          "seed " + result.seed() + " (truncated: " + result.end().truncation() + ")");
      System.out.printf(
          "kprobe storm: stopped at %s ns of %s ns virtual after %s deliveries (%s): no figures%n",
          result.virtualTimeNanos(), durationNanos, result.steps(), result.haltReason());
      if (result.end() == org.kmodsim.sim.EndReason.STEP_LIMIT) {
        System.out.println(
            "  a shorter --duration, or a higher --set kmodsim.run.max-steps=N, lets it finish");
      }
    }
    return result.violations().isEmpty() ? ExitCode.TRUNCATED : ExitCode.FORBIDDEN;
  }

  private Map<String, Object> report(
      RunSettings settings,
      KprobeStorm storm,
      long durationNanos,
      long warmUpNanos,
      MachineRun.Outcome outcome) {
    RunResult result = outcome.result();
    Histogram calls = Latencies.merged(outcome.report().finishedPrograms(), "call");
    long hits = result.coverage().getOrDefault("kprobes-hits", 0L);
    long missAttempts = result.coverage().getOrDefault("kprobes-nmissed-increments", 0L);
    List<MachineReport.ShellResult> finale = outcome.report().shellResults();
    long counted = 0;
    long kretNmissed = 0;
    for (MachineReport.ShellResult line : finale) {
      long value = parse(line.output());
      if (line.command().startsWith("kretprobe_nmissed")) {
        kretNmissed = value;
      } else if (line.command().startsWith("kprobe_nmissed")) {
        counted += value;
      }
    }
    long baseline = calls.getTotalCount() * storm.callNanos();
    double overhead =
        hits == 0 ? 0 : (calls.getMean() * calls.getTotalCount() - baseline) / (double) hits;
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("seed", result.seed());
    json.put("truncated", null);
    json.put("mode", result.mode().label());
    json.put("era", settings.era().label());
    json.put("cpus", cpus);
    json.put("probes", storm.probes());
    json.put("kretprobeMaxactive", maxactive == 0 ? "era default" : maxactive);
    json.put("durationNs", durationNanos);
    json.put("warmupNs", warmUpNanos);
    json.put("calls", calls.getTotalCount());
    json.put("hits", hits);
    Map<String, Object> missed = new LinkedHashMap<>();
    missed.put("attempts", missAttempts);
    missed.put("counted", counted);
    missed.put("lost", missAttempts - counted);
    missed.put("staleStores", result.coverage().getOrDefault("kprobes-stale-nmissed-stores", 0L));
    json.put("missed", missed);
    Map<String, Object> kretprobe = new LinkedHashMap<>();
    kretprobe.put("poolEmpty", result.coverage().getOrDefault("kretprobe-pool-empty", 0L));
    kretprobe.put("nmissed", kretNmissed);
    kretprobe.put(
        "returnHandlers", result.coverage().getOrDefault("kretprobe-return-handlers", 0L));
    json.put("kretprobe", kretprobe);
    json.put("callLatencyNs", Latencies.percentiles(calls));
    json.put("overheadPerHitNs", Math.round(overhead));
    if (result.mode() == SimMode.CONCURRENT) {
      // The rate counts from the warm-up's end to the stop, as stress unload's does; the other
      // counts are of the whole storm.
      WarmUp measured = WarmUp.of(result, warmUpNanos, KprobeStorm.CALLS);
      json.put("warmup", measured.json("calls"));
      json.put("elapsedNs", measured.elapsedNanos());
      json.put("measuredCalls", measured.count());
      json.put(
          "callsPerSec", Math.round(measured.count() * 1e9 / Math.max(1, measured.elapsedNanos())));
      json.put("cpuNsPerCall", Math.round(measured.cpuNanosPerCount() * 10) / 10.0);
    } else {
      json.put("warmup", null);
      json.put("elapsedNs", result.virtualTimeNanos());
      json.put("measuredCalls", calls.getTotalCount());
      json.put(
          "callsPerSec",
          Math.round(calls.getTotalCount() * 1e9 / Math.max(1, result.virtualTimeNanos())));
      json.put("cpuNsPerCall", null);
    }
    json.put("violations", result.violations().size());
    json.put("steps", result.steps());
    json.put("wallMs", result.wallNanos() / 1e6);
    return json;
  }

  private static long parse(String output) {
    try {
      return Long.parseLong(output.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @SuppressWarnings("unchecked")
  private static void print(Map<String, Object> report) {
    System.out.println("seed " + report.get("seed"));
    System.out.printf(
        "kprobe storm: %s CPUs, %s kprobes + 1 kretprobe (maxactive %s), era %s,"
            + " %s mode, %s ns%n",
        report.get("cpus"),
        report.get("probes"),
        report.get("kretprobeMaxactive"),
        report.get("era"),
        report.get("mode"),
        report.get("durationNs"));
    Map<String, Object> missed = (Map<String, Object>) report.get("missed");
    Map<String, Object> kret = (Map<String, Object>) report.get("kretprobe");
    System.out.printf(
        "calls %s, probe hits %s (%s calls/s%s)%n",
        report.get("calls"),
        report.get("hits"),
        report.get("callsPerSec"),
        "concurrent".equals(report.get("mode")) ? " wall" : " virtual");
    if (report.get("warmup") != null) {
      System.out.println(
          WarmUp.text(
              (Map<String, Object>) report.get("warmup"), (Long) report.get("warmupNs"), "calls"));
    }
    if (report.get("ceilingRatio") != null) {
      Map<String, Object> ceiling = (Map<String, Object>) report.get("ceiling");
      System.out.printf(
          "calls/s at %s of the Pekko ceiling (%s request/reply round trips/s, same JVM)%n",
          report.get("ceilingRatio"), ceiling.get("requestReplyPerSec"));
    }
    System.out.printf(
        "missed (hit inside a handler): %s, nmissed counts %s: %s increments lost"
            + " to the non-atomic counter%n",
        missed.get("attempts"), missed.get("counted"), missed.get("lost"));
    System.out.printf(
        "kretprobe: %s return handlers run, %s entries found the pool empty, "
            + "rp.nmissed = %s%n",
        kret.get("returnHandlers"), kret.get("poolEmpty"), kret.get("nmissed"));
    Map<String, Object> latency = (Map<String, Object>) report.get("callLatencyNs");
    System.out.printf(
        "call latency: p50 %sns, p99 %sns, max %sns; overhead per hit %s ns%n",
        latency.get("p50"), latency.get("p99"), latency.get("max"), report.get("overheadPerHitNs"));
    System.out.printf(
        "violations %s; %s deliveries, %.1f ms wall%n",
        report.get("violations"), report.get("steps"), (Double) report.get("wallMs"));
  }
}
