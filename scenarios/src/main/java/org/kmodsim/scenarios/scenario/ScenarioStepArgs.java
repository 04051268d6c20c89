package org.kmodsim.scenarios.scenario;

import java.util.List;

/**
 * The arguments of the scenario steps ({@link ScenarioSteps}), parsed when the line is: a bad one
 * is an IllegalArgumentException. Pure.
 */
final class ScenarioStepArgs {
  private ScenarioStepArgs() {}

  static String one(List<String> args, String what) {
    if (args.size() != 1 || args.get(0).isBlank()) {
      throw new IllegalArgumentException("expected " + what);
    }
    return args.get(0);
  }

  /** {@code observe NAME [VAR]}: the last result, or variable VAR (null: the result). */
  record Observe(String name, String variable) {
    static Observe parse(List<String> args) {
      if (args.isEmpty() || args.size() > 2 || args.get(0).isBlank()) {
        throw new IllegalArgumentException("expected a name and an optional variable");
      }
      return new Observe(args.get(0), args.size() == 2 ? args.get(1) : null);
    }
  }

  /** {@code cover PROBE [if OP N]}: {@code op} null when the hit is unconditional. */
  record Cover(String probe, String op, long value) {
    static Cover parse(List<String> args) {
      if (args.size() == 1 && !args.get(0).isBlank()) {
        return new Cover(args.get(0), null, 0);
      }
      if (args.size() != 4
          || !args.get(1).equals("if")
          || !List.of("==", "!=", "<", "<=", ">", ">=").contains(args.get(2))) {
        throw new IllegalArgumentException("expected PROBE or PROBE if OP N (OP: == != < <= > >=)");
      }
      try {
        return new Cover(args.get(0), args.get(2), Long.parseLong(args.get(3)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad number '" + args.get(3) + "'");
      }
    }

    /** Whether a probe hit with this last result counts. */
    boolean holds(long result) {
      return switch (op == null ? "" : op) {
        case "" -> true;
        case "==" -> result == value;
        case "!=" -> result != value;
        case "<" -> result < value;
        case "<=" -> result <= value;
        case ">" -> result > value;
        default -> result >= value;
      };
    }
  }

  /** {@code write_once CELL [VALUE|+N]}: VALUE, or the last result plus N (default +0). */
  record WriteOnce(String cell, boolean fromResult, long value) {
    static WriteOnce parse(List<String> args) {
      if (args.isEmpty() || args.size() > 2) {
        throw new IllegalArgumentException("expected a cell and an optional value");
      }
      String v = args.size() == 1 ? "+0" : args.get(1);
      boolean fromResult = v.startsWith("+");
      try {
        return new WriteOnce(
            args.get(0), fromResult, Long.parseLong(fromResult ? v.substring(1) : v));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad value '" + v + "' (a number, or +N)");
      }
    }

    long stored(long result) {
      return fromResult ? result + value : value;
    }
  }
}
