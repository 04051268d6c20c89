package org.kmodsim.scenarios.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chrome trace-event JSON (the format Perfetto and chrome://tracing open): process 1 is the
 * machine, with a thread per CPU and per kernel actor; named slices ({@code ph: X}, their {@code
 * cat} the slice's category) for tasks, system calls, printk calls, module functions and probe
 * handlers, nested as the calls were, instants ({@code ph: i}) for the other kernel events (named
 * by their text, their typed fields as args), counters ({@code ph: C}) for memory cells and module
 * refcnts. Timestamps are virtual microseconds.
 */
public final class ChromeTrace {
  private ChromeTrace() {}

  public static Map<String, Object> of(TraceModel model, Map<String, Object> summary) {
    List<Map<String, Object>> events = new ArrayList<>();
    events.add(meta("process_name", 0, Map.of("name", "kmodsim machine")));
    for (int i = 0; i < model.tracks().size(); i++) {
      events.add(meta("thread_name", i + 1, Map.of("name", model.tracks().get(i))));
      events.add(meta("thread_sort_index", i + 1, Map.of("sort_index", i)));
    }
    for (TraceModel.Slice s : nested(model.slices())) {
      Map<String, Object> e = event(s.name(), "X", s.startNanos(), tid(model, s.track()));
      e.put("cat", s.category());
      // Exact, zero included: a slice widened to be seen would stick out of the one it is in.
      e.put("dur", (s.endNanos() - s.startNanos()) / 1000.0);
      e.put("args", Map.of("detail", s.detail()));
      events.add(e);
    }
    for (TraceModel.Instant i : model.instants()) {
      Map<String, Object> e = event(i.detail(), "i", i.timeNanos(), tid(model, i.track()));
      e.put("s", i.kind().startsWith("violation") ? "g" : "t");
      e.put("cat", i.kind());
      e.put("args", i.fields());
      events.add(e);
    }
    for (TraceModel.CounterPoint c : model.counters()) {
      Map<String, Object> e = event(c.name(), "C", c.timeNanos(), 0);
      e.put("args", Map.of("value", c.value()));
      events.add(e);
    }
    Map<String, Object> trace = new LinkedHashMap<>();
    trace.put("traceEvents", events);
    trace.put("displayTimeUnit", "ns");
    trace.put("otherData", summary);
    return trace;
  }

  /**
   * The slices in the order a trace reader nests them: by start, the longer first, and of slices
   * with the same span (a printk that took all of hello_init, which took all of finit_module) the
   * outer first. The model adds a slice when it closes, so of two with the same span the outer one
   * came later.
   */
  private static List<TraceModel.Slice> nested(List<TraceModel.Slice> slices) {
    List<TraceModel.Slice> ordered = new ArrayList<>(slices);
    Collections.reverse(ordered);
    ordered.sort(
        Comparator.comparingLong(TraceModel.Slice::startNanos)
            .thenComparing(Comparator.comparingLong(TraceModel.Slice::endNanos).reversed()));
    return ordered;
  }

  private static int tid(TraceModel model, String track) {
    return model.tracks().indexOf(track) + 1;
  }

  private static Map<String, Object> event(String name, String ph, long nanos, int tid) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("name", name);
    e.put("ph", ph);
    e.put("ts", nanos / 1000.0);
    e.put("pid", 1);
    e.put("tid", tid);
    return e;
  }

  private static Map<String, Object> meta(String name, int tid, Map<String, Object> args) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("name", name);
    e.put("ph", "M");
    e.put("pid", 1);
    e.put("tid", tid);
    e.put("args", args);
    return e;
  }
}
