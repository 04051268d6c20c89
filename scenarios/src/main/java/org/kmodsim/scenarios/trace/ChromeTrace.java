package org.kmodsim.scenarios.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chrome trace-event JSON (the format Perfetto and chrome://tracing open): process 1 is the
 * machine, with a thread per CPU and per kernel actor; named slices ({@code ph: X}) for tasks,
 * system calls and printk calls, instants ({@code ph: i}) for the other kernel events (named by
 * their text, their typed fields as args), counters ({@code ph: C}) for memory cells and module
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
    for (TraceModel.Slice s : model.slices()) {
      Map<String, Object> e = event(s.name(), "X", s.startNanos(), tid(model, s.track()));
      e.put("dur", Math.max(0.001, (s.endNanos() - s.startNanos()) / 1000.0));
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
