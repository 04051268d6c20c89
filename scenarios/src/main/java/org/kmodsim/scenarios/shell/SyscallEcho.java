package org.kmodsim.scenarios.shell;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Errno;

/**
 * A system call and its result as strace prints them (strace's {@code -y} form for a file
 * descriptor): {@code init_module(<image of hello.conf>, "howmany=3") = -1 EEXIST (File exists)},
 * {@code delete_module("hello", O_NONBLOCK) = 0}. The interactive shell echoes each system-call
 * line this way; a script keeps the {@code perror(3)} form.
 */
final class SyscallEcho {
  private SyscallEcho() {}

  /** The strace line of the system call {@code words} that returned {@code result}. */
  static String render(List<String> words, long result) {
    String name = words.get(0);
    List<String> args = words.subList(1, words.size());
    return name + "(" + String.join(", ", arguments(name, args)) + ") = " + result(name, result);
  }

  private static List<String> arguments(String name, List<String> args) {
    List<String> shown = new ArrayList<>();
    switch (name) {
      case "init_module", "finit_module" -> {
        // 2.4: init_module NAME FILE ...; later: init_module FILE ...
        boolean named = args.size() > 1 && !args.get(0).contains(".") && !args.get(1).contains("=");
        int file = named ? 1 : 0;
        if (named) {
          shown.add(quote(args.get(0)));
        }
        String path = args.isEmpty() ? "" : args.get(file);
        shown.add(name.equals("finit_module") ? "3<" + path + ">" : "<image of " + path + ">");
        List<String> params = new ArrayList<>();
        String flags = "0";
        for (String arg : args.subList(Math.min(args.size(), file + 1), args.size())) {
          if (arg.startsWith("flags=")) {
            flags = arg.substring(6);
          } else {
            params.add(arg);
          }
        }
        shown.add(quote(String.join(" ", params)));
        if (name.equals("finit_module")) {
          shown.add(flags);
        }
      }
      case "delete_module" -> {
        shown.add(args.isEmpty() ? "NULL" : quote(args.get(0)));
        List<String> flags = new ArrayList<>();
        for (String arg : args.subList(Math.min(1, args.size()), args.size())) {
          flags.add(arg);
        }
        shown.add(flags.isEmpty() ? "0" : String.join("|", flags));
      }
      default -> {
        for (String arg : args) {
          shown.add(arg.matches("-?[0-9]+|0x[0-9a-fA-F]+|[A-Z_]+") ? arg : quote(arg));
        }
      }
    }
    return shown;
  }

  private static String result(String name, long result) {
    if (result < 0) {
      String errno;
      try {
        errno = Errno.ofNumber((int) -result).name();
      } catch (IllegalArgumentException e) {
        errno = "E" + -result;
      }
      return "-1 " + errno + " (" + Errno.strerror(-result) + ")";
    }
    return name.equals("create_module") ? "0x" + Long.toHexString(result) : Long.toString(result);
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
