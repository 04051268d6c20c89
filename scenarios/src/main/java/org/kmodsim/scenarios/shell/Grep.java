package org.kmodsim.scenarios.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * GNU grep 3.8 on standard input (src/grep.c): basic (default), extended ({@code -E}) or fixed
 * ({@code -F}) patterns, {@code -e PATTERN}, {@code -i -v -w -x -c -n -o -q}; exit status 0 when a
 * line was selected, 1 when none, 2 on an error. A basic pattern is translated into a Java regular
 * expression ({@code \(} groups, a bare {@code (} or {@code +} literal); bracket expressions keep
 * their POSIX classes ({@code [[:digit:]]}).
 */
final class Grep {
  private Grep() {}

  private static final String USAGE =
      "Usage: grep [OPTION]... PATTERNS [FILE]...\n" + Filters.tryHelp("grep");

  private static final Map<String, Character> LONG =
      Map.ofEntries(
          Map.entry("ignore-case", 'i'),
          Map.entry("invert-match", 'v'),
          Map.entry("word-regexp", 'w'),
          Map.entry("line-regexp", 'x'),
          Map.entry("count", 'c'),
          Map.entry("line-number", 'n'),
          Map.entry("only-matching", 'o'),
          Map.entry("quiet", 'q'),
          Map.entry("silent", 'q'),
          Map.entry("extended-regexp", 'E'),
          Map.entry("fixed-strings", 'F'),
          Map.entry("basic-regexp", 'G'),
          Map.entry("regexp", 'e'));

  static Filters.Result run(List<String> args, String input) {
    Getopt options = new Getopt("grep", args, "ivwxcnoqEFGe:", LONG, USAGE);
    List<String> patterns = new ArrayList<>();
    String flags = "";
    char syntax = 'G';
    for (char c = options.next(); c != 0; c = options.next()) {
      switch (c) {
        case 'e' -> patterns.addAll(List.of(options.argument().split("\n", -1)));
        case 'E', 'F', 'G' -> syntax = c;
        default -> flags += c;
      }
    }
    List<String> operands = new ArrayList<>(options.operands());
    if (patterns.isEmpty()) {
      if (operands.isEmpty()) {
        return new Filters.Result("", USAGE, 2);
      }
      patterns.addAll(List.of(operands.remove(0).split("\n", -1)));
    }
    if (!operands.isEmpty()) {
      return Filters.noFiles("grep");
    }
    Pattern pattern;
    try {
      pattern = compile(patterns, syntax, flags);
    } catch (PatternSyntaxException e) {
      return new Filters.Result("", "grep: " + message(e) + "\n", 2);
    }
    return select(pattern, flags, input);
  }

  private static Filters.Result select(Pattern pattern, String flags, String input) {
    boolean invert = flags.indexOf('v') >= 0;
    boolean numbers = flags.indexOf('n') >= 0;
    boolean only = flags.indexOf('o') >= 0;
    StringBuilder out = new StringBuilder();
    int selected = 0;
    int number = 0;
    for (String line : Filters.lines(input)) {
      number++;
      String text = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
      Matcher m = pattern.matcher(text);
      boolean found = m.find();
      if (found == invert) {
        continue;
      }
      selected++;
      String prefix = numbers ? number + ":" : "";
      if (only) {
        if (!invert) {
          do {
            if (m.end() > m.start()) {
              out.append(prefix).append(m.group()).append('\n');
            }
          } while (m.find());
        }
      } else {
        out.append(prefix).append(text).append('\n');
      }
    }
    int status = selected > 0 ? 0 : 1;
    if (flags.indexOf('q') >= 0) {
      return new Filters.Result("", "", status);
    }
    if (flags.indexOf('c') >= 0) {
      return new Filters.Result(selected + "\n", "", status);
    }
    return new Filters.Result(out.toString(), "", status);
  }

  private static Pattern compile(List<String> patterns, char syntax, String flags) {
    List<String> alternatives = new ArrayList<>();
    for (String p : patterns) {
      String regex = syntax == 'F' ? Pattern.quote(p) : syntax == 'E' ? extended(p) : basic(p);
      if (flags.indexOf('x') >= 0) {
        regex = "^(?:" + regex + ")$";
      } else if (flags.indexOf('w') >= 0) {
        regex = "(?<![\\w])(?:" + regex + ")(?![\\w])";
      }
      alternatives.add("(?:" + regex + ")");
    }
    int javaFlags = flags.indexOf('i') >= 0 ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
    return Pattern.compile(String.join("|", alternatives), javaFlags);
  }

  /** A POSIX basic regular expression as Java's: {@code \( \) \{ \} \| \+ \?} are operators. */
  static String basic(String p) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '[') {
        i = bracket(p, i, out);
      } else if (c == '\\' && i + 1 < p.length()) {
        char n = p.charAt(++i);
        switch (n) {
          case '(' -> {
            depth++;
            out.append('(');
          }
          case ')' -> {
            if (--depth < 0) {
              throw new PatternSyntaxException("Unmatched ) or \\)", p, i);
            }
            out.append(')');
          }
          case '{', '}', '|', '+', '?' -> out.append(n);
          case '<', '>' -> out.append("\\b");
          default -> out.append('\\').append(n);
        }
      } else if ("(){}|+?".indexOf(c) >= 0) {
        out.append('\\').append(c);
      } else if (c == '*' && out.length() == 0) {
        out.append("\\*"); // a leading * is literal in a basic pattern
      } else {
        out.append(c);
      }
    }
    if (depth > 0) {
      throw new PatternSyntaxException("Unmatched ( or \\(", p, p.length());
    }
    return out.toString();
  }

  /** A POSIX extended regular expression as Java's: word boundaries and brackets translated. */
  static String extended(String p) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '[') {
        i = bracket(p, i, out);
      } else if (c == '\\' && i + 1 < p.length()) {
        char n = p.charAt(++i);
        out.append(n == '<' || n == '>' ? "\\b" : "\\" + n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Copies the bracket expression at {@code start}, POSIX classes translated; returns its end. */
  private static int bracket(String p, int start, StringBuilder out) {
    int i = start + 1;
    StringBuilder set = new StringBuilder("[");
    if (i < p.length() && p.charAt(i) == '^') {
      set.append('^');
      i++;
    }
    if (i < p.length() && p.charAt(i) == ']') {
      set.append("\\]");
      i++;
    }
    for (; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == ']') {
        out.append(set).append(']');
        return i;
      }
      if (c == '[' && i + 1 < p.length() && p.charAt(i + 1) == ':') {
        int end = p.indexOf(":]", i + 2);
        if (end < 0) {
          break;
        }
        set.append("\\p{").append(posixClass(p.substring(i + 2, end))).append('}');
        i = end + 1;
      } else if (c == '\\' || c == '[' || c == '&' || c == '~') {
        set.append('\\').append(c); // literal inside a POSIX bracket
      } else {
        set.append(c);
      }
    }
    throw new PatternSyntaxException("Unmatched [, [^, [:, [., or [=", p, start);
  }

  private static String posixClass(String name) {
    return switch (name) {
      case "alpha" -> "Alpha";
      case "digit" -> "Digit";
      case "alnum" -> "Alnum";
      case "upper" -> "Upper";
      case "lower" -> "Lower";
      case "space" -> "Space";
      case "blank" -> "Blank";
      case "punct" -> "Punct";
      case "xdigit" -> "XDigit";
      case "print" -> "Print";
      case "graph" -> "Graph";
      case "cntrl" -> "Cntrl";
      default -> throw new PatternSyntaxException("Invalid character class name", name, 0);
    };
  }

  /** GNU grep's words for a pattern it cannot compile (regcomp's messages). */
  private static String message(PatternSyntaxException e) {
    String d = e.getDescription();
    if (d.startsWith("Unmatched") || d.startsWith("Invalid character class")) {
      return d;
    }
    if (d.contains("Unclosed group")) {
      return "Unmatched ( or \\(";
    }
    if (d.contains("Unclosed character class")) {
      return "Unmatched [, [^, [:, [., or [=";
    }
    if (d.contains("Dangling meta character")) {
      return "Invalid preceding regular expression";
    }
    return "Invalid regular expression";
  }
}
