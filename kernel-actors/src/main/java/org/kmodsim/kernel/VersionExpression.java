package org.kmodsim.kernel;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The constant expressions of include/generated/uapi/linux/version.h and generated/utsrelease.h
 * that module files may test ({@link VersionCondition}): {@code LINUX_VERSION_CODE}, {@code
 * KERNEL_VERSION(a,b,c)}, numbers and {@code UTS_RELEASE}, compared with {@code >= <= == != > <}; a
 * comparison is 1 or 0. Pure; a bad expression is an IllegalArgumentException whose message is the
 * one-line error.
 */
public final class VersionExpression {
  private VersionExpression() {}

  private static final Pattern COMPARISON =
      Pattern.compile("\\s*(.+?)\\s*(>=|<=|==|!=|>|<)\\s*(.+?)\\s*");
  private static final Pattern KERNEL_VERSION =
      Pattern.compile("KERNEL_VERSION\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

  /** The words as the step language split them, back as one expression ({@code >=} is two). */
  static String joined(String first, List<String> args) {
    return (first + " " + String.join(" ", args)).replace("> =", ">=").trim();
  }

  /** The value of {@code expression} for {@code era}: a comparison is 1 or 0. */
  public static long evaluate(String expression, Era era) {
    Matcher comparison = COMPARISON.matcher(expression);
    if (!comparison.matches()) {
      if (expression.trim().equals("UTS_RELEASE")) {
        throw new IllegalArgumentException("UTS_RELEASE is a string: compare it with == or !=");
      }
      return value(expression.trim(), era);
    }
    String op = comparison.group(2);
    String left = comparison.group(1);
    String right = comparison.group(3);
    int order;
    if (left.equals("UTS_RELEASE") || right.equals("UTS_RELEASE")) {
      order = string(left, era).compareTo(string(right, era));
      if (!op.equals("==") && !op.equals("!=")) {
        throw new IllegalArgumentException("UTS_RELEASE is a string: only == and != compare it");
      }
    } else {
      order = Long.compare(value(left, era), value(right, era));
    }
    boolean holds =
        switch (op) {
          case ">=" -> order >= 0;
          case "<=" -> order <= 0;
          case ">" -> order > 0;
          case "<" -> order < 0;
          case "==" -> order == 0;
          default -> order != 0;
        };
    return holds ? 1 : 0;
  }

  private static long value(String term, Era era) {
    Matcher version = KERNEL_VERSION.matcher(term);
    if (term.equals("LINUX_VERSION_CODE")) {
      return era.versionCode();
    } else if (version.matches()) {
      return Era.kernelVersion(
          Integer.parseInt(version.group(1)),
          Integer.parseInt(version.group(2)),
          Integer.parseInt(version.group(3)));
    }
    try {
      return term.startsWith("0x") ? Long.parseLong(term.substring(2), 16) : Long.parseLong(term);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "not a version expression: '"
              + term
              + "' (LINUX_VERSION_CODE, KERNEL_VERSION(a,b,c), a number)");
    }
  }

  private static String string(String term, Era era) {
    if (term.equals("UTS_RELEASE")) {
      return era.release();
    } else if (term.length() >= 2 && term.startsWith("\"") && term.endsWith("\"")) {
      return term.substring(1, term.length() - 1);
    }
    return term;
  }
}
