package org.kmodsim.scenarios.trace;

import java.util.List;
import java.util.Set;
import org.kmodsim.sim.ModelEvent;
import org.kmodsim.sim.TraceEvent;

/**
 * The terminal timeline, in the kernel's words: one line per kernel operation, set in the column of
 * the CPU it ran on (a kernel actor's own events in the last column), time in readable units on the
 * left (shown when it changes), {@code │} in the columns of CPUs that are running a task, an
 * ellipsis line for a stretch of a millisecond or more with nothing on it, and {@code *} in the
 * margin of the events of the race window. Lines fit 100 columns. The deliveries between CPUs and
 * kernel actors (requests, replies, relays) and the entries and returns of module functions and
 * probe handlers are shown only when verbose.
 */
public final class Timeline {
  /** The width of a line. */
  static final int LINE = 100;

  private static final int TIME = 11;

  /** A stretch without events this long gets an ellipsis line. */
  private static final long IDLE_NANOS = 1_000_000;

  /** Lines of the compact timeline before it stops (the files and --verbose have everything). */
  static final int COMPACT_LINES = 400;

  private Timeline() {}

  public static String render(List<TraceEvent> events, int cpus, boolean verbose, long dropped) {
    return render(events, cpus, verbose, dropped, Set.of());
  }

  /** The timeline, with the events of these steps ({@link TraceEvent#step}) marked. */
  public static String render(
      List<TraceEvent> events, int cpus, boolean verbose, long dropped, Set<Long> marked) {
    int column = columnWidth(cpus);
    StringBuilder out = new StringBuilder();
    StringBuilder header = new StringBuilder(" " + pad("time", TIME) + "  ");
    for (int i = 0; i < cpus; i++) {
      header.append(pad("cpu" + i, column));
    }
    out.append(header.append("kernel").toString().stripTrailing()).append('\n');
    boolean[] running = new boolean[cpus];
    long lastTime = -1;
    int lines = 0;
    for (RunEvents.Placed p : RunEvents.of(events, cpus)) {
      TraceEvent e = p.event();
      if (p.model() && p.cpu() >= 0 && !p.internal()) {
        if (e.kind().equals("exec")) {
          running[p.cpu()] = true;
        } else if (e.kind().equals("exit")) {
          running[p.cpu()] = false;
        }
      }
      // A module function's or probe handler's entry and return: the trace files draw them.
      boolean frame = p.model() && TraceModel.isFrame(e.kind());
      String text = verbose || !(p.internal() || frame) ? describe(p) : null;
      if (text == null) {
        continue;
      }
      if (!verbose && lines == COMPACT_LINES) {
        out.append(
            "  ... the compact timeline stops here; --verbose shows every event, "
                + "--trace FILE.json and --report FILE.html draw the whole run\n");
        break;
      }
      if (lastTime >= 0 && e.timeNanos() - lastTime >= IDLE_NANOS) {
        out.append(' ')
            .append(pad("…", TIME))
            .append("  (")
            .append(ModelEvent.time(e.timeNanos() - lastTime))
            .append(" later)\n");
      }
      StringBuilder line = new StringBuilder();
      line.append(marked.contains(e.step()) && p.model() ? '*' : ' ');
      line.append(padLeft(time(e.timeNanos(), lastTime), TIME));
      line.append("  ");
      int at = p.cpu() >= 0 ? p.cpu() : cpus;
      for (int i = 0; i < at; i++) {
        line.append(pad(running[i] ? "│" : "", column));
      }
      line.append(text);
      out.append(fit(line.toString().stripTrailing())).append('\n');
      lastTime = e.timeNanos();
      lines++;
    }
    if (lines == 0) {
      out.append("  (no events)\n");
    }
    if (dropped > 0) {
      out.append("  ... ").append(dropped).append(" more events not kept (trace limit)\n");
    }
    return out.toString();
  }

  /** Each CPU's column: as wide as leaves the last one (the kernel's) 44 columns of text. */
  static int columnWidth(int cpus) {
    int room = LINE - 1 - TIME - 2 - 44;
    return Math.max(4, Math.min(18, room / Math.max(1, cpus)));
  }

  /** An event in words: a model event's text, a delivery as who sent what to whom. */
  static String describe(RunEvents.Placed p) {
    TraceEvent e = p.event();
    if (p.model()) {
      // An event of free text ("{text}") or a violation says what kind it is; the others say it.
      boolean bare =
          p.data().type().template().equals("{text}") || e.kind().startsWith("violation:");
      return bare ? e.kind() + ": " + e.detail() : e.detail();
    }
    // A record's text begins with its type's name; an enum message is only its constant.
    String message =
        e.detail().startsWith(e.kind()) ? e.detail() : e.kind() + " " + e.detail().toLowerCase();
    if (RunEvents.isCpu(e.source()) && !RunEvents.isCpu(e.target())) {
      return "→ " + e.target() + ": " + message;
    }
    if (RunEvents.isCpu(e.target()) && !RunEvents.isCpu(e.source())) {
      return "← " + e.source() + ": " + message;
    }
    return e.source() + " → " + e.target() + ": " + message;
  }

  /**
   * The time of a line: none when it is the last line's, else in readable units, or as the step
   * from the last line ({@code +300 ns}) when the units would not show the difference.
   */
  static String time(long nanos, long last) {
    if (nanos == last) {
      return "";
    }
    String text = ModelEvent.time(nanos);
    return last >= 0 && text.equals(ModelEvent.time(last))
        ? "+" + ModelEvent.time(nanos - last)
        : text;
  }

  private static String fit(String line) {
    return line.codePointCount(0, line.length()) <= LINE
        ? line
        : line.substring(0, line.offsetByCodePoints(0, LINE - 1)) + "…";
  }

  private static String pad(String text, int width) {
    int length = text.codePointCount(0, text.length());
    return length >= width ? text + " " : text + " ".repeat(width - length);
  }

  private static String padLeft(String text, int width) {
    return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
  }
}
