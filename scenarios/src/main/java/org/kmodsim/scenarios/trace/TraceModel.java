package org.kmodsim.scenarios.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodsim.sim.ModelEvent;
import org.kmodsim.sim.TraceEvent;

/**
 * A run's model events arranged for drawing: a track per CPU and per kernel actor with events of
 * its own, named slices on the CPUs (a task from exec to exit, a system call from entry to return,
 * a printk call until it returned, a module function such as {@code hello_init} and a probe handler
 * such as {@code kprobe_leaker:kp->pre_handler} from entry to return, nested as the calls were; a
 * frame the task never returned from, because an oops killed it, ends with the task), instants
 * (every other kernel event, on its CPU: gets and puts, state changes, probe hits, observations,
 * faults, violations) and counters (shared memory cells, and each module's refcnt after every get
 * and put). Built from the events' typed fields, never from their text. The Chrome trace and the
 * HTML report draw from this.
 */
public final class TraceModel {

  /**
   * A span on a track; {@code category} says what it is ({@link #TASK}, {@link #SYSCALL}, {@link
   * #PRINTK}, {@link #MODULE_FUNCTION}, {@link #PROBE_HANDLER}), {@code detail} is the kernel's
   * words for it.
   */
  public record Slice(
      String track, String category, String name, long startNanos, long endNanos, String detail) {}

  public static final String TASK = "task";
  public static final String SYSCALL = "syscall";
  public static final String PRINTK = "printk";
  public static final String MODULE_FUNCTION = "module function";
  public static final String PROBE_HANDLER = "probe handler";

  /** The entry and return events of frames (module functions, probe handlers). */
  private static final Map<String, String> FRAME_RETURNS =
      Map.of(
          "module_function", "module_function_return",
          "kprobe_handler", "kprobe_handler_return");

  /** Whether a kind is a frame's entry or return (the compact timeline leaves them out). */
  public static boolean isFrame(String kind) {
    return FRAME_RETURNS.containsKey(kind) || FRAME_RETURNS.containsValue(kind);
  }

  /** A point event; {@code detail} is its text, {@code fields} its typed fields. */
  public record Instant(
      String track, String kind, long timeNanos, String detail, Map<String, Object> fields) {
    public Instant(String track, String kind, long timeNanos, String detail) {
      this(track, kind, timeNanos, detail, Map.of());
    }
  }

  public record CounterPoint(String name, long timeNanos, long value) {}

  private final List<String> tracks = new ArrayList<>();
  private final List<Slice> slices = new ArrayList<>();
  private final List<Instant> instants = new ArrayList<>();
  private final List<CounterPoint> counters = new ArrayList<>();
  private long endNanos;

  public static TraceModel of(List<TraceEvent> events, int cpus, long endNanos) {
    TraceModel model = new TraceModel();
    model.endNanos = endNanos;
    for (int i = 0; i < cpus; i++) {
      model.tracks.add("cpu" + i);
    }
    Map<Integer, TraceEvent> started = new LinkedHashMap<>();
    Map<Integer, Deque<TraceEvent>> frames = new HashMap<>();
    for (RunEvents.Placed p : RunEvents.of(events, cpus)) {
      if (!p.model() || p.internal()) {
        continue;
      }
      TraceEvent e = p.event();
      ModelEvent data = p.data();
      String track = p.cpu() >= 0 ? "cpu" + p.cpu() : e.source();
      model.track(track);
      switch (e.kind()) {
        case "exec" -> started.put(p.cpu(), e);
        case "module_function", "kprobe_handler" ->
            frames.computeIfAbsent(p.cpu(), c -> new ArrayDeque<>()).push(e);
        case "module_function_return", "kprobe_handler_return" ->
            model.returned(track, frames.get(p.cpu()), e);
        case "exit" -> {
          model.unwound(track, frames.remove(p.cpu()), e.timeNanos(), "the task ended in it");
          TraceEvent start = started.remove(p.cpu());
          model.slices.add(
              new Slice(
                  track,
                  TASK,
                  data.string("task"),
                  start == null ? 0 : start.timeNanos(),
                  e.timeNanos(),
                  "exit " + data.string("status")));
        }
        case "syscall" ->
            model.slices.add(
                new Slice(
                    track,
                    SYSCALL,
                    data.string("call"),
                    data.number("start_ns", e.timeNanos()),
                    e.timeNanos(),
                    data.text()));
        case "printk_return" ->
            model.slices.add(
                new Slice(
                    track,
                    PRINTK,
                    "printk",
                    e.timeNanos() - data.number("latency_ns", 0),
                    e.timeNanos(),
                    data.text()));
        default -> model.instant(track, e, data);
      }
    }
    frames.forEach((cpu, open) -> model.unwound("cpu" + cpu, open, endNanos, "unfinished"));
    started.forEach(
        (cpu, start) ->
            model.slices.add(
                new Slice(
                    "cpu" + cpu,
                    TASK,
                    start.event().string("task"),
                    start.timeNanos(),
                    endNanos,
                    "unfinished")));
    return model;
  }

