package org.kmodsim.kernel.module;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepParser;
import org.kmodsim.cpu.StepProgram;
import org.kmodsim.kernel.kallsyms.KernelSymbol;

/**
 * A module's code as a load lays it out (layout_and_allocate, kernel/module/main.c): init, exit and
 * the named functions parsed into steps with THIS_MODULE bound to the module (those of the file's
 * {@link ModuleBehaviour} class last), and the module's kallsyms entries (add_kallsyms,
 * kernel/module/kallsyms.c).
 */
final class ModuleFunctions {
  private ModuleFunctions() {}

  /** The parsed code; {@code init} and {@code exit} are null when the module has none. */
  record Parsed(List<Step> init, List<Step> exit, Map<String, List<Step>> functions) {}

  /**
   * Parses init, exit and the named functions, with THIS_MODULE bound to the module.
   *
   * @throws IllegalArgumentException or a {@link com.typesafe.config.ConfigException} for a bad
   *     step
   */
  static Parsed parse(ModuleDefinition def, Commands commands) {
    List<Step> init = def.init() == null ? null : bind(def, def.init(), "init").steps(commands);
    List<Step> exit = def.exit() == null ? null : bind(def, def.exit(), "exit").steps(commands);
    Map<String, List<Step>> functions = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> function : def.functions().entrySet()) {
      functions.put(
          function.getKey(), bind(def, function.getValue(), function.getKey()).steps(commands));
    }
    if (def.behaviour() == null) {
      return new Parsed(init, exit, functions);
    }
    ModuleBehaviour behaviour = def.behaviour();
    ModuleBehaviour.Commands lines =
        line -> commands.parse(line.replace("THIS_MODULE", def.name()));
    for (String function : new TreeSet<>(behaviour.functions())) {
      List<Step> steps;
      try {
        steps = List.copyOf(behaviour.function(function, lines));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            behaviour.getClass().getName() + "." + function + ": " + e, e);
      }
      if (function.equals("init")) {
        init = steps;
      } else if (function.equals("exit")) {
        exit = steps;
      } else {
        functions.put(function, steps);
      }
    }
    return new Parsed(init, exit, functions);
  }

  /**
   * Bound functions, read ({@link StepParser#read}), by (module, file, function, text): the same
   * for every load of a file; each load makes their steps against its machine's commands.
   */
  private static final org.kmodsim.kernel.BuildCache<List<Object>, StepProgram> BOUND =
      new org.kmodsim.kernel.BuildCache<>(1024);

  private static StepProgram bind(ModuleDefinition def, ConfigValue program, String function) {
    return BOUND.get(
        List.of(def.name(), def.source(), function, program),
        key -> StepParser.read(bindText(def, program, function)));
  }

  private static ConfigValue bindText(ModuleDefinition def, ConfigValue program, String function) {
    String text =
        sited(program, def, function)
            .render(ConfigRenderOptions.concise())
            .replace("THIS_MODULE", def.name());
    return ConfigFactory.parseString(
            "f = " + text,
            ConfigParseOptions.defaults()
                .setOriginDescription(def.source() + " (" + function + ")"))
        .getValue("f");
  }

  /**
   * A WARN_ON step gets its site, as the macro's __FILE__, __LINE__ and function: {@code WARN_ON
   * MODULE FUNCTION FILE LINE}, the line of the step in the module file.
   */
  private static ConfigValue sited(ConfigValue value, ModuleDefinition def, String function) {
    if (value instanceof ConfigList list) {
      List<ConfigValue> steps = new ArrayList<>();
      for (ConfigValue step : list) {
        steps.add(sited(step, def, function));
      }
      return ConfigValueFactory.fromIterable(steps);
    }
    if (value instanceof ConfigObject object) {
      ConfigObject sited = object;
      for (Map.Entry<String, ConfigValue> field : object.entrySet()) {
        sited = sited.withValue(field.getKey(), sited(field.getValue(), def, function));
      }
      return sited;
    }
    if (value.valueType() == ConfigValueType.STRING
        && String.valueOf(value.unwrapped()).trim().equals("WARN_ON")) {
      String file = def.source().substring(def.source().lastIndexOf('/') + 1);
      return ConfigValueFactory.fromAnyRef(
          "WARN_ON "
              + def.name()
              + " "
              + function
              + " "
              + file
              + " "
              + Math.max(0, value.origin().lineNumber()));
    }
    return value;
  }

  /**
   * The module's kallsyms entries at {@code address}: exports (upper case, with their CRC when
   * {@code modversions}) and its other functions (t).
   */
  static List<KernelSymbol> kallsyms(
      ModuleDefinition def, Set<String> functions, long address, boolean modversions) {
    List<KernelSymbol> symbols = new ArrayList<>();
    long offset = 0x10;
    for (ModuleDefinition.Export export : def.exports()) {
      symbols.add(
          new KernelSymbol(
              export.symbol(),
              address + offset,
              export.type(),
              def.name(),
              true,
              export.gplOnly(),
              export.namespace(),
              modversions && !export.novers() ? export.crc() : null));
      offset += 0x40;
    }
    for (String function : functions) {
      if (def.exports().stream().noneMatch(e -> e.symbol().equals(function))) {
        symbols.add(
            new KernelSymbol(function, address + offset, 't', def.name(), false, false, "", null));
        offset += 0x40;
      }
    }
    return symbols;
  }
}
