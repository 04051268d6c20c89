package org.kmodsim.scenarios.cli;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.kmodsim.cpu.Cpu;
import org.kmodsim.kernel.Cred;
import org.kmodsim.scenarios.Kernel;
import org.kmodsim.scenarios.KmodsimConfig;
import org.kmodsim.scenarios.RunSettings;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.sim.RunResult;
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

  @Override
  public Integer call() {
    List<String> overrides = global.overrides();
    machine.addTo(overrides);
    Config config = KmodsimConfig.load(global.configFile(), overrides);
    RunSettings settings = RunSettings.fromConfig(config);
    int rounds = config.getInt("kmodsim.boot.rounds");
    long spin = config.getDuration("kmodsim.boot.spin", TimeUnit.NANOSECONDS);
    MachineSpec spec =
        new MachineSpec(config, settings.era(), settings.cpus(),
            Kernel.subsystems(config, settings.era()),
            BootWorkload.programs(settings.cpus(), rounds, spin), List.of(), Cred.root(),
            settings.shellCpu());
    MachineRun.Outcome outcome = MachineRun.run(spec, settings.spec("machine", null));
    RunResult result = outcome.result();
    if (global.json()) {
      System.out.println(Output.json(summary(settings, rounds, outcome)));
    } else {
      print(settings, rounds, spin, outcome);
    }
    return result.failure() == null ? 0 : org.kmodsim.scenarios.Main.EXIT_INTERNAL;
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
    System.out.printf("kmodsim boot: %d CPUs, era %s, %s mode%n", settings.cpus(),
        settings.era(), result.mode().label());
    System.out.printf("booted at %d ns; workload: %d rounds of spin %dns + atomic_inc_return "
        + "per CPU%n", outcome.report().bootedAtNanos(), rounds, spin);
    outcome.report().finishedPrograms().stream()
        .sorted(java.util.Comparator.comparingInt(Cpu.ProgramFinished::cpu))
        .forEach(done -> System.out.printf("  cpu%d: %d steps, busy %d ns, finished at %d ns%n",
            done.cpu(), done.stepsRun(), done.busyNanos(), done.finishedAtNanos()));
    System.out.printf("steps %d, virtual time %d ns, trace digest %s%n", result.steps(),
        result.virtualTimeNanos(), result.traceDigest() == null ? "n/a (concurrent)"
            : result.traceDigest());
    System.out.printf("ended: %s (%s), %.1f ms wall%n", result.end(), result.haltReason(),
        result.wallNanos() / 1e6);
    if (result.failure() != null) {
      System.out.println("model failure: " + result.failure());
    }
  }
}
