package org.kmodsim.scenarios.cli;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.config.KmodsimConfig;
import org.kmodsim.scenarios.config.RunSettings;
import org.kmodsim.scenarios.machine.Kernel;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.scenarios.stress.Latencies;
import org.kmodsim.scenarios.stress.UnloadStress;
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.SimMode;
import org.kmodsim.sim.Violation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kmodsim stress unload}: unload while in use. Reports operations per second, get/put and
 * call latency percentiles, the rmmod and insmod outcome histograms, oopses (use-after-free) and
 * the other invariant violations; {@code --refcount all} runs the three schemes side by side.
 */
@Command(name = "unload", description = "Stress unload while modules are in use.")
public final class StressUnloadCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;
  @Mixin KernelTreeOptions tree;

  @Option(
      names = "--cpus",
      paramLabel = "N",
      description = "Worker CPUs taking references (one more CPU runs rmmod/insmod; default 4).")
  int cpus = 4;

  @Option(
      names = "--duration",
      paramLabel = "D",
      description =
          "How long: virtual time in "
              + "deterministic mode (default 2ms), wall time in concurrent mode (default 2s).")
  String duration;

  @Option(
      names = "--warmup",
      paramLabel = "D",
      description =
          "Concurrent mode: wall time the workload runs before its rate counts, added before"
              + " --duration (default 2s: the JIT's warm-up; outcomes count from the start).")
  String warmup;

  @Option(
      names = "--ops",
      paramLabel = "N",
      description = "Instead of a duration: get/put pairs in all, split over the workers.")
  Long ops;

  @Option(
      names = "--refcount",
      paramLabel = "SCHEME",
      description = "usecount (2.4), percpu (2.6), atomic (4.x+) or all (default: the era's).")
  String refcount;

  @Option(names = "--era", paramLabel = "ERA", description = "Kernel era (default 6.x).")
  String era;

  @Option(names = "--force", description = "rmmod -f: unload even while in use (taints R).")
  boolean force;

  @Option(names = "--no-call", description = "Leave the call into the module out.")
  boolean noCall;

  @Option(
      names = "--noop-macros",
      description = "2.4: MOD_INC_USE_COUNT/MOD_DEC_USE_COUNT compiled as no-ops.")
  boolean noopMacros;

  @Option(
      names = "--loader-pause",
      paramLabel = "D",
      description = "The loader sleeps this long after each rmmod and insmod (default 20us).")
  String loaderPause = "20us";

  @Option(
      names = "--think",
      paramLabel = "D",
      description = "A worker's own work between two uses of the module (default 4us).")
  String think = "4us";

  @Override
  public Integer call() {
    if (ops != null && duration != null) {
      throw new IllegalArgumentException("give --duration or --ops, not both");
    }
    if (ops != null && ops < 1) {
      throw new IllegalArgumentException("--ops must be positive");
    }
    Era wanted = era == null ? null : Era.parse(era);
    List<UnloadStress.Scheme> schemes = new ArrayList<>();
    if (refcount == null) {
      schemes.add(UnloadStress.Scheme.of(wanted == null ? Era.V6_X : wanted));
    } else if (refcount.equals("all")) {
      schemes.addAll(List.of(UnloadStress.Scheme.values()));
    } else {
      UnloadStress.Scheme scheme = UnloadStress.Scheme.parse(refcount);
      if (wanted != null && UnloadStress.Scheme.of(wanted) != scheme) {
        throw new IllegalArgumentException(
            "--refcount "
                + refcount
                + " is not the scheme of era "
                + wanted
                + " ("
                + UnloadStress.Scheme.of(wanted).label()
                + ")");
      }
      schemes.add(scheme);
    }
    if (duration != null && CommandLine.parseDuration(duration) <= 0) {
      throw new IllegalArgumentException(
          "--duration must be more than 0 (the workers would never stop); or give --ops N");
    }
    List<Map<String, Object>> results = new ArrayList<>();
    boolean failed = false;
    boolean forbidden = false;
    String truncated = null;
    for (UnloadStress.Scheme scheme : schemes) {
      if (org.kmodsim.sim.SimEngine.sharedInterrupted()) {
        break;
      }
      Map<String, Object> result = runOne(scheme, scheme.era(wanted));
      failed |= result.containsKey("failure");
      forbidden |= "forbidden".equals(result.get("verdict"));
      if (truncated == null && result.get("truncated") != null) {
        truncated = (String) result.get("truncated");
      }
      results.add(result);
    }
    if (global.json()) {
      System.out.println(
          Output.json(results.size() == 1 ? results.get(0) : Map.of("results", results)));
    } else {
      System.out.println(
          "seed "
              + (results.isEmpty() ? global.seed : results.get(0).get("seed"))
              + (truncated != null
                  ? " (truncated: " + truncated + "; the figures of that run are left out)"
                  : ""));
      results.forEach(StressUnloadCommand::print);
    }
    return failed ? ExitCode.INTERNAL : ExitCode.of(forbidden, truncated != null);
  }

  private Map<String, Object> runOne(UnloadStress.Scheme scheme, Era schemeEra) {
    List<String> overrides = global.overrides();
    tree.addTo(overrides);
    overrides.add("kmodsim.era=\"" + schemeEra.label() + "\"");
    if (noopMacros) {
      overrides.add("kmodsim.modules.noop-use-count-macros=true");
    }
    Config config = KmodsimConfig.load(global.configFile(), overrides);
    RunSettings settings = RunSettings.fromConfig(config);
    boolean concurrent = settings.mode() == SimMode.CONCURRENT;
    long durationNanos =
        ops != null
            ? 0
            : CommandLine.parseDuration(duration != null ? duration : concurrent ? "2s" : "2ms");
    long perWorker = ops == null ? 0 : Math.max(1, ops / cpus);
    long warmUpNanos = WarmUp.nanos(warmup, concurrent);
    config = WarmUp.configure(config, warmUpNanos);
    UnloadStress stress =
        new UnloadStress(
            scheme,
            cpus,
            perWorker,
            force,
            !noCall,
            CommandLine.parseDuration(loaderPause),
            CommandLine.parseDuration(think));
    MachineSpec spec =
        new MachineSpec(
            config,
            schemeEra,
            stress.cpus(),
            Kernel.subsystems(config, schemeEra),
            stress.programs(),
            List.of(),
            Cred.root(),
            cpus,
            stress.boot());
    if (durationNanos > 0) {
      spec = spec.withStopAt(warmUpNanos + durationNanos);
    }
    Ceiling ceiling = concurrent ? Ceiling.around(config, cpus) : null;
    if (ceiling != null) {
      ceiling.before();
    }
    MachineSpec workload = spec;
    MachineRun.Outcome outcome =
        Progress.ofRuns(
                global.json(),
                "stress unload " + scheme.label(),
                durationNanos == 0 ? 0 : warmUpNanos + durationNanos,
                concurrent)
            .during(() -> MachineRun.run(workload, settings.runSpec().withChoiceLog(false)));
    Map<String, Object> json = report(scheme, schemeEra, durationNanos, warmUpNanos, outcome);
    if (ceiling != null && json.get("opsPerSec") != null) {
      json.putAll(
          ceiling.after(
              ((Number) json.get("opsPerSec")).doubleValue(),
              ((Number) json.get("cpuNsPerOp")).doubleValue()));
    } else {
      // Deterministic mode, or a run cut short: no rate, so no ratio to the ceiling.
      json.put("ceilingRatio", null);
    }
    return json;
  }

  private Map<String, Object> report(
      UnloadStress.Scheme scheme,
      Era schemeEra,
      long durationNanos,
      long warmUpNanos,
      MachineRun.Outcome outcome) {
    RunResult result = outcome.result();
    SortedMap<String, Long> coverage = result.coverage();
    long got = coverage.getOrDefault("get=nonzero", 0L);
    long refused = coverage.getOrDefault("get=zero", 0L);
    boolean concurrent = result.mode() == SimMode.CONCURRENT;
    long elapsed = concurrent ? result.wallNanos() : result.virtualTimeNanos();
    Histogram getPut = Latencies.merged(outcome.report().finishedPrograms(), "get_put");
    Histogram call = Latencies.merged(outcome.report().finishedPrograms(), "call");
    long oopses = 0;
    Map<String, Long> violations = new TreeMap<>();
    for (Violation violation : result.violations()) {
      if (violation.kind().equals("use-after-free")) {
        oopses++;
      } else {
        violations.merge(violation.kind(), 1L, Long::sum);
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("seed", result.seed());
    json.put("truncated", result.end().truncation());
    json.put("mode", result.mode().label());
    json.put("refcount", scheme.label());
    json.put("era", schemeEra.label());
    json.put("cpus", cpus);
    json.put("force", force);
    json.put("call", !noCall);
    json.put("noopMacros", noopMacros);
    json.put("durationNs", durationNanos);
    json.put("warmupNs", warmUpNanos);
    if (result.end().truncated()) {
      // The workload did not finish: rates and percentiles would be figures of an unknown part.
      // What happened before the limit did happen: the events counted so far, named as such.
      json.put("reason", result.haltReason());
      json.put("verdict", oopses + violations.size() > 0 ? "forbidden" : "unknown");
      json.put("oopses", oopses);
      json.put("violations", violations.values().stream().mapToLong(Long::longValue).sum());
      json.put("violationKinds", violations);
      Map<String, Object> soFar = new LinkedHashMap<>();
      soFar.put("gets", Map.of("ok", got, "refused", refused));
      soFar.put(
          "rmmod",
          outcomes(coverage, "rmmod=", Map.of("zero", "removed", "EAGAIN", "EWOULDBLOCK")));
      soFar.put("insmod", outcomes(coverage, "insmod=", Map.of("zero", "loaded")));
      json.put("soFar", soFar);
      json.put("steps", result.steps());
      json.put("virtualTimeNs", result.virtualTimeNanos());
      json.put("wallMs", result.wallNanos() / 1e6);
      json.put("end", result.end().name());
      return json;
    }
    if (concurrent) {
      // The rate counts from the warm-up's end (or the programs' start); the outcomes are totals.
      WarmUp measured = WarmUp.of(result, warmUpNanos, "get=nonzero", "get=zero");
      json.put("warmup", measured.json("ops"));
      json.put("elapsedNs", measured.elapsedNanos());
      json.put("ops", measured.count());
      json.put("cpuNsPerOp", Math.round(measured.cpuNanosPerCount() * 10) / 10.0);
    } else {
      json.put("warmup", null);
      json.put("elapsedNs", elapsed);
      json.put("ops", got + refused);
    }
    json.put("gets", Map.of("ok", got, "refused", refused));
    json.put("opsPerSec", rate((Long) json.get("ops"), (Long) json.get("elapsedNs")));
    json.put("opsPerWallSec", Math.round((got + refused) * 1e9 / Math.max(1, result.wallNanos())));
    json.put(
        "rmmod", outcomes(coverage, "rmmod=", Map.of("zero", "removed", "EAGAIN", "EWOULDBLOCK")));
    json.put("insmod", outcomes(coverage, "insmod=", Map.of("zero", "loaded")));
    json.put("oopses", oopses);
    json.put("violations", violations.values().stream().mapToLong(Long::longValue).sum());
    json.put("violationKinds", violations);
    json.put("verdict", oopses > 0 || !violations.isEmpty() ? "forbidden" : "clean");
    json.put("getPutLatencyNs", Latencies.percentiles(getPut));
    json.put("callLatencyNs", Latencies.percentiles(call));
    json.put("steps", result.steps());
    json.put("wallMs", result.wallNanos() / 1e6);
    json.put("end", result.end().name());
    if (outcome.report().bootFailure() != null || result.failure() != null) {
      json.put(
          "failure",
          outcome.report().bootFailure() != null
              ? outcome.report().bootFailure()
              : String.valueOf(result.failure()));
    }
    return json;
  }

  private static long rate(long count, long nanos) {
    return nanos <= 0 ? 0 : Math.round(count * 1e9 / nanos);
  }

  private static Map<String, Long> outcomes(
      SortedMap<String, Long> coverage, String prefix, Map<String, String> names) {
    Map<String, Long> counts = new TreeMap<>();
    coverage.forEach(
        (probe, count) -> {
          if (probe.startsWith(prefix)) {
            String outcome = probe.substring(prefix.length());
            counts.merge(names.getOrDefault(outcome, outcome), count, Long::sum);
          }
        });
    return counts;
  }

  @SuppressWarnings("unchecked")
  private static void print(Map<String, Object> r) {
    System.out.printf(
        "%n%s (era %s), %s workers + 1 loader, %s mode%s%s%n",
        r.get("refcount"),
        r.get("era"),
        r.get("cpus"),
        r.get("mode"),
        Boolean.TRUE.equals(r.get("force")) ? ", rmmod -f" : "",
        Boolean.TRUE.equals(r.get("noopMacros")) ? ", no-op use-count macros" : "");
    if (r.get("truncated") != null) {
      System.out.printf(
          "  truncated: %s after %s deliveries, %s ns virtual: no figures%n",
          r.get("truncated").equals(r.get("reason"))
              ? r.get("truncated")
              : r.get("truncated") + " (" + r.get("reason") + ")",
          r.get("steps"),
          r.get("virtualTimeNs"));
      Map<String, Object> soFar = (Map<String, Object>) r.get("soFar");
      System.out.printf(
          "  so far: gets %s, rmmod %s, insmod %s, oopses (use-after-free) %s, violations %s %s%n",
          soFar.get("gets"),
          soFar.get("rmmod"),
          soFar.get("insmod"),
          r.get("oopses"),
          r.get("violations"),
          r.get("violationKinds"));
      if ("forbidden".equals(r.get("verdict"))) {
        System.out.println("  verdict: forbidden: found before the limit (exit status 1)");
      }
      return;
    }
    if (r.get("warmup") != null) {
      System.out.println(
          "  "
              + WarmUp.text(
                  (Map<String, Object>) r.get("warmup"), (Long) r.get("warmupNs"), "ops"));
    }
    System.out.printf(
        "  ops %s in %s ns: %s ops/s%s; over the whole run: gets %s, %s ops/s wall%n",
        r.get("ops"),
        r.get("elapsedNs"),
        r.get("opsPerSec"),
        "deterministic".equals(r.get("mode")) ? " virtual" : "",
        r.get("gets"),
        r.get("opsPerWallSec"));
    if (r.get("ceilingRatio") != null) {
      Map<String, Object> ceiling = (Map<String, Object>) r.get("ceiling");
      System.out.printf(
          "  %s of the Pekko ceiling (%s request/reply round trips/s, %s clients, same JVM)%n",
          r.get("ceilingRatio"), ceiling.get("requestReplyPerSec"), ceiling.get("clients"));
    }
    Map<String, Object> getPut = (Map<String, Object>) r.get("getPutLatencyNs");
    Map<String, Object> call = (Map<String, Object>) r.get("callLatencyNs");
    System.out.printf(
        "  get/put latency: p50 %sns p99 %sns max %sns; call: p50 %sns p99 %sns" + " max %sns%n",
        getPut.get("p50"),
        getPut.get("p99"),
        getPut.get("max"),
        call.get("p50"),
        call.get("p99"),
        call.get("max"));
    System.out.printf("  rmmod %s, insmod %s%n", r.get("rmmod"), r.get("insmod"));
    System.out.printf(
        "  oopses (use-after-free) %s, violations %s %s%n",
        r.get("oopses"), r.get("violations"), r.get("violationKinds"));
    if (r.containsKey("failure")) {
      System.out.println("  FAILED: " + r.get("failure"));
    } else if ("forbidden".equals(r.get("verdict"))) {
      System.out.printf(
          "  verdict: forbidden: %s oopses and %s invariant violations (exit status 1)%n",
          r.get("oopses"), r.get("violations"));
    } else {
      System.out.println("  verdict: clean: no oops, no invariant violation");
    }
  }
}
