package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.kmodsim.kernel.Era;

/**
 * /proc/modules (kernel/module/procfs.c m_show; 2.4 kernel/module.c get_module_list) and the lsmod
 * output of kmod (tools/lsmod.c) and modutils. Pure rendering of {@link ModuleView}s.
 */
public final class ProcModules {
  private ProcModules() {}

  /** The whole file, one line per module in list order (newest first, as the kernel lists). */
  public static String render(List<ModuleView> modules, Era era, boolean showAddresses) {
    StringBuilder out = new StringBuilder();
    for (ModuleView module : modules) {
      out.append(era == Era.V2_4 ? line24(module) : line(module, showAddresses)).append('\n');
    }
    return out.toString();
  }

  /** {@code name size refcount deps state address[ (taints)]}. */
  static String line(ModuleView m, boolean showAddresses) {
    StringBuilder line = new StringBuilder();
    line.append(m.name()).append(' ').append(m.size());
    line.append(' ').append(m.refcount()).append(' ');
    boolean printed = false;
    for (String user : m.users()) {
      line.append(user).append(',');
      printed = true;
    }
    if (m.permanent()) {
      line.append("[permanent],");
      printed = true;
    }
    if (!printed) {
      line.append('-');
    }
    line.append(' ').append(m.state().procWord());
    appendAddress(line.append(' '), showAddresses ? m.address() : 0L);
    String letters = Taint.moduleString(m.taints());
    if (!letters.isEmpty()) {
      line.append(" (").append(letters);
      if (m.state() == ModuleState.GOING) {
        line.append('-');
      }
      if (m.state() == ModuleState.COMING) {
        line.append('+');
      }
      line.append(')');
    }
    return line.toString();
  }

  /** {@code 0x%016lx} (%px), without a Formatter: rmmod and lsmod read this file in many runs. */
  static StringBuilder appendAddress(StringBuilder line, long address) {
    String hex = Long.toHexString(address);
    line.append("0x");
    for (int i = hex.length(); i < 16; i++) {
      line.append('0');
    }
    return line.append(hex);
  }

  /**
   * 2.4: {@code %-20s%8lu%4ld} (the count only while running) and the flags: {@code (deleted)},
   * {@code (autoclean)} and/or {@code (unused)}, {@code (initializing)}, or, for a create_module
   * slot without an image, {@code (uninitialized)}; then {@code [user user]}.
   */
  static String line24(ModuleView m) {
    StringBuilder line = new StringBuilder(String.format("%-20s%8d", m.name(), m.size()));
    boolean running = m.state() == ModuleState.LIVE || m.state() == ModuleState.GOING;
    if (running) {
      line.append(String.format("%4d", m.refcount()));
    }
    if (m.state() == ModuleState.GOING) {
      line.append(" (deleted)");
    } else if (running) {
      if (m.autoclean()) {
        line.append(" (autoclean)");
      }
      if (!m.usedOnce()) {
        line.append(" (unused)");
      }
    } else if (m.state() == ModuleState.COMING) {
      line.append(" (initializing)");
    } else {
      line.append(" (uninitialized)");
    }
    if (!m.users().isEmpty()) {
      // mod->refs: init_module pushes each new user at the head, so the newest comes first.
      line.append(" [").append(String.join(" ", reversed(m.users()))).append(']');
    }
    return line.toString();
  }

  /** One line of /proc/modules as user space reads it back. */
  public record Line(String name, long size, long refcount, List<String> users) {}

  private static final java.util.regex.Pattern BLANKS = java.util.regex.Pattern.compile("\\s+");

  /** Parses /proc/modules (either format) as kmod and modutils read it. */
  public static List<Line> parse(String text, Era era) {
    List<Line> lines = new java.util.ArrayList<>();
    for (String raw : text.split("\n")) {
      if (raw.isBlank()) {
        continue;
      }
      String[] fields = BLANKS.split(raw.trim());
      List<String> users = new java.util.ArrayList<>();
      long refcount = 0;
      if (era == Era.V2_4) {
        refcount = fields.length > 2 && fields[2].matches("-?\\d+") ? Long.parseLong(fields[2]) : 0;
        int open = raw.indexOf('[');
        if (open >= 0) {
          for (String user : raw.substring(open + 1, raw.indexOf(']')).split(" ")) {
            if (!user.isEmpty()) {
              users.add(user);
            }
          }
        }
      } else {
        refcount = Long.parseLong(fields[2]);
        for (String user : fields[3].split(",")) {
          if (!user.isEmpty() && !user.equals("-") && !user.equals("[permanent]")) {
            users.add(user);
          }
        }
      }
      lines.add(new Line(fields[0], Long.parseLong(fields[1]), refcount, users));
    }
    return lines;
  }

  /**
   * lsmod from the text of /proc/modules (2.6 and later): kmod's {@code "%-19s %8ld %d"} and the
   * holders joined with commas; module-init-tools 3.9 (2.6) prints a space after the count of a
   * module without holders. 2.4 modutils' lsmod is user space's own ({@code Lsmod24}); {@code
   * tainted} is unused since.
   */
  public static String lsmod(String procModules, Era era, String tainted) {
    StringBuilder out = new StringBuilder("Module                  Size  Used by\n");
    for (String line : procModules.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split(" ");
      out.append(String.format("%-19s %8d  %s", fields[0], Long.parseLong(fields[1]), fields[2]));
      String deps = fields[3];
      if (!deps.equals("-")) {
        StringBuilder holders = new StringBuilder();
        for (String user : deps.split(",")) {
          if (!user.isEmpty() && !user.equals("[permanent]")) {
            holders.append(holders.length() == 0 ? "" : ",").append(user);
          }
        }
        if (holders.length() > 0) {
          out.append(' ').append(holders);
        }
      }
      if (era == Era.V2_6 && (deps.equals("-") || deps.isEmpty())) {
        out.append(' '); // module-init-tools 3.9 lsmod.c: printf(" %s", "")
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** A reversed copy of {@code list}. */
  public static List<String> reversed(List<String> list) {
    List<String> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }
}
