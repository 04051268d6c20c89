package org.kmodsim.sim;

import java.time.Duration;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;

/**
 * One run of a model: the mode, the seed, the strategy, the root behaviour (given the run's {@link
 * Sim}) and the bounds. Build with {@link #deterministic} or {@link #concurrent} and the {@code
 * with*} methods. A runner that makes its own root (a machine) takes the run parameters as a spec
 * without a root, {@link #deterministic(long)}, and adds it with {@link #withRoot}.
 */
public record RunSpec(
    SimMode mode,
    long seed,
    StrategySpec strategy,
    String rootName,
    Function<Sim, Behavior<?>> root,
    long maxSteps,
    long maxVirtualNanos,
    Duration wallLimit,
    boolean recordTrace,
    int traceLimit,
    boolean recordChoices,
    double timeScale,
    boolean recordSchedule,
    boolean digestState) {

  public static RunSpec deterministic(long seed, String rootName, Function<Sim, Behavior<?>> root) {
    return new RunSpec(
        SimMode.DETERMINISTIC,
        seed,
        StrategySpec.random(),
        rootName,
        root,
        50_000_000L,
        Long.MAX_VALUE,
        Duration.ofMinutes(10),
        false,
        100_000,
        true,
        1.0,
        false,
        false);
  }

  public static RunSpec concurrent(long seed, String rootName, Function<Sim, Behavior<?>> root) {
    return deterministic(seed, rootName, root).withMode(SimMode.CONCURRENT);
  }

  /** Run parameters without a root yet: the runner adds it with {@link #withRoot}. */
  public static RunSpec deterministic(long seed) {
    return deterministic(seed, "run", null);
  }

  /** Concurrent-mode run parameters without a root yet. */
  public static RunSpec concurrent(long seed) {
    return deterministic(seed).withMode(SimMode.CONCURRENT);
  }

  public RunSpec withRoot(String newRootName, Function<Sim, Behavior<?>> newRoot) {
    return new RunSpec(
        mode,
        seed,
        strategy,
        newRootName,
        newRoot,
        maxSteps,
        maxVirtualNanos,
        wallLimit,
        recordTrace,
        traceLimit,
        recordChoices,
        timeScale,
        recordSchedule,
        digestState);
  }

  public RunSpec withMode(SimMode newMode) {
    return new RunSpec(
        newMode,
        seed,
        strategy,
        rootName,
        root,
        maxSteps,
        maxVirtualNanos,
        wallLimit,
        recordTrace,
        traceLimit,
        recordChoices,
        timeScale,
        recordSchedule,
        digestState);
  }

  public RunSpec withSeed(long newSeed) {
    return new RunSpec(
        mode,
        newSeed,
        strategy,
        rootName,
        root,
        maxSteps,
        maxVirtualNanos,
        wallLimit,
        recordTrace,
        traceLimit,
        recordChoices,
        timeScale,
        recordSchedule,
        digestState);
  }

  public RunSpec withStrategy(StrategySpec newStrategy) {
    return new RunSpec(
        mode,
        seed,
        newStrategy,
        rootName,
        root,
        maxSteps,
        maxVirtualNanos,
        wallLimit,
        recordTrace,
        traceLimit,
        recordChoices,
        timeScale,
        recordSchedule,
        digestState);
  }

  public RunSpec withLimits(long newMaxSteps, long newMaxVirtualNanos, Duration newWallLimit) {
    return new RunSpec(
        mode,
        seed,
        strategy,
        rootName,
        root,
        newMaxSteps,
        newMaxVirtualNanos,
        newWallLimit,
        recordTrace,
        traceLimit,
        recordChoices,
        timeScale,
        recordSchedule,
        digestState);
  }

  /** Keeps up to {@code limit} trace events in the result (the digest always covers all). */
  public RunSpec withTrace(int limit) {
    return new RunSpec(
        mode,
        seed,
        strategy,
        rootName,
        root,
        maxSteps,
        maxVirtualNanos,
        wallLimit,
        limit > 0,
        limit,
        recordChoices,
        timeScale,
        recordSchedule,
        digestState);
  }

  public RunSpec withChoiceLog(boolean keep) {
    return new RunSpec(
        mode,
        seed,
        strategy,
        rootName,
        root,
        maxSteps,
        maxVirtualNanos,
        wallLimit,
        recordTrace,
        traceLimit,
        keep,
        timeScale,
        recordSchedule,
        digestState);
  }

  /** Concurrent mode: virtual nanoseconds per wall nanosecond. */
  public RunSpec withTimeScale(double scale) {
    return new RunSpec(
        mode,
        seed,
        strategy,
        rootName,
        root,
        maxSteps,
        maxVirtualNanos,
        wallLimit,
        recordTrace,
        traceLimit,
        recordChoices,
        scale,
        recordSchedule,
        digestState);
  }

  /**
   * Records what each delivery did ({@link RunResult#schedule}) and lets the strategy follow it:
   * for schedule reduction.
   */
  public RunSpec withSchedule(boolean record) {
    return new RunSpec(
        mode,
        seed,
        strategy,
        rootName,
        root,
        maxSteps,
        maxVirtualNanos,
        wallLimit,
        recordTrace,
        traceLimit,
        recordChoices,
        timeScale,
        record,
        digestState);
  }

  /** Keeps the machine's state digest up to date for the strategy ({@link RunView}). */
  public RunSpec withStateDigest(boolean digest) {
    return new RunSpec(
        mode,
        seed,
        strategy,
        rootName,
        root,
        maxSteps,
        maxVirtualNanos,
        wallLimit,
        recordTrace,
        traceLimit,
        recordChoices,
        timeScale,
        recordSchedule,
        digest);
  }
}
