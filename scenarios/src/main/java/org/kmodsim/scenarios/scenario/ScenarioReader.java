package org.kmodsim.scenarios.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
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
import java.util.concurrent.TimeUnit;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;

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

  private final Config c;

  ScenarioReader(Config c) {
    this.c = c;
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
    String name = c.hasPath("name") ? c.getString("name") : defaultName;
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
    int cpus = c.hasPath("machine.cpus") ? c.getInt("machine.cpus") : 2;
    if (cpus < 1 || cpus > 256) {
      throw ScenarioException.at(
          origin("machine.cpus"), "machine.cpus", "must be between 1 and 256");
    }
    if (c.hasPath("machine")) {
      for (String key : c.getObject("machine").keySet()) {
        if (!key.equals("cpus") && !key.equals("config")) {
          throw ScenarioException.at(
              c.getObject("machine").get(key).origin(),
              "machine." + key,
              "unknown key (expected cpus or config)");
        }
      }
    }
    Config overrides =
        c.hasPath("machine.config") ? c.getConfig("machine.config") : ConfigFactory.empty();
    List<Scenario.Program> programs = programs(cpus);
    List<OutcomeRule> outcomes = outcomes();
    Map<String, String> probes = new LinkedHashMap<>();
    if (c.hasPath("probes")) {
      for (Map.Entry<String, ConfigValue> e : c.getObject("probes").entrySet()) {
        probes.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
      }
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
        c.hasPath("title") ? c.getString("title") : name,
        c.hasPath("description") ? c.getString("description").strip() : "",
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
      Config p = ((ConfigObject) v).toConfig();
      for (String key : p.root().keySet()) {
        if (!Set.of("cpu", "name", "steps", "start", "user").contains(key)) {
          throw ScenarioException.at(
              p.root().get(key).origin(),
              "programs." + key,
              "unknown key (expected cpu, name, steps, start or user)");
        }
      }
      if (!p.hasPath("cpu") || !p.hasPath("steps")) {
        throw ScenarioException.at(v.origin(), "programs", "a program needs 'cpu' and 'steps'");
      }
      int cpu = p.getInt("cpu");
      if (cpu < 0 || cpu >= cpus) {
        throw ScenarioException.at(
            p.getValue("cpu").origin(),
            "programs.cpu",
            "cpu" + cpu + " does not exist: the machine has " + cpus + " CPUs (machine.cpus)");
      }
      String name = p.hasPath("name") ? p.getString("name") : "cpu" + cpu;
      if (!names.add(name)) {
        throw ScenarioException.at(
            v.origin(), "programs.name", "two programs are named '" + name + "' (give them names)");
      }
      String user = p.hasPath("user") ? p.getString("user") : "root";
      try {
        Cred.named(user);
      } catch (IllegalArgumentException e) {
        throw ScenarioException.at(
            p.getValue("user").origin(),
            "programs.user",
            "unknown user '" + user + "' (root or nobody)");
      }
      long start = p.hasPath("start") ? duration(p, "start") : 0;
      ConfigValue steps = p.getValue("steps");
      if (steps.valueType() != ConfigValueType.LIST
          && steps.valueType() != ConfigValueType.STRING) {
        throw ScenarioException.at(steps.origin(), "programs.steps", "expected a list of steps");
      }
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
      String name = o.getString("name");
      if (!names.add(name)) {
        throw ScenarioException.at(
            o.getValue("name").origin(), "outcomes.name", "outcome '" + name + "' is listed twice");
      }
      OutcomeClass cls;
      try {
        cls = OutcomeClass.parse(o.getString("class"));
      } catch (IllegalArgumentException e) {
        throw ScenarioException.at(o.getValue("class").origin(), "outcomes.class", e.getMessage());
      }
      List<Condition> when = new ArrayList<>();
      if (o.hasPath("when")) {
        for (Map.Entry<String, ConfigValue> e : o.getConfig("when").entrySet()) {
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
      rules.add(new OutcomeRule(name, cls, o.getString("description"), when));
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
      Config f = ((ConfigObject) v).toConfig();
      if (!f.hasPath("type")) {
        throw ScenarioException.at(v.origin(), "faults.type", "a fault needs a type");
      }
      String type = f.getString("type");
      String where = ScenarioException.where(v.origin());
      switch (type) {
        case "stop-cpu" -> {
          allow(f, "type", "cpu", "at", "for");
          int cpu = f.getInt("cpu");
          if (cpu < 0 || cpu >= cpus) {
            throw ScenarioException.at(
                f.getValue("cpu").origin(), "faults.cpu", "cpu" + cpu + " does not exist");
          }
          faults.add(
              new Scenario.Fault(
                  type,
                  cpu,
                  f.hasPath("at") ? duration(f, "at") : 0,
                  f.hasPath("for") ? duration(f, "for") : 0,
                  null,
                  null,
                  0,
                  where));
        }
        case "fail-init" -> {
          allow(f, "type", "module", "errno");
          faults.add(
              new Scenario.Fault(
                  type,
                  -1,
                  0,
                  0,
                  f.getString("module"),
                  f.hasPath("errno") ? f.getString("errno") : "ENOMEM",
                  0,
                  where));
        }
        case "slow-console" -> {
          allow(f, "type", "baud");
          faults.add(new Scenario.Fault(type, -1, 0, 0, null, null, f.getInt("baud"), where));
        }
        default ->
            throw ScenarioException.at(
                f.getValue("type").origin(),
                "faults.type",
                "unknown fault '" + type + "' (stop-cpu, fail-init or slow-console)");
      }
    }
    return faults;
  }

  private Scenario.Explore explore() {
    Config e = c.hasPath("explore") ? c.getConfig("explore") : ConfigFactory.empty();
    allow(e, "strategy", "runs", "depth", "finds-forbidden", "ci-seeds");
    String strategy = e.hasPath("strategy") ? e.getString("strategy") : "random";
    if (!Set.of("random", "pct", "dfs").contains(strategy)) {
      throw ScenarioException.at(
          e.getValue("strategy").origin(),
          "explore.strategy",
          "unknown strategy '" + strategy + "' (random, pct or dfs)");
    }
    return new Scenario.Explore(
        strategy,
        e.hasPath("runs") ? e.getInt("runs") : 200,
        e.hasPath("depth") ? e.getInt("depth") : 3,
        e.hasPath("finds-forbidden") && e.getBoolean("finds-forbidden"),
        e.hasPath("ci-seeds") ? e.getInt("ci-seeds") : 20);
  }

  private void allow(Config o, String... keys) {
    Set<String> allowed = Set.of(keys);
    for (String key : o.root().keySet()) {
      if (!allowed.contains(key)) {
        throw ScenarioException.at(
            o.root().get(key).origin(),
            key,
            "unknown key (expected " + String.join(", ", keys) + ")");
      }
    }
  }

  private long duration(Config o, String key) {
    ConfigValue v = o.getValue(key);
    try {
      if (v.valueType() == ConfigValueType.NUMBER) {
        return ((Number) v.unwrapped()).longValue();
      }
      return org.kmodsim.cpu.CommandLine.parseDuration(String.valueOf(v.unwrapped()));
    } catch (IllegalArgumentException e) {
      try {
        return o.getDuration(key, TimeUnit.NANOSECONDS);
      } catch (ConfigException bad) {
        throw ScenarioException.at(v.origin(), key, e.getMessage());
      }
    }
  }

  private ConfigList list(String path) {
    try {
      return c.getList(path);
    } catch (ConfigException.WrongType e) {
      throw ScenarioException.at(c.getValue(path).origin(), path, "expected a list");
    }
  }

  private List<String> strings(String path) {
    List<String> out = new ArrayList<>();
    if (!c.hasPath(path)) {
      return out;
    }
    for (ConfigValue v : list(path)) {
      if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
        throw ScenarioException.at(v.origin(), path, "expected a list of strings");
      }
      out.add(String.valueOf(v.unwrapped()));
    }
    return out;
  }

  private com.typesafe.config.ConfigOrigin origin(String path) {
    return c.hasPath(path) ? c.getValue(path).origin() : c.origin();
  }
}
