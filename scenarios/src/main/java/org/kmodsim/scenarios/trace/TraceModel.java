package org.kmodsim.scenarios.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodsim.sim.ModelEvent;
import org.kmodsim.sim.TraceEvent;

/**
 * A run's model events arranged for drawing: a track per CPU and per kernel actor with events of
 * its own, named slices on the CPUs (a task from exec to exit, a system call from entry to return,
 * a printk call until it returned), instants (every other kernel event, on its CPU: gets and puts,
 * state changes, probe hits, observations, faults, violations) and counters (shared memory cells,
 * and each module's refcnt after every get and put). Built from the events' typed fields, never
 * from their text. The Chrome trace and the HTML report draw from this.
 */
public final class TraceModel {

  /** A span on a track; {@code detail} is the kernel's words for it. */
  public record Slice(String track, String name, long startNanos, long endNanos, String detail) {}

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
        case "exit" -> {
          TraceEvent start = started.remove(p.cpu());
          model.slices.add(
              new Slice(
                  track,
                  data.string("task"),
                  start == null ? 0 : start.timeNanos(),
                  e.timeNanos(),
                  "exit " + data.string("status")));
        }
        case "syscall" ->
            model.slices.add(
                new Slice(
                    track,
                    data.string("call"),
                    data.number("start_ns", e.timeNanos()),
                    e.timeNanos(),
                    data.text()));
        case "printk_return" ->
            model.slices.add(
                new Slice(
                    track,
                    "printk",
                    e.timeNanos() - data.number("latency_ns", 0),
                    e.timeNanos(),
                    data.text()));
        default -> model.instant(track, e, data);
      }
    }
    started.forEach(
        (cpu, start) ->
            model.slices.add(
                new Slice(
                    "cpu" + cpu,
                    start.event().string("task"),
                    start.timeNanos(),
                    endNanos,
                    "unfinished")));
    return model;
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
