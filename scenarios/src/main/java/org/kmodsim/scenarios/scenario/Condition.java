package org.kmodsim.scenarios.scenario;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One test on an observable of a finished run, from an outcome's {@code when} block: a number means
 * equality ({@code violations = 0}), a string holds a comparison ({@code "> 0"}, {@code ">= 2"},
 * {@code "!= 0"}) or a word compared as text ({@code end = halted}). A missing observable (a
 * program that never finished) fails every test except {@code = none}.
 */
public record Condition(String key, String op, Long number, String text, String where) {
  private static final Pattern COMPARISON =
      Pattern.compile("\\s*(==|!=|>=|<=|>|<|=)\\s*(-?\\d+)\\s*");

  static Condition parse(String key, ConfigValue value) {
    String where = ScenarioException.where(value.origin());
    if (value.valueType() == ConfigValueType.NUMBER) {
      return new Condition(key, "==", whole(value, value.render(), key), null, where);
    }
    if (value.valueType() == ConfigValueType.BOOLEAN) {
      return new Condition(key, "==", ((Boolean) value.unwrapped()) ? 1L : 0L, null, where);
    }
    if (value.valueType() != ConfigValueType.STRING) {
      throw ScenarioException.at(
          value.origin(),
          "when." + key,
          "expected a number, a comparison such as \"> 0\", or a word");
    }
    String s = ((String) value.unwrapped()).trim();
    Matcher m = COMPARISON.matcher(s);
    if (m.matches()) {
      String op = m.group(1).equals("=") ? "==" : m.group(1);
      return new Condition(key, op, whole(value, m.group(2), key), null, where);
    }
    if (s.matches("-?\\d+")) {
      return new Condition(key, "==", whole(value, s, key), null, where);
    }
    if (s.isEmpty() || s.matches(".*[<>=!].*")) {
      throw ScenarioException.at(
          value.origin(),
          "when." + key,
          "cannot read '" + s + "' (expected a number, a comparison such as \"> 0\", or a word)");
    }
    return new Condition(key, "==", null, s.toLowerCase(Locale.ROOT), where);
  }

  /** {@code text} as a 64-bit whole number, or the refusal naming the value's file and line. */
  private static long whole(ConfigValue value, String text, String key) {
    try {
      return new java.math.BigDecimal(text.strip()).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw ScenarioException.at(
          value.origin(), "when." + key, "'" + text + "' is not a 64-bit whole number");
    }
  }

  public boolean test(Observation observation) {
    Object actual = observation.value(key);
    if (actual == null) {
      return "none".equals(text);
    }
    if (text != null) {
      return text.equals(actual.toString().toLowerCase(Locale.ROOT));
    }
    if (!(actual instanceof Long)) {
      return false;
    }
    long a = (Long) actual;
    long b = number;
    return switch (op) {
      case "==" -> a == b;
      case "!=" -> a != b;
      case ">" -> a > b;
      case ">=" -> a >= b;
      case "<" -> a < b;
      case "<=" -> a <= b;
      default -> throw new IllegalStateException("operator " + op);
    };
  }

  @Override
  public String toString() {
    return key + " " + op + " " + Objects.requireNonNullElse(text, String.valueOf(number));
  }
}
