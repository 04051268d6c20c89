package org.kmodsim.userspace.kmod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * glibc's getopt_long as kmod's tools call it: short options from an optstring ({@code "b:"} takes
 * an argument, attached or the next word), long options ({@code --basedir=DIR} or {@code --basedir
 * DIR}, a unique prefix accepted), arguments permuted so options may follow operands, {@code --}
 * ending the options. A mistake is glibc's message ({@code invalid option -- 'x'}, {@code
 * unrecognized option '--x'}, {@code option requires an argument -- 'b'}, {@code option '--x' is
 * ambiguous; possibilities: ...}) as {@link Failed}. Pure.
 */
final class Getopt {
  private Getopt() {}

  /** One option found: its short letter (the long option's value) and its argument or null. */
  record Option(char letter, String argument) {}

  /** The options in command-line order and the operands after them. */
  record Parsed(List<Option> options, List<String> operands) {
    Parsed {
      options = List.copyOf(options);
      operands = List.copyOf(operands);
    }

    boolean has(char letter) {
      return options.stream().anyMatch(o -> o.letter() == letter);
    }

    /** The last argument given to {@code letter}, or null. */
    String last(char letter) {
      String value = null;
      for (Option option : options) {
        if (option.letter() == letter) {
          value = option.argument();
        }
      }
      return value;
    }
  }

  /** getopt_long's message for a bad command line, without the program's name. */
  static final class Failed extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    Failed(String message) {
      super(message);
    }
  }

  /**
   * @param shortOptions the optstring ({@code "aAb:"})
   * @param longOptions each long name to its letter; a name ending in {@code =} takes an argument
   */
  static Parsed parse(List<String> args, String shortOptions, Map<String, Character> longOptions) {
    List<Option> options = new ArrayList<>();
    List<String> operands = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        operands.addAll(args.subList(i + 1, args.size()));
        break;
      } else if (arg.startsWith("--")) {
        i = longOption(args, i, longOptions, options);
      } else if (arg.startsWith("-") && arg.length() > 1) {
        i = shortOptions(args, i, shortOptions, options);
      } else {
        operands.add(arg);
      }
    }
    return new Parsed(options, operands);
  }

  private static int shortOptions(List<String> args, int i, String optstring, List<Option> out) {
    String arg = args.get(i);
    for (int k = 1; k < arg.length(); k++) {
      char c = arg.charAt(k);
      int at = optstring.indexOf(c);
      if (at < 0 || c == ':') {
        throw new Failed("invalid option -- '" + c + "'");
      }
      boolean takes = at + 1 < optstring.length() && optstring.charAt(at + 1) == ':';
      if (!takes) {
        out.add(new Option(c, null));
      } else if (k + 1 < arg.length()) {
        out.add(new Option(c, arg.substring(k + 1)));
        return i;
      } else if (i + 1 < args.size()) {
        out.add(new Option(c, args.get(i + 1)));
        return i + 1;
      } else {
        throw new Failed("option requires an argument -- '" + c + "'");
      }
    }
    return i;
  }

  private static int longOption(
      List<String> args, int i, Map<String, Character> longOptions, List<Option> out) {
    String arg = args.get(i).substring(2);
    int eq = arg.indexOf('=');
    String name = eq < 0 ? arg : arg.substring(0, eq);
    String match = null;
    List<String> candidates = new ArrayList<>();
    for (String option : longOptions.keySet()) {
      String bare = option.endsWith("=") ? option.substring(0, option.length() - 1) : option;
      if (bare.equals(name)) {
        match = option;
        candidates.clear();
        break;
      } else if (bare.startsWith(name)) {
        boolean same =
            candidates.stream().anyMatch(c -> longOptions.get(c).equals(longOptions.get(option)));
        if (!same) {
          candidates.add(option);
        }
      }
    }
    if (match == null && candidates.size() == 1) {
      match = candidates.get(0);
    } else if (match == null && candidates.size() > 1) {
      StringBuilder message =
          new StringBuilder("option '--" + name + "' is ambiguous; possibilities:");
      candidates.forEach(c -> message.append(" '--").append(c.replace("=", "")).append('\''));
      throw new Failed(message.toString());
    }
    if (match == null) {
      throw new Failed("unrecognized option '--" + name + "'");
    }
    char letter = longOptions.get(match);
    String bare = match.replace("=", "");
    if (!match.endsWith("=")) {
      if (eq >= 0) {
        throw new Failed("option '--" + bare + "' doesn't allow an argument");
      }
      out.add(new Option(letter, null));
      return i;
    } else if (eq >= 0) {
      out.add(new Option(letter, arg.substring(eq + 1)));
      return i;
    } else if (i + 1 < args.size()) {
      out.add(new Option(letter, args.get(i + 1)));
      return i + 1;
    }
    throw new Failed("option '--" + bare + "' requires an argument");
  }
}
