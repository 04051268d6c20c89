package org.kmodsim.scenarios.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kmodsim.scenarios.report.Report;
import org.kmodsim.scenarios.scenario.RaceWindow;
import org.kmodsim.scenarios.scenario.ScenarioRun;
import org.kmodsim.sim.TraceEvent;

/**
 * The adapter from a run to the HTML report's data ({@link Report}): the one place that knows how
 * today's trace events look. It pairs a CPU's request with the kernel's reply into a named slice
 * ({@code try_module_get(hello) = true}), programs into program slices, a CPU's busy periods into
 * busy slices; model events become instants, the module's state and reference count series, and the
 * printk records the kernel log. Its names come from the messages' kinds and fields (read with
 * {@link #field}); when the trace records kernel events as data, only this class changes.
 */
final class RunReport {
  private static final Pattern CPU = Pattern.compile("cpu(\\d+)");
  private static final Pattern CPU_IN_DETAIL = Pattern.compile("\\bcpu(\\d+)\\b");
  private static final Pattern LEVEL = Pattern.compile("<(\\d)>(.*)", Pattern.DOTALL);
  private static final Set<String> REFCOUNT = Set.of("try_module_get", "module_put");

  private final ScenarioRun run;
  private final List<Report.Lane> lanes = new ArrayList<>();
  private final Set<String> laneIds = new HashSet<>();
  private final List<Report.Slice> slices = new ArrayList<>();
  private final List<Report.Instant> instants = new ArrayList<>();
  private final Map<String, List<Report.Point>> states = new TreeMap<>();
  private final Map<String, List<Report.Point>> counts = new TreeMap<>();
  private final Map<String, List<Report.Point>> counters = new TreeMap<>();
  private final Map<String, Long> users = new HashMap<>();
  private final List<Report.LogLine> log = new ArrayList<>();
  private Report.RaceWindow window;

  private RunReport(ScenarioRun run) {
    this.run = run;
  }

  static Report of(ScenarioRun run) {
    return of(run, java.util.Optional.empty());
  }

  /** The report of a run with its race window (run and replay find it before they report). */
  static Report of(ScenarioRun run, java.util.Optional<RaceWindow> window) {
    return of(run, window, RunWords.replayCommand(run));
  }

  /** The same, with the command that runs it again (replay's names its choice log). */
  static Report of(ScenarioRun run, java.util.Optional<RaceWindow> window, String replayCommand) {
    RunReport report = new RunReport(run);
    report.window = window.map(report::raceWindow).orElse(null);
    return report.build(RunWords.summary(run, replayCommand));
  }

  /** The report of a run replayed by {@code replayCommand} (explore's first failure). */
  static Report of(ScenarioRun run, String replayCommand) {
    return new RunReport(run).build(RunWords.summary(run, replayCommand));
  }

  private Report build(Report.Summary summary) {
    int cpus = run.scenario().cpus();
    for (int i = 0; i < cpus; i++) {
      lane("cpu" + i, "cpu" + i, "cpu");
    }
    walk(run.result().trace());
    List<Report.Series> series = new ArrayList<>();
    states.forEach(
        (module, points) -> series.add(new Report.Series(module + " state", "state", points)));
    counts.forEach(
        (module, points) -> series.add(new Report.Series(module + " refcnt", "count", points)));
    counters.forEach((name, points) -> series.add(new Report.Series(name, "count", points)));
    return new Report(
        run.scenario().name() + ", seed " + run.seed(),
        summary,
        lanes,
        slices,
        instants,
        series,
        log,
        window,
        run.result().virtualTimeNanos());
  }

  /**
   * The race window's two ends on the report's axis: the first and the last trace event of the
   * steps the window marks (the timeline's {@code *}), each on its CPU's lane, or none when the
   * window marks no event of this trace.
   */
  private Report.RaceWindow raceWindow(RaceWindow race) {
    List<TraceEvent> events = run.result().trace();
    int first = -1;
    int last = -1;
    for (int i = 0; i < events.size(); i++) {
      if (race.marked().contains(events.get(i).step())) {
        first = first < 0 ? i : first;
        last = i;
      }
    }
    if (first < 0) {
      return null;
    }
    return new Report.RaceWindow(
        mark(race.first(), events.get(first), first),
        mark(race.second(), events.get(last), last),
        race.sentence());
  }

