package org.kmodsim.scenarios.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Cpu;
import org.kmodsim.cpu.Cred;
import org.kmodsim.cpu.StepParser;
import org.kmodsim.cpu.StepProgram;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Subsystem;
import org.kmodsim.scenarios.config.KmodsimConfig;
import org.kmodsim.scenarios.config.RunSettings;
import org.kmodsim.scenarios.machine.Kernel;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.scenarios.machine.ProgramSpec;
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.StrategySpec;
import org.kmodsim.sim.Violation;
import org.kmodsim.sim.config.ConfigValueException;

/**
 * Turns a scenario into runs. {@link #prepare} checks everything before anything runs: the
 * configuration overrides, the commands the scenario needs (against the registry of a machine of
 * this build), every program step; then each {@link #start} boots a fresh machine, runs the boot
 * commands and the programs, and classifies the outcome.
 */
public final class ScenarioRunner {
  private static final Map<List<Object>, Commands> REGISTRIES = new ConcurrentHashMap<>();

  /** The console= setting of the console drivers; slow-console faults override it. */
  private static final String CONSOLE_KEY = "kmodsim.console";

  /** Choices of the command line: an era other than the scenario's default, --set, --config. */
  public record Options(String era, List<String> sets, Path configFile) {
    public Options {
      sets = List.copyOf(sets);
    }

    public static Options defaults() {
      return new Options(null, List.of(), null);
    }

    public Options withEra(String newEra) {
      return new Options(newEra, sets, configFile);
    }
  }

  private final Scenario scenario;
  private final Era era;
  private final Config config;
  private final RunSettings settings;

  /** How many kernel subsystems, in boot order, the scenario's machine boots. */
  private final int subsystems;

  /** The faults that act during the run (stop-cpu); a slow console is a machine setting. */
  private final List<Scenario.Fault> duringRun;

  /** Whether the machine is bare: no VFS, shared counter or user space (NeededSubsystems.bare). */
  private final boolean bare;

  // What every run's machine shares, built once: the kernel subsystems before the scenario's own
  // (they keep nothing of a run), the programs (read once; each run makes their steps against its
  // own registry, whose commands hold that run's state), the boot commands, and the run parameters
  // but the seed and strategy.
  private final List<Subsystem> kernelSubsystems;
  private final List<ProgramSpec> programs;
  private final List<String> boot;
  private final RunSpec deterministic;

  private ScenarioRunner(
      Scenario scenario, Era era, Config config, RunSettings settings, int subsystems) {
    this.duringRun = scenario.faults().stream().filter(f -> f.type().equals("stop-cpu")).toList();
    this.scenario = scenario;
    this.era = era;
    this.config = config;
    this.settings = settings;
    this.subsystems = subsystems;
    this.bare = NeededSubsystems.bare(scenario, subsystems);
    this.kernelSubsystems = List.copyOf(Kernel.subsystems(config, era).subList(0, subsystems));
    List<ProgramSpec> specs = new ArrayList<>();
    for (Scenario.Program p : scenario.programs()) {
      StepProgram program = StepParser.read(p.steps());
      specs.add(
          new ProgramSpec(p.cpu(), p.name(), program::steps, p.startNanos(), Cred.named(p.user())));
    }
    this.programs = List.copyOf(specs);
    List<String> bootLines = new ArrayList<>(scenario.boot());
    if (!duringRun.isEmpty()) {
      bootLines.add(ScenarioSteps.BOOT_DONE); // the injector counts fault times from here
    }
    this.boot = List.copyOf(bootLines);
    this.deterministic = settings.runSpec().withMode(org.kmodsim.sim.SimMode.DETERMINISTIC);
  }

