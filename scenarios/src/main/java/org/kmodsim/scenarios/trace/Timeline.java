package org.kmodsim.scenarios.trace;

import java.util.List;
import org.kmodsim.sim.TraceEvent;

/**
 * The terminal timeline: one line per event, a column per CPU and one for the kernel actors,
 * virtual time on the left. Compact by default (program starts and exits, requests CPUs make and
 * the replies they get, model events); verbose shows every delivery.
 */
public final class Timeline {
  private static final int WIDTH = 32;

  /** Lines of the compact timeline before it stops (the files and --verbose have everything). */
  static final int COMPACT_LINES = 400;

  private static final java.util.regex.Pattern FIELD_NAME =
      java.util.regex.Pattern.compile("(?<=[\\[ ])\\w+=");

  private Timeline() {}

  public static String render(List<TraceEvent> events, int cpus, boolean verbose, long dropped) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%12s", "time(ns)"));
    for (int i = 0; i < cpus; i++) {
      out.append("  ").append(pad("cpu" + i));
    }
    out.append("  kernel\n");
    int lines = 0;
    java.util.Set<String> hidden = new java.util.HashSet<>();
    for (TraceEvent e : events) {
      if ((hiddenProgram(e, hidden) || e.kind().equals("BootDone")) && !verbose) {
        continue;
      }
      String text = describe(e, verbose);
      if (text == null) {
        continue;
      }
      if (!verbose && lines == COMPACT_LINES) {
        out.append(
            "  ... the compact timeline stops here; --verbose shows every event, "
                + "--trace FILE.json and --report FILE.html draw the whole run\n");
        lines++;
        break;
      }
      int column = columnOf(e, cpus);
      out.append(String.format("%12d", e.timeNanos()));
      for (int i = 0; i < cpus; i++) {
        out.append("  ").append(pad(i == column ? text : ""));
      }
      out.append(column < 0 ? "  " + text : "").append('\n');
      lines++;
    }
    if (lines == 0) {
      out.append("  (no events)\n");
    }
    if (dropped > 0) {
      out.append("  ... ").append(dropped).append(" more events not kept (trace limit)\n");
    }
    return out.toString().replaceAll(" +\n", "\n");
  }

  /**
   * The runner's internal boot-end program ({@code __boot_done}) and everything its CPU does while
   * running it are left out of the compact timeline.
   */
  private static boolean hiddenProgram(TraceEvent e, java.util.Set<String> hidden) {
    if (e.kind().equals("RunProgram") && TraceModel.field(e.detail(), "name").startsWith("__")) {
      hidden.add(e.target());
      return true;
    }
    if (hidden.contains(e.source()) && e.kind().equals("ProgramFinished")) {
      hidden.remove(e.source());
      return true;
    }
    return hidden.contains(e.source()) || hidden.contains(e.target());
  }

  private static int columnOf(TraceEvent e, int cpus) {
    for (String name : new String[] {e.source(), e.target()}) {
      if (TraceModel.isCpu(name)) {
        int cpu = Integer.parseInt(name.substring(3));
        if (cpu < cpus) {
          return cpu;
        }
      }
    }
    return -1;
  }

  private static String describe(TraceEvent e, boolean verbose) {
    if (TraceModel.isModel(e)) {
      String who =
          TraceModel.isCpu(e.source()) || e.source().equals(e.kind()) ? "" : e.source() + ": ";
      return who + e.kind() + " " + e.detail();
    }
    boolean fromCpu = TraceModel.isCpu(e.source());
    boolean toCpu = TraceModel.isCpu(e.target());
    if (e.kind().equals("RunProgram") && toCpu) {
      return "start " + TraceModel.field(e.detail(), "name");
    }
    if (e.kind().equals("ProgramFinished") && fromCpu) {
      return "exit " + TraceModel.field(e.detail(), "exitStatus");
    }
    if (fromCpu && !toCpu && !e.target().equals("machine")) {
      return "-> " + e.target() + " " + compact(e.detail(), verbose);
    }
    if (toCpu && !fromCpu && !e.source().equals("timer") && !e.source().equals("machine")) {
      return "<- " + compact(e.detail(), verbose);
    }
    if (!verbose) {
      return null;
    }
    return e.source() + " -> " + e.target() + " " + TraceModel.shorten(e.detail());
  }

  private static String compact(String detail, boolean verbose) {
    String shortened = TraceModel.shorten(detail);
    return verbose ? shortened : FIELD_NAME.matcher(shortened).replaceAll("");
  }

  private static String pad(String text) {
    String t = text.length() > WIDTH ? text.substring(0, WIDTH - 1) + "~" : text;
    return String.format("%-" + WIDTH + "s", t);
  }
}
