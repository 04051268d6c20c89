package org.kmodsim.userspace.coreutils;

import java.util.ArrayList;
import java.util.List;

/**
 * bash's {@code echo [-n] WORDS [> FILE]}: the text echo writes and the file its output is
 * redirected to (null: standard output). Pure; {@link Coreutils} does the write.
 */
record EchoCommand(String text, String path) {
  static EchoCommand parse(List<String> args) {
    List<String> words = new ArrayList<>(args);
    boolean newline = words.isEmpty() || !words.get(0).equals("-n");
    if (!newline) {
      words.remove(0);
    }
    int redirect = words.indexOf(">");
    if (redirect >= 0 && redirect != words.size() - 2) {
      throw new IllegalArgumentException("expected one file after '>'");
    }
    String path = redirect >= 0 ? words.get(redirect + 1) : null;
    List<String> shown = redirect >= 0 ? words.subList(0, redirect) : words;
    return new EchoCommand(String.join(" ", shown) + (newline ? "\n" : ""), path);
  }
}
