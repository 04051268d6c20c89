package org.kmodsim.scenarios.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * What the shell does to a command line before it runs it: {@code $?} (and {@code ${?}}) expanded
 * outside single quotes to the last command's exit status, then the line split on unquoted {@code
 * |} into the stages of a pipeline.
 */
final class Pipeline {
  private Pipeline() {}

  /** The line with {@code $?} replaced by {@code status}, as sh expands it before splitting. */
  static String expand(String line, int status) {
    StringBuilder out = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote == '\'') {
        quote = c == '\'' ? 0 : quote;
      } else if (c == '\\' && i + 1 < line.length()) {
        out.append(c).append(line.charAt(++i));
        continue;
      } else if (c == '\'' && quote == 0) {
        quote = c;
      } else if (c == '"') {
        quote = quote == '"' ? 0 : '"';
      } else if (line.startsWith("$?", i)) {
        out.append(status);
        i++;
        continue;
      } else if (line.startsWith("${?}", i)) {
        out.append(status);
        i += 3;
        continue;
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * The stages of {@code line}, split on {@code |} outside quotes; an empty stage is dash's syntax
   * error ({@code "|" unexpected}), thrown as an IllegalArgumentException with that text.
   */
  static List<String> stages(String line) {
    List<String> stages = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
          current.append(c);
          c = line.charAt(++i);
        }
      } else if (c == '\\' && i + 1 < line.length()) {
        current.append(c);
        c = line.charAt(++i);
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '|') {
        if (current.toString().isBlank()) {
          throw new IllegalArgumentException("\"|\" unexpected");
        }
        stages.add(current.toString().strip());
        current.setLength(0);
        continue;
      }
      current.append(c);
    }
    if (!stages.isEmpty() && current.toString().isBlank()) {
      throw new IllegalArgumentException("end of file unexpected");
    }
    stages.add(current.toString().strip());
    return stages;
  }
}