  private Report.Mark mark(RaceWindow.Operation operation, TraceEvent event, int order) {
    String lane = operation.where().matches("cpu[0-9]+") ? operation.where() : "cpu0";
    return new Report.Mark(lane, operation.what(), event.timeNanos(), order);
  }

  /** A request a CPU made and waits on: its position, kind, detail and the actor asked. */
  private record Waiting(long order, long time, String kind, String detail, String target) {}

  private record Started(long order, long time, String name) {}

  private void walk(List<TraceEvent> events) {
    Map<String, Started> programs = new HashMap<>();
    Map<String, Waiting> waiting = new HashMap<>();
    Map<String, long[]> lastSeen = new HashMap<>();
    Set<String> hidden = new HashSet<>();
    for (int order = 0; order < events.size(); order++) {
      TraceEvent e = events.get(order);
      if (e.isModelEvent()) {
        modelEvent(e, order);
        continue;
      }
      boolean fromCpu = isCpu(e.source());
      boolean toCpu = isCpu(e.target());
      String cpu = fromCpu ? e.source() : toCpu ? e.target() : null;
      if (cpu != null && hidden.contains(cpu) && !e.kind().equals("ProgramFinished")) {
        continue;
      }
      long[] seen = toCpu ? lastSeen.get(e.target()) : null;
      if (toCpu && e.kind().equals("WakeUp") && seen != null && seen[0] < e.timeNanos()) {
        slices.add(
            new Report.Slice(
                e.target(),
                "busy",
                "busy",
                seen[0],
                e.timeNanos(),
                seen[1],
                order,
                Map.of("what", "the CPU spins or pays a call's cost")));
      }
      if (fromCpu) {
        lastSeen.put(e.source(), new long[] {e.timeNanos(), order});
      }
      if (toCpu && !e.kind().equals("StopMachine") && !e.kind().equals("SmpCallFunction")) {
        lastSeen.put(e.target(), new long[] {e.timeNanos(), order});
      }
      if (toCpu && e.kind().equals("RunProgram")) {
        String name = field(e.detail(), "name");
        if (name.startsWith("__")) {
          hidden.add(e.target());
        } else {
          programs.put(
              e.target(), new Started(order, e.timeNanos(), name.isEmpty() ? "program" : name));
        }
      } else if (fromCpu && e.kind().equals("ProgramFinished")) {
        hidden.remove(e.source());
        Started start = programs.remove(e.source());
        if (start != null) {
          String status = field(e.detail(), "exitStatus");
          slices.add(
              new Report.Slice(
                  e.source(),
                  start.name(),
                  "program",
                  start.time(),
                  e.timeNanos(),
                  start.order(),
                  order,
                  Map.of("exit status", status)));
        }
      } else if (fromCpu && !toCpu && !e.target().equals("machine")) {
        // A request (the trace leaves reply addresses out): the answer from that actor closes it.
        waiting.put(
            e.source(), new Waiting(order, e.timeNanos(), e.kind(), e.detail(), e.target()));
      } else if (toCpu
          && !fromCpu
          && waiting.containsKey(e.target())
          && !e.source().equals("timer")
          && !e.source().equals("machine")) {
        // The answer, from the actor asked or from one it relayed the request to (vfs to the
        // loader for /proc/modules).
        Waiting w = waiting.remove(e.target());
        slices.add(
            KernelNames.slice(
                e.target(), w.kind(), w.detail(), w.target(), e, w.time(), w.order(), order));
      }
    }
    long end = run.result().virtualTimeNanos();
    programs.forEach(
        (cpu, start) ->
            slices.add(
                new Report.Slice(
                    cpu,
                    start.name(),
                    "program",
                    start.time(),
                    end,
                    start.order(),
                    events.size(),
                    Map.of("exit status", "none: still running when the run ended"))));
  }

