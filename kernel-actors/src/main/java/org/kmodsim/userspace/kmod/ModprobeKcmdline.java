package org.kmodsim.userspace.kmod;

import java.util.List;

/**
 * The kernel command line as modprobe reads it from /proc/cmdline. kmod 30 (libkmod-config.c
 * kmod_config_parse_kcmdline, the last step of kmod_config_new, also under {@code -C}): at most
 * KCMD_LINE_SIZE - 1 (4095) characters, scanned by its state machine: {@code MODNAME.PARAM[=VALUE]}
 * words (blanks end a word; a {@code "} toggles quoting, which keeps blanks only inside a value; a
 * quote first in a word is dropped and put back before the value, as grub passes {@code "mod.p=a
 * b"}; a second {@code .} before the {@code =}, a {@code =} or {@code "} in the name, spoil the
 * word), then kcmdline_parse_result: {@code modprobe.blacklist=A,B} adds each of A and B (as given,
 * not underscored) to the blacklist, any other word an options line {@code MODNAME PARAM=VALUE}
 * (the name underscored; a bad bracket is libkmod's "Ignoring bad option" error). module-init-tools
 * 3.9 (modprobe.c parse_kcmdline; /proc/cmdline read since 3.4.1): each blank-separated word with a
 * {@code .} followed somewhere by a {@code =} is an options line for what is before the first
 * {@code .}, underscored; no quoting, no blacklist (modprobe.blacklist= came in 3.13). Pure.
 */
final class ModprobeKcmdline {
  private ModprobeKcmdline() {}

  /** What the command line adds to the configuration. */
  interface Sink {
    void options(String modname, String options);

    void blacklist(String modname);

    void error(String message);
  }

  /** KCMD_LINE_SIZE (libkmod-internal.h): read_str_safe keeps one byte for the NUL. */
  private static final int KCMD_LINE_SIZE = 4096;

  private enum State {
    IGNORE,
    MODNAME,
    PARAM,
    VALUE,
    COMPLETE
  }

  /** kmod_config_parse_kcmdline over the text of /proc/cmdline. */
  static void kmod(String text, Sink sink) {
    String read = text.length() >= KCMD_LINE_SIZE ? text.substring(0, KCMD_LINE_SIZE - 1) : text;
    char[] buf = new char[read.length() + 1];
    read.getChars(0, read.length(), buf, 0);
    State state = State.MODNAME;
    boolean quoted = false;
    boolean iter = true;
    int quoteStart = -1;
    int modname = 0;
    int param = -1;
    int value = -1;
    for (int p = 0; iter; p++) {
      char c = buf[p];
      switch (c) {
        case '"' -> {
          quoted = !quoted;
          // only a quote first in the name starts a quoted word; elsewhere outside a value it
          // spoils
          if (quoted && state == State.MODNAME && p == modname) {
            quoteStart = p;
            modname = p + 1;
          } else if (state != State.VALUE) {
            state = State.IGNORE;
          }
        }
        case '\0', ' ', '\n', '\t', '\u000b', '\f', '\r' -> {
          iter = c != '\0';
          if (quoted && state == State.VALUE) {
            // a blank inside a quoted value
          } else if (quoted) {
            state = State.IGNORE;
          } else if (state == State.VALUE || state == State.PARAM) {
            buf[p] = '\0';
            state = State.COMPLETE;
          } else {
            modname = p + 1;
            state = State.MODNAME;
            quoteStart = -1;
          }
        }
        case '.' -> {
          if (state == State.MODNAME) {
            buf[p] = '\0';
            param = p + 1;
            state = State.PARAM;
          } else if (state == State.PARAM) {
            state = State.IGNORE;
          }
        }
        case '=' -> {
          if (state == State.PARAM) {
            value = p + 1;
            state = State.VALUE;
          } else if (state == State.MODNAME) {
            state = State.IGNORE;
          }
        }
        default -> {
          // part of the word
        }
      }
      if (state == State.COMPLETE) {
        if (quoteStart >= 0 && quoteStart < modname) {
          // re-quote: "mod.p=a b" becomes mod\0p="a b"
          System.arraycopy(buf, modname, buf, quoteStart, value - modname);
          value--;
          modname--;
          param--;
          buf[value] = '"';
        }
        // value is only read for modprobe.blacklist=, which has one
        String valueText = value < 0 ? "" : string(buf, value);
        result(string(buf, modname), string(buf, param), valueText, sink);
        modname = p + 1;
        state = State.MODNAME;
        quoteStart = -1;
      }
    }
  }

  /** kcmdline_parse_result. */
  private static void result(String modname, String param, String value, Sink sink) {
    if (modname.equals("modprobe") && param.startsWith("blacklist=")) {
      for (String name : value.split(",", -1)) {
        sink.blacklist(name);
      }
      return;
    }
    StringBuilder name = new StringBuilder(modname);
    if (!underscores(name)) {
      // the message shows the name as underscores() left it when it gave up
      sink.error(
          "libkmod: ERROR ../libkmod/libkmod-config.c:489 kcmdline_parse_result: Ignoring bad"
              + " option on kernel command line while parsing module name: '"
              + name
              + "'");
    } else {
      sink.options(name.toString(), param);
    }
  }

  /**
   * kmod's underscores() in place: '-' as '_' outside a [...] range; false (-EINVAL) at a ']'
   * outside one or a '[' without its ']', the name changed up to there.
   */
  private static boolean underscores(StringBuilder s) {
    for (int i = 0; i < s.length(); i++) {
      switch (s.charAt(i)) {
        case '-' -> s.setCharAt(i, '_');
        case ']' -> {
          return false;
        }
        case '[' -> {
          i = s.indexOf("]", i);
          if (i < 0) {
            return false;
          }
        }
        default -> {
          // kept
        }
      }
    }
    return true;
  }

  /** The C string at {@code at}: up to the next NUL. */
  private static String string(char[] buf, int at) {
    int end = at;
    while (end < buf.length && buf[end] != '\0') {
      end++;
    }
    return new String(buf, at, end - at);
  }

  /** module-init-tools 3.9 parse_kcmdline over the text of /proc/cmdline. */
  static void moduleInitTools(String text, Sink sink) {
    for (String line : lines(text)) {
      for (String arg : line.split("[\\t ]+")) {
        int sep = arg.indexOf('.');
        if (sep < 0 || arg.indexOf('=', sep) < 0) {
          continue;
        }
        sink.options(dashes(arg.substring(0, sep)), arg.substring(sep + 1));
      }
    }
  }

  /**
   * getline_wrapped: lines, a backslash-newline joins two, a backslash keeps the next character.
   */
  private static List<String> lines(String text) {
    List<String> lines = new java.util.ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        lines.add(line.toString());
        line.setLength(0);
      } else if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(++i);
        if (next != '\n') {
          line.append(next);
        }
      } else if (c != '\\') {
        line.append(c);
      }
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  /**
   * module-init-tools' underscores(): '-' as '_', except inside a [...] range (its "Unmatched
   * bracket" warning is not modelled).
   */
  private static String dashes(String name) {
    StringBuilder out = new StringBuilder(name);
    for (int i = 0; i < out.length(); i++) {
      if (out.charAt(i) == '-') {
        out.setCharAt(i, '_');
      } else if (out.charAt(i) == '[') {
        int close = out.indexOf("]", i);
        i = close < 0 ? out.length() : close;
      }
    }
    return out.toString();
  }
}
