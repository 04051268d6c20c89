package org.kmodsim.scenarios.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kmodsim.sim.TraceEvent;

/**
 * A run's trace events arranged for people: one track per CPU and per kernel actor, slices (a
 * program from start to exit, a step waiting for a kernel actor's reply), instants (model events:
 * trace points, observations, faults, printk, violations) and counters (model events of kind {@code
 * counter} with detail {@code name=value}, such as module usage counts). The terminal timeline, the
 * Chrome trace and the HTML report all draw from this.
 */
public final class TraceModel {
  private static final Pattern CPU = Pattern.compile("cpu(\\d+)");
  private static final Pattern COUNTER = Pattern.compile("\\s*([^=\\s]+)\\s*=\\s*(-?\\d+)\\s*");
  private static final Pattern REPLY_TO = Pattern.compile(",?\\s*replyTo=[^,\\]]*");

  public record Slice(String track, String name, long startNanos, long endNanos, String detail) {}

  public record Instant(String track, String kind, long timeNanos, String detail) {}

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
    Map<String, long[]> programStart = new LinkedHashMap<>();
    Map<String, String> programName = new LinkedHashMap<>();
    Map<String, Object[]> waiting = new TreeMap<>();
    Map<String, Long> lastSeen = new TreeMap<>();
    for (TraceEvent e : events) {
      if (isModel(e)) {
        model.track(e.source());
        Matcher counter = COUNTER.matcher(e.detail());
        if (e.kind().equals("counter") && counter.matches()) {
          model.counters.add(
              new CounterPoint(counter.group(1), e.timeNanos(), Long.parseLong(counter.group(2))));
        }
        model.instants.add(new Instant(e.source(), e.kind(), e.timeNanos(), e.detail()));
        continue;
      }
      boolean fromCpu = isCpu(e.source());
      boolean toCpu = isCpu(e.target());
      if (toCpu
          && e.kind().equals("WakeUp")
          && lastSeen.containsKey(e.target())
          && lastSeen.get(e.target()) < e.timeNanos()) {
        // The end of a busy period (spin, a call's cost): it began with the CPU's last event.
        model.slices.add(
            new Slice(e.target(), "busy", lastSeen.get(e.target()), e.timeNanos(), "spin"));
      }
      if (fromCpu) {
        lastSeen.put(e.source(), e.timeNanos());
      }
      if (toCpu && !e.kind().equals("StopMachine") && !e.kind().equals("SmpCallFunction")) {
        // An IPI during a busy period is taken only after it: it does not start a step.
        lastSeen.put(e.target(), e.timeNanos());
      }
      if (toCpu && e.kind().equals("RunProgram")) {
        programStart.put(e.target(), new long[] {e.timeNanos()});
        programName.put(e.target(), programOf(e.detail()));
      } else if (fromCpu && e.kind().equals("ProgramFinished")) {
        long[] start = programStart.remove(e.source());
        String name = programName.remove(e.source());
        if (start != null && !name.startsWith("__")) {
          model.slices.add(
              new Slice(
                  e.source(),
                  name,
                  start[0],
                  e.timeNanos(),
                  "exit " + field(e.detail(), "exitStatus")));
        }
      } else if (fromCpu && !toCpu && e.detail().contains("replyTo=")) {
        // A request: the CPU's step waits until the actor it asked answers.
        model.track(e.target());
        waiting.put(
            e.source(), new Object[] {e.timeNanos(), e.kind(), shorten(e.detail()), e.target()});
      } else if (fromCpu && !toCpu && !e.target().equals("machine")) {
        model.track(e.target());
      } else if (toCpu
          && !fromCpu
          && waiting.containsKey(e.target())
          && waiting.get(e.target())[3].equals(e.source())) {
        Object[] w = waiting.remove(e.target());
        model.slices.add(
            new Slice(
                e.target(),
                (String) w[1],
                (Long) w[0],
                e.timeNanos(),
                w[2] + " -> " + shorten(e.detail())));
      }
    }
    programStart.forEach(
        (cpu, start) -> {
          if (!programName.get(cpu).startsWith("__")) {
            model.slices.add(
                new Slice(cpu, programName.get(cpu), start[0], endNanos, "unfinished"));
          }
        });
    return model;
  }

  private void track(String name) {
    if (!tracks.contains(name)) {
      tracks.add(name);
    }
  }

  /**
   * A model event (trace point, counter, printk, violation) rather than a delivery: recorded by the
   * model itself, with a lower-case kind (deliveries carry the message's class name, and a
   * self-send also has the same source and target).
   */
  public static boolean isModel(TraceEvent e) {
    return e.isModelEvent() && !e.kind().isEmpty() && !Character.isUpperCase(e.kind().charAt(0));
  }

  static boolean isCpu(String name) {
    return CPU.matcher(name).matches();
  }

  /** A message rendered without its reply address. */
  public static String shorten(String detail) {
    return REPLY_TO.matcher(detail).replaceAll("");
  }

  private static String programOf(String detail) {
    String name = field(detail, "name");
    return name.isEmpty() ? "program" : name;
  }

  static String field(String detail, String field) {
    Matcher m = Pattern.compile("[\\[, ]" + field + "=([^,\\]]*)").matcher(detail);
    return m.find() ? m.group(1) : "";
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
