package org.kmodsim.scenarios.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kmodsim.cpu.Cred;
import org.kmodsim.cpu.StepParser;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.sim.config.ConfigValues;

/**
 * Reads one parsed scenario file into a {@link Scenario}: every key checked, every error with the
 * file, the line and the key (the value's origin).
 */
final class ScenarioReader {
  static final Set<String> TOP_KEYS =
      Set.of(
          "name",
          "title",
          "description",
          "eras",
          "requires",
          "machine",
          "modules",
          "boot",
          "programs",
          "finale",
          "faults",
          "outcomes",
          "probes",
          "monitors",
          "explore",
          "draft");

  /** The most CPUs a machine has (the model's NR_CPUS). */
  static final int MAX_CPUS = 256;

  /** The most runs an explore budget asks for. */
  static final int MAX_RUNS = 10_000_000;

  /** The serial driver's baud range (UartSettings). */
  static final int MIN_BAUD = 50;

  static final int MAX_BAUD = 4_000_000;

  /** A kernel module name as modules.md states it (ModuleFile checks the same rule). */
  static final String MODULE_NAME = "[A-Za-z0-9_-]{1,55}";

  static final String MODULE_NAME_RULE = "1 to 55 letters, digits, '_' or '-'";

  private final Config c;
  private final ConfigValues values;

  ScenarioReader(Config c) {
    this.c = c;
    // Scenario durations without a unit count in nanoseconds, as steps do.
    this.values = ConfigValues.of(c).bareDurationUnit(1);
  }

  Scenario scenario(String defaultName, String source) {
    for (String key : c.root().keySet()) {
      if (!TOP_KEYS.contains(key)) {
        throw ScenarioException.at(
            c.root().get(key).origin(),
            key,
            "unknown key (expected one of "
                + String.join(", ", new java.util.TreeSet<>(TOP_KEYS))
                + ")");
      }
    }
    String name = values.string("name", defaultName);
    if (!name.matches("[a-z0-9][a-z0-9-]*")) {
      throw ScenarioException.at(
          origin("name"), "name", "'" + name + "' must be lower case words joined by '-'");
    }
    List<Era> eras = new ArrayList<>();
    if (c.hasPath("eras")) {
      for (ConfigValue v : list("eras")) {
        try {
          eras.add(Era.parse(String.valueOf(v.unwrapped())));
        } catch (IllegalArgumentException e) {
          throw ScenarioException.at(v.origin(), "eras", e.getMessage());
        }
      }
      if (eras.isEmpty()) {
        throw ScenarioException.at(origin("eras"), "eras", "needs at least one era");
      }
    } else {
      eras.add(Era.V6_X);
    }
    ConfigValues machine = values.at("machine").only("cpus", "config");
    int cpus = machine.intIn("cpus", 1, MAX_CPUS, 2);
    Config overrides = machine.at("config").config();
    List<Scenario.Program> programs = programs(cpus);
    List<OutcomeRule> outcomes = outcomes();
    Map<String, String> probes = new LinkedHashMap<>();
    ConfigValues probeValues = values.at("probes");
    for (String probe : probeValues.config().root().keySet()) {
      probes.put(probe, probeValues.string(ConfigUtil.joinPath(probe)));
    }
    List<String> monitors = strings("monitors");
    for (int i = 0; i < monitors.size(); i++) {
      if (!Monitors.known(monitors.get(i))) {
        throw ScenarioException.at(
            list("monitors").get(i).origin(),
            "monitors",
            "unknown monitor '" + monitors.get(i) + "' (known: " + Monitors.names() + ")");
      }
    }
    return new Scenario(
        name,
        source,
        values.string("title", name),
        values.string("description", "").strip(),
        eras,
        strings("requires"),
        cpus,
        overrides,
        strings("modules"),
        strings("boot"),
        programs,
        strings("finale"),
        faults(cpus),
        outcomes,
        probes,
        monitors,
        explore(),
        draftReason());
  }

