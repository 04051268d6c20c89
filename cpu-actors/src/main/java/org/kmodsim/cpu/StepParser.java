package org.kmodsim.cpu;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.StepProgram.Bad;
import org.kmodsim.cpu.StepProgram.IfBlock;
import org.kmodsim.cpu.StepProgram.Line;
import org.kmodsim.cpu.StepProgram.MeasureBlock;
import org.kmodsim.cpu.StepProgram.Node;
import org.kmodsim.cpu.StepProgram.RepeatBlock;
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
    return read(program).steps(commands);
  }

  /**
   * Reads a program without a registry, once: its lines split into words and its blocks checked.
   * Its errors are thrown when {@link StepProgram#steps} reaches them.
   */
  public static StepProgram read(ConfigValue program) {
    return new StepProgram(list(program, 0));
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

  private static List<Node> list(ConfigValue program, int depth) {
    if (program.valueType() == ConfigValueType.STRING) {
      return List.of(line(program));
    }
    if (program.valueType() != ConfigValueType.LIST) {
      return List.of(new Bad(program, "expected a list of steps"));
    }
    List<Node> nodes = new ArrayList<>();
    for (ConfigValue element : (ConfigList) program) {
      nodes.add(step(element, depth));
    }
    return nodes;
  }

  private static Node step(ConfigValue element, int depth) {
    return switch (element.valueType()) {
      case STRING -> line(element);
      case OBJECT -> {
        if (depth >= MAX_DEPTH) {
          yield new Bad(
              element, "blocks nest more than " + MAX_DEPTH + " deep (the limit of repeat/if)");
        }
        yield block((ConfigObject) element, depth + 1);
      }
      default -> new Bad(element, "a step is a command line string or a {repeat, steps} block");
    };
  }

  private static Node line(ConfigValue value) {
    List<String> words;
    try {
      words = CommandLine.split((String) value.unwrapped());
    } catch (IllegalArgumentException e) {
      return new Bad(value, e.getMessage());
    }
    return words.isEmpty() ? new Bad(value, "empty command") : new Line(value, words);
  }

  private static Node block(ConfigObject block, int depth) {
    if (block.containsKey("if")) {
      return conditional(block, depth);
    }
    ConfigValue body = block.get("steps");
    for (String key : block.keySet()) {
      if (!key.equals("repeat") && !key.equals("steps") && !key.equals("measure")) {
        return new Bad(block.get(key), "unknown key '" + key + "' in a block");
      }
    }
    ConfigValue label = block.get("measure");
    if (label != null && body != null && block.get("repeat") == null) {
      if (label.valueType() != ConfigValueType.STRING) {
        return new Bad(label, "'measure' must be a name");
      }
      return new MeasureBlock((String) label.unwrapped(), list(body, depth));
    }
    ConfigValue times = block.get("repeat");
    if (times == null || body == null || label != null) {
      return new Bad(
          block, "a block is {repeat = N, steps = [...]} or {measure = NAME, steps = [...]}");
    }
    if (times.valueType() != ConfigValueType.NUMBER) {
      return new Bad(times, "'repeat' must be a number");
    }
    int count;
    try {
      count = ConfigValues.of(block, "").intIn("repeat", 0, MAX_REPEAT);
    } catch (ConfigValueException e) {
      return new Bad(times, "'repeat' " + e.reason());
    }
    return new RepeatBlock(count, list(body, depth));
  }

  private static Node conditional(ConfigObject block, int depth) {
    for (String key : block.keySet()) {
      if (!key.equals("if") && !key.equals("then") && !key.equals("else")) {
        return new Bad(block.get(key), "unknown key '" + key + "' in an if block");
      }
    }
    ConfigValue condition = block.get("if");
    if (condition.valueType() != ConfigValueType.STRING) {
      return new Bad(condition, "'if' must be a command line");
    }
    if (!block.containsKey("then")) {
      return new Bad(block, "an if block needs 'then'");
    }
    List<Node> otherwise = block.containsKey("else") ? list(block.get("else"), depth) : List.of();
    return new IfBlock(line(condition), list(block.get("then"), depth), otherwise);
  }

  static ConfigValueException bad(ConfigValue where, String message) {
    return ConfigValueException.at(where.origin(), "step", message);
  }
}
