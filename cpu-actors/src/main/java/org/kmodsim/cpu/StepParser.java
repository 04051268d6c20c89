package org.kmodsim.cpu;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads programs written in HOCON: a list whose elements are command lines ({@code "spin 200ns"})
 * or blocks ({@code {repeat = 10, steps = [...]}}). Every error names the file and line (the
 * value's origin) and the offending text.
 */
public final class StepParser {
  private final Commands commands;

  public StepParser(Commands commands) {
    this.commands = commands;
  }

  public List<Step> parse(ConfigValue program) {
    if (program.valueType() == ConfigValueType.STRING) {
      return List.of(line(program));
    }
    if (program.valueType() != ConfigValueType.LIST) {
      throw bad(program, "expected a list of steps");
    }
    List<Step> steps = new ArrayList<>();
    for (ConfigValue element : (ConfigList) program) {
      steps.add(step(element));
    }
    return steps;
  }

  private Step step(ConfigValue element) {
    return switch (element.valueType()) {
      case STRING -> line(element);
      case OBJECT -> block((ConfigObject) element);
      default -> throw bad(element, "a step is a command line string or a {repeat, steps} block");
    };
  }

  private Step line(ConfigValue value) {
    String text = (String) value.unwrapped();
    try {
      return commands.parse(text);
    } catch (IllegalArgumentException e) {
      throw bad(value, e.getMessage());
    }
  }

  private Step block(ConfigObject block) {
    if (block.containsKey("if")) {
      return conditional(block);
    }
    ConfigValue body = block.get("steps");
    for (String key : block.keySet()) {
      if (!key.equals("repeat") && !key.equals("steps") && !key.equals("measure")) {
        throw bad(block.get(key), "unknown key '" + key + "' in a block");
      }
    }
    ConfigValue label = block.get("measure");
    if (label != null && body != null && block.get("repeat") == null) {
      if (label.valueType() != ConfigValueType.STRING) {
        throw bad(label, "'measure' must be a name");
      }
      return new Measure((String) label.unwrapped(), parse(body));
    }
    ConfigValue times = block.get("repeat");
    if (times == null || body == null || label != null) {
      throw bad(block, "a block is {repeat = N, steps = [...]} or {measure = NAME, steps = [...]}");
    }
    if (times.valueType() != ConfigValueType.NUMBER) {
      throw bad(times, "'repeat' must be a number");
    }
    int count = ((Number) times.unwrapped()).intValue();
    if (count < 0) {
      throw bad(times, "'repeat' must not be negative");
    }
    return new Repeat(count, parse(body));
  }

  private Step conditional(ConfigObject block) {
    for (String key : block.keySet()) {
      if (!key.equals("if") && !key.equals("then") && !key.equals("else")) {
        throw bad(block.get(key), "unknown key '" + key + "' in an if block");
      }
    }
    ConfigValue condition = block.get("if");
    if (condition.valueType() != ConfigValueType.STRING) {
      throw bad(condition, "'if' must be a command line");
    }
    if (!block.containsKey("then")) {
      throw bad(block, "an if block needs 'then'");
    }
    List<Step> otherwise = block.containsKey("else") ? parse(block.get("else")) : List.of();
    return new If(line(condition), parse(block.get("then")), otherwise);
  }

  private static ConfigException bad(ConfigValue where, String message) {
    return new ConfigException.BadValue(where.origin(), "step", message);
  }
}