  /** {@code draft = true} or {@code draft = "what it waits for"}; null when not a draft. */
  private String draftReason() {
    if (!c.hasPath("draft")) {
      return null;
    }
    ConfigValue v = c.getValue("draft");
    if (v.valueType() == ConfigValueType.BOOLEAN) {
      return (Boolean) v.unwrapped() ? "written before the model could run it" : null;
    }
    if (v.valueType() == ConfigValueType.STRING) {
      return (String) v.unwrapped();
    }
    throw ScenarioException.at(v.origin(), "draft", "expected true, false or a reason");
  }

  private List<Scenario.Program> programs(int cpus) {
    if (!c.hasPath("programs")) {
      throw new ScenarioException(
          ScenarioException.where(c.origin())
              + ": programs: a scenario needs at least one program");
    }
    List<Scenario.Program> programs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigValue v : list("programs")) {
      if (v.valueType() != ConfigValueType.OBJECT) {
        throw ScenarioException.at(
            v.origin(), "programs", "each program is an object {cpu, steps, ...}");
      }
      ConfigValues p =
          ConfigValues.of((ConfigObject) v, "programs")
              .bareDurationUnit(1)
              .only("cpu", "name", "steps", "start", "user");
      if (!p.has("cpu") || !p.has("steps")) {
        throw ScenarioException.at(v.origin(), "programs", "a program needs 'cpu' and 'steps'");
      }
      int cpu = p.intIn("cpu", 0, MAX_CPUS);
      if (cpu >= cpus) {
        throw ScenarioException.at(
            p.origin("cpu"),
            "programs.cpu",
            "cpu" + cpu + " does not exist: the machine has " + cpus + " CPUs (machine.cpus)");
      }
      String name = p.string("name", "cpu" + cpu);
      if (!names.add(name)) {
        throw ScenarioException.at(
            v.origin(), "programs.name", "two programs are named '" + name + "' (give them names)");
      }
      String user = p.string("user", "root");
      try {
        Cred.named(user);
      } catch (IllegalArgumentException e) {
        throw ScenarioException.at(
            p.origin("user"), "programs.user", "unknown user '" + user + "' (root or nobody)");
      }
      long start = p.duration("start", 0);
      ConfigValue steps = p.value("steps");
      if (steps.valueType() != ConfigValueType.LIST
          && steps.valueType() != ConfigValueType.STRING) {
        throw ScenarioException.at(steps.origin(), "programs.steps", "expected a list of steps");
      }
      StepParser.checkDepth(steps);
      programs.add(new Scenario.Program(cpu, name, steps, start, user));
    }
    if (programs.isEmpty()) {
      throw ScenarioException.at(origin("programs"), "programs", "needs at least one program");
    }
    return programs;
  }

  private List<OutcomeRule> outcomes() {
    List<OutcomeRule> rules = new ArrayList<>();
    if (!c.hasPath("outcomes")) {
      throw new ScenarioException(
          ScenarioException.where(c.origin())
              + ": outcomes: a scenario lists its expected outcomes");
    }
    Set<String> names = new HashSet<>();
    for (ConfigValue v : list("outcomes")) {
      if (v.valueType() != ConfigValueType.OBJECT) {
        throw ScenarioException.at(
            v.origin(), "outcomes", "each outcome is an object {name, class, description, when}");
      }
      Config o = ((ConfigObject) v).toConfig();
      for (String key : o.root().keySet()) {
        if (!Set.of("name", "class", "description", "when").contains(key)) {
          throw ScenarioException.at(
              o.root().get(key).origin(),
              "outcomes." + key,
              "unknown key (expected name, class, description or when)");
        }
      }
      for (String required : List.of("name", "class", "description")) {
        if (!o.hasPath(required)) {
          throw ScenarioException.at(
              v.origin(),
              "outcomes." + required,
              "every outcome has a name, a class and a one-line description");
        }
      }
      ConfigValues ov = ConfigValues.of((ConfigObject) v, "outcomes");
      String name = ov.string("name");
      if (!names.add(name)) {
        throw ScenarioException.at(
            o.getValue("name").origin(), "outcomes.name", "outcome '" + name + "' is listed twice");
      }
      OutcomeClass cls;
      try {
        cls = OutcomeClass.parse(ov.string("class"));
      } catch (IllegalArgumentException e) {
        throw ScenarioException.at(o.getValue("class").origin(), "outcomes.class", e.getMessage());
      }
      List<Condition> when = new ArrayList<>();
      if (o.hasPath("when")) {
        for (Map.Entry<String, ConfigValue> e : ov.at("when").config().entrySet()) {
          String key = String.join(".", ConfigUtil.splitPath(e.getKey()));
          if (!Observation.knownKey(key)) {
            throw ScenarioException.at(
                e.getValue().origin(),
                "when." + key,
                "unknown observable (see docs/scenario-language.md: end, violations[.KIND], "
                    + "exit.PROGRAM, boot.N, value.NAME, mem.CELL, covered.PROBE, ...)");
          }
          when.add(Condition.parse(key, e.getValue()));
        }
      }
      rules.add(new OutcomeRule(name, cls, ov.string("description"), when));
    }
    if (rules.isEmpty()) {
      throw ScenarioException.at(origin("outcomes"), "outcomes", "needs at least one outcome");
    }
    return rules;
  }

  private List<Scenario.Fault> faults(int cpus) {
    List<Scenario.Fault> faults = new ArrayList<>();
    if (!c.hasPath("faults")) {
      return faults;
    }
    for (ConfigValue v : list("faults")) {
      if (v.valueType() != ConfigValueType.OBJECT) {
        throw ScenarioException.at(v.origin(), "faults", "each fault is an object {type, ...}");
      }
      ConfigValues f = ConfigValues.of((ConfigObject) v, "faults").bareDurationUnit(1);
      if (!f.has("type")) {
        throw ScenarioException.at(v.origin(), "faults.type", "a fault needs a type");
      }
      String type = f.string("type");
      String where = ScenarioException.where(v.origin());
      switch (type) {
        case "stop-cpu" -> {
          f.only("type", "cpu", "at", "for");
          int cpu = f.intIn("cpu", 0, MAX_CPUS);
          if (cpu >= cpus) {
            throw ScenarioException.at(
                f.origin("cpu"), "faults.cpu", "cpu" + cpu + " does not exist");
          }
          faults.add(
              new Scenario.Fault(
                  type, cpu, f.duration("at", 0), f.duration("for", 0), null, null, 0, where));
        }
        case "fail-init" -> {
          f.only("type", "module", "errno");
          String module = f.string("module");
          if (!module.matches(MODULE_NAME)) {
            throw f.bad(
                "module", "'" + module + "' is not a module name (" + MODULE_NAME_RULE + ")");
          }
          String errno = f.string("errno", "ENOMEM");
          if (!Errno.known(errno)) {
            throw f.bad("errno", "unknown errno '" + errno + "' (e.g. ENOMEM, EINVAL, EBUSY)");
          }
          faults.add(new Scenario.Fault(type, -1, 0, 0, module, errno, 0, where));
        }
        case "slow-console" -> {
          f.only("type", "baud");
          faults.add(
              new Scenario.Fault(
                  type, -1, 0, 0, null, null, f.intIn("baud", MIN_BAUD, MAX_BAUD), where));
        }
        default ->
            throw ScenarioException.at(
                f.origin("type"),
                "faults.type",
                "unknown fault '" + type + "' (stop-cpu, fail-init or slow-console)");
      }
    }
    return faults;
  }

  private Scenario.Explore explore() {
    ConfigValues e =
        values.at("explore").only("strategy", "runs", "depth", "finds-forbidden", "ci-seeds");
    String strategy = e.string("strategy", "random");
    if (!Set.of("random", "pct", "dfs", "dpor").contains(strategy)) {
      throw e.bad("strategy", "unknown strategy '" + strategy + "' (random, pct, dfs or dpor)");
    }
    return new Scenario.Explore(
        strategy,
        e.intIn("runs", 1, MAX_RUNS, 200),
        e.intIn("depth", 1, 100, 3),
        e.bool("finds-forbidden", false),
        e.intIn("ci-seeds", 0, MAX_RUNS, 20));
  }

  private ConfigList list(String path) {
    return values.list(path);
  }

  private List<String> strings(String path) {
    return values.strings(path);
  }

  private com.typesafe.config.ConfigOrigin origin(String path) {
    return c.hasPath(path) ? c.getValue(path).origin() : c.origin();
  }
}