  private void modelEvent(TraceEvent e, long order) {
    String kind = e.kind();
    org.kmodsim.sim.ModelEvent data = e.event();
    String module = data.string("module");
    switch (kind) {
      case "printk", "printk_cont" -> {
        int level = (int) data.number("level", 4);
        String text = data.string("text");
        if (kind.equals("printk")) {
          log.add(new Report.LogLine(e.timeNanos(), order, level, text));
        }
        instant(e, order, "printk " + text, "printk", Map.of("level", "<" + level + ">"));
      }
      case "module_state" ->
          states
              .computeIfAbsent(module, m -> new ArrayList<>())
              .add(new Report.Point(e.timeNanos(), order, data.string("to") + data.string("note")));
      case "free_module" ->
          states
              .computeIfAbsent(module, m -> new ArrayList<>())
              .add(new Report.Point(e.timeNanos(), order, "freed"));
      case "try_module_get", "module_put" -> {
        boolean got = kind.equals("module_put") || data.flag("ok");
        if (got) {
          long now = users.merge(module, kind.equals("module_put") ? -1L : 1L, Long::sum);
          counts
              .computeIfAbsent(module, this::fromZero)
              .add(new Report.Point(e.timeNanos(), order, Long.toString(now)));
          if (kind.equals("module_put")) {
            // Posted, not asked: no answer closes a slice, so it is an instant on the CPU.
            instant(
                e,
                order,
                "module_put(" + module + ")",
                "refcount",
                Map.of("refcnt after", Long.toString(now)));
          }
        }
      }
      case "counter" ->
          counters
              .computeIfAbsent(data.string("cell"), c -> new ArrayList<>())
              .add(new Report.Point(e.timeNanos(), order, data.string("value")));
      case "exec", "exit", "memory_read", "file_read", "file_write", "printk_return" -> {
        // Drawn from the deliveries (programs, requests and their answers).
      }
      default -> {
        String category =
            kind.startsWith("violation")
                ? "violation"
                : kind.equals("fault") || kind.equals("oops") || kind.equals("cpu_stopped")
                    ? "fault"
                    : kind.startsWith("kprobe")
                        ? "probe"
                        : kind.equals("observe") ? "observe" : "event";
        String name =
            kind.startsWith("violation:") ? kind.substring(10) + ": " + e.detail() : e.detail();
        instant(e, order, name, category, Map.of());
      }
    }
  }

  /** A module's count starts at 0 where its state was first seen (its load), else empty. */
  private List<Report.Point> fromZero(String module) {
    List<Report.Point> points = new ArrayList<>();
    List<Report.Point> state = states.get(module);
    if (state != null) {
      points.add(new Report.Point(state.get(0).timeNanos(), state.get(0).order(), "0"));
    }
    return points;
  }

  private void instant(
      TraceEvent e, long order, String name, String category, Map<String, String> details) {
    String laneId = e.source();
    long cpu = e.isModelEvent() ? e.event().number("cpu", -1) : -1;
    if (!isCpu(laneId) && !category.equals("printk") && !category.equals("state") && cpu >= 0) {
      laneId = "cpu" + cpu;
    }
    if (!laneIds.contains(laneId)) {
      lane(laneId, laneName(laneId), "kernel");
    }
    instants.add(new Report.Instant(laneId, name, category, e.timeNanos(), order, details));
  }

  private void lane(String id, String name, String kind) {
    if (laneIds.add(id)) {
      lanes.add(new Report.Lane(id, name, kind));
    }
  }

  /** {@code module-loader/module-hello-2} is {@code module hello}; {@code printk} stays. */
  static String laneName(String actor) {
    String last = actor.substring(actor.lastIndexOf('/') + 1);
    return last.replaceAll("-\\d+$", "").replace('-', ' ');
  }

  /**
   * A field of a message's text ({@code name} of {@code RunProgram name=user0 steps=[...]}, or of a
   * record inside it, {@code (cell=done, value=0)}), or "".
   */
  static String field(String detail, String field) {
    Matcher m =
        Pattern.compile("(?:^|[ (,\\[])" + field + "=(.*?)(?=,? [a-z][A-Za-z0-9]*=|[)\\]]|$)")
            .matcher(detail);
    return m.find() ? m.group(1) : "";
  }

  static boolean isCpu(String name) {
    return CPU.matcher(name).matches();
  }

  static Map<String, String> ordered(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i + 1] != null && !pairs[i + 1].isEmpty()) {
        map.put(pairs[i], pairs[i + 1]);
      }
    }
    return map;
  }
}
