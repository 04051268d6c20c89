package org.kmodsim.scenarios.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Commands;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Subsystem;
import org.kmodsim.scenarios.config.RunSettings;
import org.kmodsim.scenarios.machine.Kernel;

/** Which of the kernel's subsystems a scenario's machine boots. */
final class NeededSubsystems {
  /** Which kernel subsystems a scenario's machine boots: needed or all. */
  private static final String SUBSYSTEMS_KEY = "kmodsim.scenario.subsystems";

  private NeededSubsystems() {}

  /**
   * The shortest prefix of the kernel's boot order (printk, the log tools, modules, kprobes) whose
   * machine has every command the scenario uses, in its programs, boot and finale commands and
   * {@code requires}: a litmus test of memory steps boots none of them, and its runs cost what its
   * own deliveries cost. A scenario that names a file (a word starting with {@code /}) or a slow
   * console boots what serves it: every subsystem, or printk. {@code kmodsim.scenario.subsystems =
   * all} boots every subsystem for every scenario.
   */
  static int of(Scenario scenario, Config config) {
    Era era = RunSettings.fromConfig(config).era();
    List<Subsystem> all = Kernel.subsystems(config, era);
    String choice = config.getString(SUBSYSTEMS_KEY);
    if (choice.equals("all")) {
      return all.size();
    } else if (!choice.equals("needed")) {
      throw new ScenarioException(SUBSYSTEMS_KEY + ": must be needed or all, not '" + choice + "'");
    }
    java.util.Set<String> used = usedCommands(scenario);
    if (used == null) {
      return all.size();
    }
    int least = 0;
    for (Scenario.Fault fault : scenario.faults()) {
      if (fault.type().equals("slow-console")) {
        least = Math.max(least, indexOf(all, "printk") + 1);
      } else if (!fault.type().equals("stop-cpu")) {
        least = all.size();
      }
    }
    for (int count = least; count < all.size(); count++) {
      Commands registry = ScenarioRunner.registry(config, era, count);
      if (used.stream().allMatch(registry::has)) {
        return count;
      }
    }
    return all.size();
  }

  /**
   * The commands a scenario uses (programs, boot and finale commands, {@code requires}), or null
   * when it names a file (a word starting with {@code /}), a list or a pipe, or a line does not
   * split: then it may need anything.
   */
  static java.util.Set<String> usedCommands(Scenario scenario) {
    List<String> lines = new ArrayList<>(scenario.boot());
    lines.addAll(scenario.finale());
    for (Scenario.Program program : scenario.programs()) {
      lines(program.steps(), lines);
    }
    TreeSet<String> used = new TreeSet<>(scenario.requires());
    for (String line : lines) {
      List<String> words;
      try {
        words = CommandLine.split(line);
      } catch (IllegalArgumentException e) {
        return null;
      }
      if (words.isEmpty() || words.get(0).equals("su")) {
        continue;
      }
      if (words.stream().anyMatch(w -> w.contains("/") || w.equals(";") || w.equals("|"))) {
        return null;
      }
      used.add(words.get(0));
    }
    return used;
  }

  /**
   * Whether the scenario's machine can be bare ({@code MachineSpec.asBare}: no VFS, shared counter
   * or user space): it boots no kernel subsystem, injects no fault and uses only the CPU's own
   * commands (but {@code atomic_inc_return}, which counts on the shared counter) and the scenario
   * steps.
   */
  static boolean bare(Scenario scenario, int subsystems) {
    java.util.Set<String> used = usedCommands(scenario);
    if (subsystems > 0 || used == null || !scenario.faults().isEmpty()) {
      return false;
    }
    Commands own = Commands.standard();
    ScenarioSteps.register(own, new ScenarioReport());
    return used.stream().allMatch(c -> own.has(c) && !c.equals("atomic_inc_return"));
  }

  private static int indexOf(List<Subsystem> subsystems, String name) {
    for (int i = 0; i < subsystems.size(); i++) {
      if (subsystems.get(i).name().equals(name)) {
        return i;
      }
    }
    return subsystems.size() - 1;
  }

  /** The command lines of a program's steps, blocks and conditions included. */
  private static void lines(ConfigValue steps, List<String> into) {
    if (steps.valueType() == ConfigValueType.STRING) {
      into.add((String) steps.unwrapped());
    } else if (steps.valueType() == ConfigValueType.LIST) {
      for (ConfigValue v : (ConfigList) steps) {
        lines(v, into);
      }
    } else if (steps.valueType() == ConfigValueType.OBJECT) {
      for (Map.Entry<String, ConfigValue> e : ((ConfigObject) steps).entrySet()) {
        if (e.getKey().equals("if") || e.getValue().valueType() == ConfigValueType.LIST) {
          lines(e.getValue(), into);
        }
      }
    }
  }
}
