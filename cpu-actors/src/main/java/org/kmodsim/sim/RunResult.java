package org.kmodsim.sim;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the engine knows of a finished run. The model's own results (outcomes, counters) travel in
 * objects the root behaviour filled in; this record is the engine's part: how the run ended, how
 * long it was, and what identifies it.
 *
 * @param traceDigest the digest of the canonical event stream, or null in concurrent mode, where no
 *     two runs are expected to match
 * @param schedule what each delivery did, when the spec recorded it ({@link RunSpec#withSchedule}),
 *     else null
 * @param foreignSubmissions work submitted to the simulation thread from other threads during the
 *     run: any non-zero value is a determinism leak
 * @param marks the counters at the instants the model marked ({@link Sim#mark}), by label; only
 *     concurrent mode keeps them
 */
public record RunResult(
    SimMode mode,
    long seed,
    String strategy,
    EndReason end,
    String haltReason,
    Throwable failure,
    long steps,
    long virtualTimeNanos,
    String traceDigest,
    ChoiceLog choices,
    List<TraceEvent> trace,
    long traceDropped,
    int channels,
    long foreignSubmissions,
    long wallNanos,
    List<Violation> violations,
    SortedMap<String, Long> coverage,
    Schedule schedule,
    Map<String, RunMark> marks) {

  public RunResult {
    trace = List.copyOf(trace);
    violations = List.copyOf(violations);
    coverage =
        Collections.unmodifiableSortedMap(
            coverage instanceof AbstractSim.CoverageSnapshot ? coverage : new TreeMap<>(coverage));
    marks = Map.copyOf(marks);
  }

  /** Deliveries per wall-clock second. */
  public double stepsPerSecond() {
    return wallNanos == 0 ? 0 : steps * 1e9 / wallNanos;
  }
}
