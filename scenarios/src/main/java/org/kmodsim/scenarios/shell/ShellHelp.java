package org.kmodsim.scenarios.shell;

import org.kmodsim.cpu.Commands;

/** The {@code help} built-in: the shell's built-ins, then every command of the machine. */
final class ShellHelp {
  private ShellHelp() {}

  static String text(Commands commands) {
    StringBuilder out = new StringBuilder();
    out.append("Built-ins of the shell:\n");
    row(out, "help", "this list");
    row(out, "exit [N]", "leave the shell (status N, else the last command's)");
    row(out, "su USER", "run the next commands as USER (root or nobody)");
    row(out, "CMD | FILTER", "pipe into grep, head, tail, wc or cat (built-in filters)");
    row(out, "$?", "the exit status of the last command");
    out.append("Commands of this machine:\n");
    for (Commands.Entry entry : commands.entries().values()) {
      String kind =
          switch (entry.kind()) {
            case SYSCALL -> " [system call]";
            case KERNEL_CALL -> " [kernel call]";
            default -> "";
          };
      out.append("  ").append(entry.synopsis()).append(kind).append('\n');
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String name, String what) {
    out.append(String.format("  %-14s ", name)).append(what).append('\n');
  }
}
