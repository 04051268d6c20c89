package org.kmodsim.scenarios.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GNU getopt_long as the filters use it: short options clustered ({@code -iv}), an option's
 * argument in the same word or the next ({@code -n3}, {@code -n 3}), long options with {@code =} or
 * the next word, operands anywhere (argument permutation) and {@code --} ending the options. A bad
 * option throws {@link BadOption} with glibc's message and the tool's usage lines.
 */
final class Getopt {
  /** A bad option: the message glibc prints, the tool's usage lines after it. */
  static final class BadOption extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadOption(String message) {
      super(message);
    }
  }

  private final String name;
  private final List<String> args;
  private final String shortOptions;
  private final Map<String, Character> longOptions;
  private final String usage;
  private final List<String> operands = new ArrayList<>();
  private int index;
  private String cluster = "";
  private String argument;

  /**
   * {@code shortOptions} as getopt's optstring ({@code "n:c:"}: a colon after an option that takes
   * an argument); {@code usage}: the lines the tool prints after a bad option's message.
   */
  Getopt(
      String name,
      List<String> args,
      String shortOptions,
      Map<String, Character> longOptions,
      String usage) {
    this.name = name;
    this.args = List.copyOf(args);
    this.shortOptions = shortOptions;
    this.longOptions = longOptions;
    this.usage = usage;
  }

  /** The next option's letter, or 0 when there are no more (the operands are then complete). */
  char next() {
    argument = null;
    if (cluster.isEmpty()) {
      while (index < args.size()) {
        String word = args.get(index++);
        if (word.equals("--")) {
          operands.addAll(args.subList(index, args.size()));
          index = args.size();
          return 0;
        }
        if (word.startsWith("--")) {
          return longOption(word.substring(2));
        }
        if (word.startsWith("-") && word.length() > 1) {
          cluster = word.substring(1);
          break;
        }
        operands.add(word);
      }
      if (cluster.isEmpty()) {
        return 0;
      }
    }
    char c = cluster.charAt(0);
    cluster = cluster.substring(1);
    int at = shortOptions.indexOf(c);
    if (at < 0 || c == ':') {
      throw bad(name + ": invalid option -- '" + c + "'");
    }
    if (at + 1 < shortOptions.length() && shortOptions.charAt(at + 1) == ':') {
      if (!cluster.isEmpty()) {
        argument = cluster;
        cluster = "";
      } else if (index < args.size()) {
        argument = args.get(index++);
      } else {
        throw bad(name + ": option requires an argument -- '" + c + "'");
      }
    }
    return c;
  }

  private char longOption(String word) {
    int equals = word.indexOf('=');
    String option = equals < 0 ? word : word.substring(0, equals);
    Character c = longOptions.get(option);
    if (c == null) {
      throw bad(name + ": unrecognized option '--" + word + "'");
    }
    int at = shortOptions.indexOf(c);
    boolean takesArgument = at + 1 < shortOptions.length() && shortOptions.charAt(at + 1) == ':';
    if (takesArgument) {
      if (equals >= 0) {
        argument = word.substring(equals + 1);
      } else if (index < args.size()) {
        argument = args.get(index++);
      } else {
        throw bad(name + ": option '--" + option + "' requires an argument");
      }
    } else if (equals >= 0) {
      throw bad(name + ": option '--" + option + "' doesn't allow an argument");
    }
    return c;
  }

  private BadOption bad(String message) {
    return new BadOption(message + "\n" + usage);
  }

  /** The argument of the option {@link #next} returned, or null. */
  String argument() {
    return argument;
  }

  /** The operands, once {@link #next} has returned 0. */
  List<String> operands() {
    return List.copyOf(operands);
  }
}