  /**
   * A frame's return closes the innermost open frame of its kind and name on the CPU (those above
   * it, which never returned, end with it).
   */
  private void returned(String track, Deque<TraceEvent> open, TraceEvent end) {
    if (open == null) {
      return;
    }
    String entry =
        end.kind().equals("module_function_return") ? "module_function" : "kprobe_handler";
    boolean matches =
        open.stream().anyMatch(e -> e.kind().equals(entry) && name(e).equals(name(end)));
    while (matches && !open.isEmpty()) {
      TraceEvent start = open.pop();
      boolean same = start.kind().equals(entry) && name(start).equals(name(end));
      slices.add(frame(track, start, end.timeNanos(), same ? end.detail() : "did not return"));
      if (same) {
        return;
      }
    }
  }

  /** Frames still open when their task ended (or the run did): each ends there. */
  private void unwound(String track, Deque<TraceEvent> open, long nanos, String why) {
    while (open != null && !open.isEmpty()) {
      TraceEvent start = open.pop();
      slices.add(frame(track, start, nanos, start.detail() + ": " + why));
    }
  }

  private static Slice frame(String track, TraceEvent start, long endNanos, String detail) {
    boolean function = start.kind().equals("module_function");
    return new Slice(
        track,
        function ? MODULE_FUNCTION : PROBE_HANDLER,
        name(start),
        start.timeNanos(),
        endNanos,
        detail);
  }

  /**
   * A frame's slice name: the function ({@code hello_init}), the handler ({@code
   * kp->post_handler}).
   */
  private static String name(TraceEvent e) {
    ModelEvent data = e.event();
    return data.has("function")
        ? data.string("function")
        : data.string("probe") + "->" + data.string("handler");
  }

  private void instant(String track, TraceEvent e, ModelEvent data) {
    instants.add(new Instant(track, e.kind(), e.timeNanos(), e.detail(), data.fields()));
    if (e.kind().equals("counter")) {
      counters.add(new CounterPoint(data.string("cell"), e.timeNanos(), data.number("value", 0)));
    } else if (data.get("refcnt_after") != null && !RunEvents.isCpu(e.source())) {
      // The module's own count (a 2.6 CPU's get or put names its per-CPU counter instead).
      counters.add(
          new CounterPoint(
              "refcnt " + data.string("module"), e.timeNanos(), data.number("refcnt_after", 0)));
    }
  }

  private void track(String name) {
    if (!tracks.contains(name)) {
      tracks.add(name);
    }
  }

  public List<String> tracks() {
    return tracks;
  }

  public List<Slice> slices() {
    return slices;
  }

  public List<Instant> instants() {
    return instants;
  }

  public List<CounterPoint> counters() {
    return counters;
  }

  public long endNanos() {
    return endNanos;
  }
}
