package org.kmodsim.sim;

import java.util.List;

/**
 * What the engine knows of a finished run. The model's own results (outcomes, counters) travel in
 * objects the root behaviour filled in; this record is the engine's part: how the run ended, how
 * long it was, and what identifies it.
 *
 * @param traceDigest the digest of the canonical event stream, or null in concurrent mode, where
 *     no two runs are expected to match
 * @param foreignSubmissions work submitted to the simulation thread from other threads during
 *     the run: any non-zero value is a determinism leak
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
    long wallNanos) {

  public RunResult {
    trace = List.copyOf(trace);
  }
}
