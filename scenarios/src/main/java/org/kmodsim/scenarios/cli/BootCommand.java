package org.kmodsim.scenarios.cli;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kmodsim.cpu.Cpu;
import org.kmodsim.cpu.Cred;
import org.kmodsim.scenarios.config.RunSettings;
import org.kmodsim.scenarios.machine.Kernel;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.config.ConfigValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code kmodsim boot}: boots a machine, runs the contention workload on every CPU and prints the
 * boot summary, seed first.
 */
@Command(name = "boot", description = "Boot a machine and run a short contention workload.")
public final class BootCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;
  @Mixin MachineOptions machine;

  @picocli.CommandLine.Option(
      names = "--choices",
      paramLabel = "FILE",
      description = "Replay the schedule of a saved choice log (its seed is used).")
  java.nio.file.Path choices;

  @picocli.CommandLine.Option(
      names = "--save-choices",
      paramLabel = "FILE",
      description = "Save this run's choice log, to replay it with --choices.")
  java.nio.file.Path saveChoices;

  @Override
  public Integer call() {
    Config config = machine.config(global);
    RunSettings settings = RunSettings.fromConfig(config);
    ConfigValues boot = ConfigValues.of(config, "kmodsim.boot");
    int rounds = boot.nonNegativeInt("rounds");
    long spin = boot.duration("spin");
    MachineSpec spec =
        new MachineSpec(
            config,
            settings.era(),
            settings.cpus(),
            Kernel.subsystems(config, settings.era()),
            BootWorkload.programs(settings.cpus(), rounds, spin),
            List.of(),
            Cred.root(),
            settings.shellCpu());
    org.kmodsim.sim.RunSpec run = settings.runSpec();
    if (choices != null) {
      org.kmodsim.sim.ChoiceLog log = org.kmodsim.sim.ChoiceLog.load(choices);
      Long seed = org.kmodsim.sim.ChoiceLog.seedOf(choices);
      run =
          run.withStrategy(org.kmodsim.sim.StrategySpec.replay(log))
              .withSeed(seed != null ? seed : settings.seed());
    }
    MachineRun.Outcome outcome = MachineRun.run(spec, run);
    RunResult result = outcome.result();
    if (saveChoices != null) {
      result.choices().save(saveChoices, result.seed(), result.strategy());
    }
    if (global.json()) {
      System.out.println(Output.json(summary(settings, rounds, outcome)));
    } else {
      print(settings, rounds, spin, outcome);
    }
    return result.failure() == null ? 0 : ExitCode.INTERNAL;
  }

  /** For PCT, the probability bound one run guarantees for a bug of the configured depth. */
  private static String pctBound(RunSettings settings, RunResult result) {
    if (!settings.strategy().kind().equals("pct") || !result.strategy().startsWith("pct")) {
      return "";
    }
    int depth = settings.strategy().depth();
    long k = settings.strategy().horizon();
    return String.format(
        ": finds a depth-%d bug with probability >= 1/(n*k^(d-1)) = %.3g "
            + "(n = %d channels, k = %d)",
        depth,
        org.kmodsim.sim.PctStrategy.bound(result.channels(), k, depth),
        result.channels(),
        k);
  }

  private static Map<String, Object> summary(
      RunSettings settings, int rounds, MachineRun.Outcome outcome) {
    RunResult result = outcome.result();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("seed", result.seed());
    json.put("mode", result.mode().label());
    json.put("era", settings.era().label());
    json.put("cpus", settings.cpus());
    json.put("rounds", rounds);
    json.put("steps", result.steps());
    json.put("virtualTimeNs", result.virtualTimeNanos());
    json.put("traceDigest", result.traceDigest());
    json.put("strategy", result.strategy());
    json.put("end", result.end().name());
    json.put("endReason", result.haltReason());
    json.put("bootedAtNs", outcome.report().bootedAtNanos());
    List<Map<String, Object>> cpus = new java.util.ArrayList<>();
    for (Cpu.ProgramFinished done : outcome.report().finishedPrograms()) {
      Map<String, Object> cpu = new LinkedHashMap<>();
      cpu.put("cpu", done.cpu());
      cpu.put("stepsRun", done.stepsRun());
      cpu.put("busyNs", done.busyNanos());
      cpu.put("finishedAtNs", done.finishedAtNanos());
      cpus.add(cpu);
    }
    json.put("programs", cpus);
    json.put("wallMs", result.wallNanos() / 1_000_000.0);
    return json;
  }

  private static void print(
      RunSettings settings, int rounds, long spin, MachineRun.Outcome outcome) {
    RunResult result = outcome.result();
    System.out.println("seed " + result.seed());
    System.out.printf(
        "kmodsim boot: %d CPUs, era %s, %s mode%n",
        settings.cpus(), settings.era(), result.mode().label());
    System.out.printf(
        "booted at %d ns; workload: %d rounds of spin %dns + atomic_inc_return " + "per CPU%n",
        outcome.report().bootedAtNanos(), rounds, spin);
    outcome.report().finishedPrograms().stream()
        .sorted(java.util.Comparator.comparingInt(Cpu.ProgramFinished::cpu))
        .forEach(
            done ->
                System.out.printf(
                    "  cpu%d: %d steps, busy %d ns, finished at %d ns%n",
                    done.cpu(), done.stepsRun(), done.busyNanos(), done.finishedAtNanos()));
    System.out.println("strategy " + result.strategy() + pctBound(settings, result));
    System.out.printf(
        "steps %d, virtual time %d ns, trace digest %s%n",
        result.steps(),
        result.virtualTimeNanos(),
        result.traceDigest() == null ? "n/a (concurrent)" : result.traceDigest());
    System.out.printf(
        "ended: %s (%s), %.1f ms wall%n",
        result.end(), result.haltReason(), result.wallNanos() / 1e6);
    if (result.failure() != null) {
      System.out.println("model failure: " + result.failure());
    }
  }
}
