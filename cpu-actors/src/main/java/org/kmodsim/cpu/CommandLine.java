package org.kmodsim.cpu;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.sim.config.Durations;

/**
 * Splits a command line into words as a POSIX shell does for simple commands: blanks separate
 * words, single quotes keep everything, double quotes keep blanks and allow backslash escapes, and
 * {@code >} is a word of its own (output redirection). Lists are split on unquoted {@code ;}.
 */
public final class CommandLine {
  private CommandLine() {}

  public static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\'
            && i + 1 < line.length()
            && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
          word.append(line.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else if (c == '>') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        words.add(">");
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unterminated quote in: " + line);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** Splits a list of commands on {@code ;} and newlines outside quotes; drops empty ones. */
  public static List<String> splitList(String text) {
    List<String> commands = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
          current.append(c);
          c = text.charAt(++i);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '#'
          && (current.length() == 0
              || Character.isWhitespace(current.charAt(current.length() - 1)))) {
        while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
          i++;
        }
        continue;
      } else if (c == ';' || c == '\n') {
        add(commands, current);
        continue;
      }
      current.append(c);
    }
    add(commands, current);
    return commands;
  }

  private static void add(List<String> commands, StringBuilder current) {
    String command = current.toString().trim();
    if (!command.isEmpty()) {
      commands.add(command);
    }
    current.setLength(0);
  }

  /**
   * Parses a duration such as {@code 200ns}, {@code 5us}, {@code 1.5ms}, {@code 2s}; bare = ns. A
   * duration above {@link Durations#MAX_NANOS} is refused, never wrapped.
   */
  public static long parseDuration(String text) {
    return Durations.parse(text, 1, 0, Durations.MAX_NANOS);
  }
}
