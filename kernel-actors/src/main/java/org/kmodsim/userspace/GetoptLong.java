package org.kmodsim.userspace;

import java.util.ArrayList;
import java.util.List;

/**
 * glibc's getopt_long (posix/getopt.c: _getopt_internal_r, process_long_option), pure: a command
 * line against a short-option string ({@code "n:L::x"}; a leading {@code '+'} stops at the first
 * operand, otherwise operands are permuted to the end as GNU does) and a long-option table. Long
 * options may be abbreviated to a unique prefix (prefixes of options with the same argument kind
 * and value are not ambiguous); {@code --} ends the options; {@code -} alone is an operand. The
 * parse stops at the first error, as every caller returns on {@code '?'}, with glibc's message. The
 * callers (kmod's tools, util-linux dmesg) walk {@link Result#options()} in order, because what an
 * option does may depend on the ones before it ({@code -V} before a bad option prints the version).
 */
public final class GetoptLong {
  private GetoptLong() {}

  /** no_argument, required_argument, optional_argument. */
  public enum HasArg {
    NO,
    REQUIRED,
    OPTIONAL
  }

  /**
   * One entry of {@code struct option}; {@code val} is what getopt_long returns for it.
   *
   * @param val a short option's character, or a value above {@code CHAR_MAX}
   */
  public record LongOption(String name, HasArg hasArg, int val) {}

  /**
   * An option found: {@code val} as getopt_long returned it, its argument (null without one), and
   * the long name when it was given as one.
   */
  public record Option(int val, String arg, String longName) {}

  /**
   * The options in command-line order, the operands, and glibc's message (without a newline) when
   * the parse stopped at a bad option, else null.
   */
  public record Result(List<Option> options, List<String> operands, String error) {
    public Result {
      options = List.copyOf(options);
      operands = List.copyOf(operands);
    }

    public boolean failed() {
      return error != null;
    }
  }

  /**
   * Parses {@code args} (without argv[0]) as {@code getopt_long(argc, argv, shortOpts, longOpts)}
   * in a loop would; {@code program} is argv[0] as the messages show it.
   */
  public static Result parse(
      String program, String shortOpts, List<LongOption> longOpts, List<String> args) {
    return parse(program, shortOpts, longOpts, args, true);
  }

  /**
   * getopt(3) without long options, as old tools called it: {@code --name} is read as short options
   * (its first, {@code -}, is an invalid option). {@code quoted}: glibc 2.8 and later put the
   * option in quotes ({@code invalid option -- 'x'}); glibc 2.3 (posix/getopt.c of glibc-2.3.2)
   * printed {@code invalid option -- x} and {@code option requires an argument -- x}.
   */
  public static Result getopt(String program, String shortOpts, List<String> args, boolean quoted) {
    return parse(program, shortOpts, null, args, quoted);
  }

