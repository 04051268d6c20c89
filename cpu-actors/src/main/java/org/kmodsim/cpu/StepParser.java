package org.kmodsim.cpu;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import org.kmodsim.sim.config.ConfigValueException;
import org.kmodsim.sim.config.ConfigValues;

/**
 * Reads programs written in HOCON: a list whose elements are command lines ({@code "spin 200ns"})
 * or blocks ({@code {repeat = 10, steps = [...]}}). Every error names the file and line (the
 * value's origin) and the offending text, as a {@link ConfigValueException} with the key {@code
 * step} (callers name the program). Blocks nest at most {@link #MAX_DEPTH} deep.
 */
public final class StepParser {
  /** How deep {@code repeat}, {@code if} and {@code measure} blocks may nest. */
  public static final int MAX_DEPTH = 32;

  /** The largest {@code repeat} count (a C int's). */
  public static final int MAX_REPEAT = Integer.MAX_VALUE;

  private final Commands commands;

  public StepParser(Commands commands) {
    this.commands = commands;
  }

  public List<Step> parse(ConfigValue program) {
    return parse(program, 0);
  }

  /**
   * Checks the nesting of a program without a registry (the file readers call it when they read the
   * file, before any command is known).
   */
  public static void checkDepth(ConfigValue program) {
    checkDepth(program, 0);
  }

  private static void checkDepth(ConfigValue v, int depth) {
    if (v.valueType() == ConfigValueType.LIST) {
      for (ConfigValue element : (ConfigList) v) {
        checkDepth(element, depth);
      }
    } else if (v.valueType() == ConfigValueType.OBJECT) {
      if (depth >= MAX_DEPTH) {
        throw bad(v, "blocks nest more than " + MAX_DEPTH + " deep (the limit of repeat/if)");
      }
      for (ConfigValue inner : ((ConfigObject) v).values()) {
        checkDepth(inner, depth + 1);
      }
    }
  }

  private List<Step> parse(ConfigValue program, int depth) {
    if (program.valueType() == ConfigValueType.STRING) {
      return List.of(line(program));
    }
    if (program.valueType() != ConfigValueType.LIST) {
      throw bad(program, "expected a list of steps");
    }
    List<Step> steps = new ArrayList<>();
    for (ConfigValue element : (ConfigList) program) {
      steps.add(step(element, depth));
    }
    return steps;
  }

  private Step step(ConfigValue element, int depth) {
    return switch (element.valueType()) {
      case STRING -> line(element);
      case OBJECT -> {
        if (depth >= MAX_DEPTH) {
          throw bad(
              element, "blocks nest more than " + MAX_DEPTH + " deep (the limit of repeat/if)");
        }
        yield block((ConfigObject) element, depth + 1);
      }
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

  private Step block(ConfigObject block, int depth) {
    if (block.containsKey("if")) {
      return conditional(block, depth);
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
      return new Measure((String) label.unwrapped(), parse(body, depth));
    }
    ConfigValue times = block.get("repeat");
    if (times == null || body == null || label != null) {
      throw bad(block, "a block is {repeat = N, steps = [...]} or {measure = NAME, steps = [...]}");
    }
    if (times.valueType() != ConfigValueType.NUMBER) {
      throw bad(times, "'repeat' must be a number");
    }
    int count;
    try {
      count = ConfigValues.of(block, "").intIn("repeat", 0, MAX_REPEAT);
    } catch (ConfigValueException e) {
      throw bad(times, "'repeat' " + e.reason());
    }
    return new Repeat(count, parse(body, depth));
  }

  private Step conditional(ConfigObject block, int depth) {
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
    List<Step> otherwise = block.containsKey("else") ? parse(block.get("else"), depth) : List.of();
    return new If(line(condition), parse(block.get("then"), depth), otherwise);
  }

  private static ConfigValueException bad(ConfigValue where, String message) {
    return ConfigValueException.at(where.origin(), "step", message);
  }
}