  /**
   * Checks the scenario against this build and the options.
   *
   * @throws NeedsCommandsException when a command or fault it needs is missing
   * @throws ScenarioException when a key, value or step is wrong
   */
  public static ScenarioRunner prepare(Scenario scenario, Options options) {
    Era era;
    try {
      era = options.era() != null ? Era.parse(options.era()) : scenario.defaultEra();
    } catch (IllegalArgumentException e) {
      throw new ScenarioException("--era: " + e.getMessage());
    }
    Config reference = ConfigFactory.defaultReference();
    List<String> overrides = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : scenario.config().entrySet()) {
      if (!reference.hasPathOrNull(e.getKey())) {
        throw ScenarioException.at(
            e.getValue().origin(), "machine.config." + e.getKey(), "unknown configuration key");
      }
    }
    List<String> failInit = new ArrayList<>();
    for (Scenario.Fault fault : scenario.faults()) {
      if (fault.type().equals("slow-console") && reference.hasPath(CONSOLE_KEY)) {
        overrides.add(CONSOLE_KEY + "=[\"ttyS0," + fault.baud() + "n8\"]");
      } else if (fault.type().equals("fail-init")) {
        failInit.add("\"" + fault.module() + ":" + fault.errno() + "\"");
      }
    }
    if (!failInit.isEmpty()) {
      overrides.add("kmodsim.modules.fail-init=[" + String.join(",", failInit) + "]");
    }
    overrides.add("kmodsim.machine.nr-cpus=" + scenario.cpus());
    overrides.add("kmodsim.era=\"" + era.label() + "\"");
    overrides.addAll(options.sets());
    Config config;
    try {
      config = KmodsimConfig.load(options.configFile(), scenario.config(), overrides);
    } catch (ConfigException e) {
      throw new ScenarioException(ConfigValueException.from(e).getMessage());
    } catch (ConfigValueException e) {
      throw new ScenarioException(e.getMessage());
    }
    RunSettings settings = RunSettings.fromConfig(config);
    Commands registry = registry(config, settings.era());
    checkCommands(scenario, registry);
    return new ScenarioRunner(
        scenario, settings.era(), config, settings, NeededSubsystems.of(scenario, config));
  }

  /** The command registry of a booted machine of this build, with the scenario steps. */
  public static Commands registry(Config config, Era era) {
    return registry(config, era, Kernel.subsystems(config, era).size());
  }

  /**
   * The command registry of a machine that boots the first {@code count} kernel subsystems, with
   * the scenario steps.
   */
  static Commands registry(Config config, Era era, int count) {
    // Subsystems may register commands depending on the configuration (CONFIG_KPROBES).
    return REGISTRIES.computeIfAbsent(
        List.of(era, config.root(), count),
        key -> {
          ScenarioKernel probe = new ScenarioKernel(List.of());
          List<Subsystem> subsystems =
              new ArrayList<>(Kernel.subsystems(config, era).subList(0, count));
          subsystems.add(probe);
          MachineSpec spec =
              new MachineSpec(config, era, 1, subsystems, List.of(), List.of(), Cred.root(), 0);
          MachineRun.Outcome booted =
              MachineRun.run(spec, RunSpec.deterministic(0).withChoiceLog(false));
          if (probe.commands() == null) {
            throw new IllegalStateException(
                "a machine of era "
                    + era.label()
                    + " did not boot ("
                    + booted.result().end()
                    + ": "
                    + booted.result().haltReason()
                    + ")",
                booted.result().failure());
          }
          return probe.commands();
        });
  }

  private static void checkCommands(Scenario scenario, Commands registry) {
    TreeSet<String> missing = new TreeSet<>();
    for (String required : scenario.requires()) {
      if (!registry.has(required)) {
        missing.add(required);
      }
    }
    for (String line : scenario.boot()) {
      String command = firstWord(line);
      if (command != null && !command.equals("su") && !registry.has(command)) {
        missing.add(command);
      }
    }
    for (String line : scenario.finale()) {
      String command = firstWord(line);
      if (command != null && !command.equals("su") && !registry.has(command)) {
        missing.add(command);
      }
    }
    for (Scenario.Program program : scenario.programs()) {
      collect(program.steps(), registry, missing);
    }
    for (Scenario.Fault fault : scenario.faults()) {
      boolean console =
          fault.type().equals("slow-console")
              && ConfigFactory.defaultReference().hasPath(CONSOLE_KEY);
      if (!fault.supported() && !console) {
        missing.add("fault " + fault.type());
      }
    }
    if (!missing.isEmpty()) {
      throw new NeedsCommandsException(scenario.name(), missing);
    }
    StepParser parser = new StepParser(registry);
    for (Scenario.Program program : scenario.programs()) {
      try {
        parser.parse(program.steps());
      } catch (ConfigValueException e) {
        throw new ScenarioException(
            e.withKey("programs." + program.name() + ".steps").getMessage());
      }
    }
  }

  private static void collect(ConfigValue steps, Commands registry, TreeSet<String> missing) {
    if (steps.valueType() == ConfigValueType.STRING) {
      String command = firstWord((String) steps.unwrapped());
      if (command != null && !registry.has(command)) {
        missing.add(command);
      }
    } else if (steps.valueType() == ConfigValueType.LIST) {
      for (ConfigValue v : (ConfigList) steps) {
        collect(v, registry, missing);
      }
    } else if (steps.valueType() == ConfigValueType.OBJECT) {
      // Blocks: {repeat, steps}, {if, then, else}; the condition of an if is a command line.
      for (Map.Entry<String, ConfigValue> e : ((ConfigObject) steps).entrySet()) {
        if (e.getKey().equals("if") || e.getValue().valueType() == ConfigValueType.LIST) {
          collect(e.getValue(), registry, missing);
        }
      }
    }
  }

  private static String firstWord(String line) {
    try {
      List<String> words = CommandLine.split(line);
      return words.isEmpty() ? null : words.get(0);
    } catch (IllegalArgumentException e) {
      return null; // the step parser reports the quoting error with its line
    }
  }

  public Scenario scenario() {
    return scenario;
  }

  public Era era() {
    return era;
  }

  public RunSettings settings() {
    return settings;
  }

  public Config config() {
    return config;
  }

  /** The names of the kernel subsystems this scenario's machine boots, in boot order. */
  public List<String> subsystems() {
    return Kernel.subsystems(config, era).subList(0, subsystems).stream()
        .map(Subsystem::name)
        .toList();
  }

  /**
   * The run spec of this scenario for {@code seed} and {@code strategy}, always deterministic
   * (explore, replay and minimize compare digests and choice logs, which concurrent runs lack).
   */
  public RunSpec runSpec(long seed, StrategySpec strategy) {
    return deterministic.withSeed(seed).withStrategy(strategy);
  }

  public ScenarioRun run(long seed, StrategySpec strategy, int traceLimit) {
    return start(runSpec(seed, strategy), traceLimit).join();
  }

  /** Starts one run; {@code traceLimit} > 0 keeps that many trace events for the timeline. */
  public CompletableFuture<ScenarioRun> start(RunSpec run, int traceLimit) {
    // Only stop-cpu faults act during the run; a slow console is a machine setting.
    ScenarioKernel kernel = new ScenarioKernel(duringRun);
    List<Subsystem> subsystems = new ArrayList<>(kernelSubsystems.size() + 1);
    subsystems.addAll(kernelSubsystems);
    subsystems.add(kernel);
    MachineSpec spec =
        new MachineSpec(
            config,
            era,
            scenario.cpus(),
            subsystems,
            programs,
            List.of(),
            Cred.root(),
            settings.shellCpu() < scenario.cpus() ? settings.shellCpu() : 0,
            boot,
            0,
            scenario.finale(),
            bare);
    RunSpec traced = traceLimit > 0 ? run.withTrace(traceLimit) : run;
    return MachineRun.start(spec, traced)
        .thenApply(outcome -> finish(outcome.result(), outcome.report(), kernel.report()));
  }

  private ScenarioRun finish(RunResult result, MachineReport machine, ScenarioReport report) {
    // Each program's last finish (a respawned one finishes more than once), in program order.
    List<Cpu.ProgramFinished> done = machine.finishedPrograms();
    Map<String, Integer> exits = new LinkedHashMap<>();
    int unfinished = 0;
    for (Scenario.Program p : scenario.programs()) {
      Cpu.ProgramFinished last = null;
      for (int i = done.size() - 1; i >= 0 && last == null; i--) {
        if (done.get(i).program().equals(p.name())) {
          last = done.get(i);
        }
      }
      if (last != null) {
        exits.put(p.name(), last.exitStatus());
      } else {
        unfinished++;
      }
    }
    SortedMap<String, Long> latencies = Collections.emptySortedMap();
    for (Cpu.ProgramFinished program : done) {
      if (!program.latencies().isEmpty()) {
        latencies = latencies(done);
        break;
      }
    }
    // The shell transcript: the boot commands, the runner's boot-end line, then the finale.
    List<Integer> bootExits = new ArrayList<>();
    List<Integer> finaleExits = new ArrayList<>();
    List<String> finaleOutputs = new ArrayList<>();
    List<MachineReport.ShellResult> shell = machine.shellResults();
    int bootLines = scenario.boot().size() + (duringRun.isEmpty() ? 0 : 1);
    for (int i = 0; i < shell.size(); i++) {
      if (i < scenario.boot().size()) {
        bootExits.add(shell.get(i).exitStatus());
      } else if (i >= bootLines) {
        finaleExits.add(shell.get(i).exitStatus());
        finaleOutputs.add(shell.get(i).output());
      }
    }
    Observation observation =
        new Observation(
            result.end(),
            result.haltReason(),
            result.violations(),
            result.coverage(),
            exits,
            unfinished,
            bootExits,
            finaleExits,
            finaleOutputs,
            report.values(),
            report.memory(),
            latencies,
            result.steps(),
            result.virtualTimeNanos());
    List<String[]> failed = Monitors.failures(scenario.monitors(), observation);
    if (!failed.isEmpty()) {
      List<Violation> all = new ArrayList<>(result.violations());
      for (String[] f : failed) {
        all.add(
            new Violation(
                result.steps(), result.virtualTimeNanos(), "monitor", "monitor:" + f[0], f[1]));
      }
      observation = observation.withViolations(all);
    }
    Outcome outcome = Classifier.classify(scenario, observation, result.failure());
    return new ScenarioRun(scenario, era, result, machine, observation, outcome);
  }

  /** The longest time of each program's measured blocks, as {@code PROGRAM.LABEL}. */
  private static SortedMap<String, Long> latencies(List<Cpu.ProgramFinished> done) {
    TreeMap<String, Long> latencies = new TreeMap<>();
    for (Cpu.ProgramFinished program : done) {
      program
          .latencies()
          .forEach(
              (label, histogram) ->
                  latencies.put(program.program() + "." + label, histogram.getMaxValue()));
    }
    return latencies;
  }
}