  /**
   * {@link #parse(String, String, List, List)} with the messages of glibc 2.8 and later ({@code
   * quoted}) or of glibc 2.3 (posix/getopt.c of glibc-2.3.2: {@code invalid option -- x}, {@code
   * unrecognized option `--x'}, {@code option `--x' is ambiguous} without the possibilities, {@code
   * option `--x' doesn't allow an argument}, {@code option `--x' requires an argument} with the
   * word as typed).
   */
  public static Result parse(
      String program,
      String shortOpts,
      List<LongOption> longOpts,
      List<String> args,
      boolean quoted) {
    boolean inOrder = shortOpts.startsWith("+");
    String shorts = inOrder ? shortOpts.substring(1) : shortOpts;
    List<Option> options = new ArrayList<>();
    List<String> operands = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        operands.addAll(args.subList(i + 1, args.size()));
        break;
      } else if (!arg.startsWith("-") || arg.length() == 1) {
        if (inOrder) {
          operands.addAll(args.subList(i, args.size()));
          break;
        }
        operands.add(arg);
        continue;
      }
      int next;
      String error;
      if (arg.startsWith("--") && longOpts != null) {
        next = longOption(program, longOpts, args, i, options, quoted);
      } else {
        next = shortOptions(program, shorts, args, i, options, quoted);
      }
      if (next < 0) {
        error = options.remove(options.size() - 1).arg();
        return new Result(options, operands, error);
      }
      i = next;
    }
    return new Result(options, operands, null);
  }

  /** The error marker: an option of val '?' whose argument is the message. */
  private static int error(List<Option> options, String message) {
    options.add(new Option('?', message, null));
    return -1;
  }

  /** process_long_option: returns the index of the last word used, or -1 after an error. */
  private static int longOption(
      String program,
      List<LongOption> table,
      List<String> args,
      int i,
      List<Option> options,
      boolean quoted) {
    String text = args.get(i).substring(2);
    int eq = text.indexOf('=');
    String name = eq < 0 ? text : text.substring(0, eq);
    LongOption found = null;
    List<LongOption> ambiguous = new ArrayList<>();
    for (LongOption option : table) {
      if (option.name().equals(name)) {
        found = option;
        ambiguous.clear();
        break;
      } else if (option.name().startsWith(name)) {
        if (found == null) {
          found = option;
        } else if (found.hasArg() != option.hasArg() || found.val() != option.val()) {
          if (ambiguous.isEmpty()) {
            ambiguous.add(found);
          }
          ambiguous.add(option);
        }
      }
    }
    if (!ambiguous.isEmpty() && !quoted) {
      return error(options, program + ": option `" + args.get(i) + "' is ambiguous");
    } else if (!ambiguous.isEmpty()) {
      StringBuilder message =
          new StringBuilder(program + ": option '--" + text + "' is ambiguous; possibilities:");
      for (LongOption option : table) {
        if (ambiguous.contains(option)) {
          message.append(" '--").append(option.name()).append('\'');
        }
      }
      return error(options, message.toString());
    } else if (found == null) {
      return error(options, program + ": unrecognized option " + quote("--" + text, quoted));
    }
    String value = eq < 0 ? null : text.substring(eq + 1);
    int last = i;
    switch (found.hasArg()) {
      case NO -> {
        if (value != null) {
          return error(
              options,
              program
                  + ": option "
                  + quote("--" + found.name(), quoted)
                  + " doesn't allow an argument");
        }
      }
      case REQUIRED -> {
        if (value == null && i + 1 < args.size()) {
          value = args.get(++last);
        } else if (value == null) {
          String typed = quoted ? "--" + found.name() : args.get(i);
          return error(
              options, program + ": option " + quote(typed, quoted) + " requires an argument");
        }
      }
      case OPTIONAL -> {
        // only "--name=value" gives an optional argument
      }
    }
    options.add(new Option(found.val(), value, found.name()));
    return last;
  }

  /** One word of short options ({@code -fv}, {@code -n5}, {@code -n 5}). */
  private static int shortOptions(
      String program,
      String shorts,
      List<String> args,
      int i,
      List<Option> options,
      boolean quoted) {
    String word = args.get(i);
    for (int at = 1; at < word.length(); at++) {
      char c = word.charAt(at);
      int spec = c == ':' || c == ';' ? -1 : shorts.indexOf(c);
      if (spec < 0) {
        return error(options, program + ": invalid option -- " + quote(c, quoted));
      }
      boolean takes = spec + 1 < shorts.length() && shorts.charAt(spec + 1) == ':';
      boolean optional = takes && spec + 2 < shorts.length() && shorts.charAt(spec + 2) == ':';
      if (!takes) {
        options.add(new Option(c, null, null));
        continue;
      }
      String rest = word.substring(at + 1);
      if (!rest.isEmpty()) {
        options.add(new Option(c, rest, null));
      } else if (optional) {
        options.add(new Option(c, null, null));
      } else if (i + 1 < args.size()) {
        options.add(new Option(c, args.get(i + 1), null));
        return i + 1;
      } else {
        return error(options, program + ": option requires an argument -- " + quote(c, quoted));
      }
      return i;
    }
    return i;
  }

  private static String quote(char c, boolean quoted) {
    return quoted ? "'" + c + "'" : String.valueOf(c);
  }

  /** A long option in a message: {@code '--x'} (glibc 2.8+) or {@code `--x'} (glibc 2.3). */
  private static String quote(String option, boolean quoted) {
    return (quoted ? "'" : "`") + option + "'";
  }
}
