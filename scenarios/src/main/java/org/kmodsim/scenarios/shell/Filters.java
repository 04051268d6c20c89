package org.kmodsim.scenarios.shell;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The filters a pipe may feed, built into the model's shell: {@code grep} (GNU grep 3.8), {@code
 * head}, {@code tail}, {@code wc} (GNU coreutils 9.1) and {@code cat}, reading their standard input
 * only. Each gets the whole output of the stage before it once that stage has finished (the model's
 * pipe is a buffer, not a concurrent reader) and prints what the GNU tool prints for the options
 * modelled, with its messages and exit status for bad ones (in the C locale: 'x', not curly
 * quotes). They run in the shell, not on a CPU: they cost no virtual time and make no system call.
 */
final class Filters {
  private Filters() {}

  /** What a filter printed and its exit status. */
  record Result(String out, String err, int status) {}

  static final List<String> NAMES = List.of("cat", "grep", "head", "tail", "wc");

  static boolean isFilter(String name) {
    return NAMES.contains(name);
  }

  /** Runs {@code words} (the filter's name first) on {@code input}. */
  static Result run(List<String> words, String input) {
    String name = words.get(0);
    List<String> args = words.subList(1, words.size());
    try {
      return switch (name) {
        case "grep" -> Grep.run(args, input);
        case "head" -> headOrTail(true, args, input);
        case "tail" -> headOrTail(false, args, input);
        case "wc" -> wc(args, input);
        case "cat" -> cat(args, input);
        default -> throw new IllegalArgumentException(name);
      };
    } catch (Getopt.BadOption e) {
      return new Result("", e.getMessage(), name.equals("grep") ? 2 : 1);
    }
  }

  private static Result cat(List<String> args, String input) {
    Getopt options = new Getopt("cat", args, "", Map.of(), tryHelp("cat"));
    while (options.next() != 0) {
      // no option of cat is modelled: next() refuses each
    }
    if (!options.operands().isEmpty()) {
      return noFiles("cat");
    }
    return new Result(input, "", 0);
  }

  /** A filter's file operands: the model's pipes feed standard input only. */
  static Result noFiles(String name) {
    return new Result("", "sh: " + name + ": reads standard input only in a pipe\n", 2);
  }

  static String tryHelp(String name) {
    return "Try '" + name + " --help' for more information.\n";
  }

  /** head and tail: -n [-+]N, -N, -c [-+]N, --lines=N, --bytes=N. */
  private static Result headOrTail(boolean head, List<String> args, String input) {
    String name = head ? "head" : "tail";
    List<String> words = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      // the obsolete -N form, as the first option only: head -3, tail -3
      String arg = args.get(i);
      words.add(i == 0 && arg.matches("-[0-9]+") ? "-n" + arg.substring(1) : arg);
    }
    Getopt options =
        new Getopt(name, words, "n:c:", Map.of("lines", 'n', "bytes", 'c'), tryHelp(name));
    String count = "10";
    boolean bytes = false;
    for (char c = options.next(); c != 0; c = options.next()) {
      count = options.argument();
      bytes = c == 'c';
    }
    if (!options.operands().isEmpty()) {
      return noFiles(name);
    }
    boolean fromStart = !head && count.startsWith("+");
    boolean allBut = head && count.startsWith("-");
    String digits = fromStart || allBut ? count.substring(1) : count;
    long n;
    try {
      n = Long.parseLong(digits);
      if (n < 0 || digits.startsWith("+") || digits.startsWith("-")) {
        throw new NumberFormatException(count);
      }
    } catch (NumberFormatException e) {
      String what = bytes ? "bytes" : "lines";
      return new Result("", name + ": invalid number of " + what + ": '" + count + "'\n", 1);
    }
    if (bytes) {
      byte[] all = input.getBytes(StandardCharsets.UTF_8);
      int from;
      int to;
      if (head) {
        from = 0;
        to = (int) (allBut ? Math.max(0, all.length - n) : Math.min(all.length, n));
      } else {
        from =
            (int)
                (fromStart
                    ? Math.min(all.length, Math.max(0, n - 1))
                    : Math.max(0, all.length - n));
        to = all.length;
      }
      return new Result(new String(all, from, to - from, StandardCharsets.UTF_8), "", 0);
    }
    List<String> lines = lines(input);
    int from;
    int to;
    if (head) {
      from = 0;
      to = (int) (allBut ? Math.max(0, lines.size() - n) : Math.min(lines.size(), n));
    } else {
      from =
          (int)
              (fromStart
                  ? Math.min(lines.size(), Math.max(0, n - 1))
                  : Math.max(0, lines.size() - n));
      to = lines.size();
    }
    return new Result(String.join("", lines.subList(from, to)), "", 0);
  }

  /** The input's lines, each with its newline (the last may have none). */
  static List<String> lines(String input) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < input.length()) {
      int end = input.indexOf('\n', start);
      end = end < 0 ? input.length() : end + 1;
      lines.add(input.substring(start, end));
      start = end;
    }
    return lines;
  }

  /** wc -l -w -m -c: the counts in that order, 7 wide unless one count alone is printed. */
  private static Result wc(List<String> args, String input) {
    Getopt options =
        new Getopt(
            "wc",
            args,
            "lwmc",
            Map.of("lines", 'l', "words", 'w', "chars", 'm', "bytes", 'c'),
            tryHelp("wc"));
    boolean lines = false;
    boolean words = false;
    boolean chars = false;
    boolean bytes = false;
    for (char c = options.next(); c != 0; c = options.next()) {
      switch (c) {
        case 'l' -> lines = true;
        case 'w' -> words = true;
        case 'm' -> chars = true;
        default -> bytes = true;
      }
    }
    if (!options.operands().isEmpty()) {
      return noFiles("wc");
    }
    if (!lines && !words && !chars && !bytes) {
      lines = words = bytes = true;
    }
    List<Long> counts = new ArrayList<>();
    if (lines) {
      counts.add(input.chars().filter(c -> c == '\n').count());
    }
    if (words) {
      String trimmed = input.strip();
      counts.add(trimmed.isEmpty() ? 0L : (long) trimmed.split("\\s+").length);
    }
    if (chars) {
      counts.add((long) input.codePointCount(0, input.length()));
    }
    if (bytes) {
      counts.add((long) input.getBytes(StandardCharsets.UTF_8).length);
    }
    StringBuilder out = new StringBuilder();
    String format = counts.size() == 1 ? "%d" : "%7d";
    for (int i = 0; i < counts.size(); i++) {
      out.append(i == 0 ? "" : " ").append(String.format(format, counts.get(i)));
    }
    return new Result(out.append('\n').toString(), "", 0);
  }
}
