package org.kmodsim.scenarios.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodsim.kernel.Era;

/**
 * A race-condition scenario, as read from its HOCON file by {@link ScenarioLoader}: the machine,
 * the boot commands, one program per CPU, faults, the expected outcomes with their classes,
 * coverage probes and monitors, and the exploration budget it promises.
 *
 * @param source where it came from ({@code catalogue:NAME} or a file path), for messages
 * @param eras the eras where the scenario makes sense; the first is the default
 * @param requires commands the scenario needs beyond those its steps name
 * @param config configuration overrides (keys of the reference.conf files), with origins
 * @param finale shell commands run after every program has finished, to read the final state
 * @param draftReason null, or why the scenario is a draft: written before the model could run it,
 *     runnable by hand, its expectations not checked in CI until they hold
 */
public record Scenario(
    String name,
    String source,
    String title,
    String description,
    List<Era> eras,
    List<String> requires,
    int cpus,
    Config config,
    List<String> modules,
    List<String> boot,
    List<Program> programs,
    List<String> finale,
    List<Fault> faults,
    List<OutcomeRule> outcomes,
    Map<String, String> probes,
    List<String> monitors,
    Explore explore,
    String draftReason) {

  public Scenario {
    eras = List.copyOf(eras);
    requires = List.copyOf(requires);
    modules = List.copyOf(modules);
    boot = List.copyOf(boot);
    programs = List.copyOf(programs);
    finale = List.copyOf(finale);
    faults = List.copyOf(faults);
    outcomes = List.copyOf(outcomes);
    probes = new LinkedHashMap<>(probes);
    monitors = List.copyOf(monitors);
  }

  /** One CPU's program: its steps (a HOCON list, parsed once the machine has booted). */
  public record Program(int cpu, String name, ConfigValue steps, long startNanos, String user) {}

  /**
   * A fault to inject. {@code stop-cpu} stops {@code cpu} at {@code at} (counted from the end of
   * the boot commands) for {@code duration} (for ever when 0) with a stop_machine IPI; {@code
   * slow-console} runs the serial console at {@code baud} (a console= override, when the console
   * drivers are in the build); {@code fail-init} sets kmodsim.modules.fail-init.
   */
  public record Fault(
      String type,
      int cpu,
      long atNanos,
      long durationNanos,
      String module,
      String errno,
      int baud,
      String where) {
    public boolean supported() {
      return type.equals("stop-cpu") || type.equals("fail-init");
    }
  }

  /**
   * How {@code explore} treats the scenario by default, and what the test suite checks.
   *
   * @param findsForbidden the scenario demonstrates a bug: explore must find a forbidden outcome
   *     within {@code runs} runs of {@code strategy}; the fixed-seed check then allows forbidden
   *     outcomes (never unlisted ones)
   * @param ciSeeds how many fixed seeds the test suite runs (0..ciSeeds-1)
   */
  public record Explore(
      String strategy, int runs, int depth, boolean findsForbidden, int ciSeeds) {}

  public boolean draft() {
    return draftReason != null;
  }

  public Era defaultEra() {
    return eras.get(0);
  }

  /** The rule named {@code outcome}, or null. */
  public OutcomeRule rule(String outcome) {
    return outcomes.stream().filter(r -> r.name().equals(outcome)).findFirst().orElse(null);
  }
}
