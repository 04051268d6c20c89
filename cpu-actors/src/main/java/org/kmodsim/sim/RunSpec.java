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
    int maxChoices,
    double timeScale,
    boolean recordSchedule,
    boolean digestState) {

  /** Choices a run's log holds by default: 16 bytes each, 64 MB in all. */
  public static final int DEFAULT_MAX_CHOICES = 4_000_000;

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
        DEFAULT_MAX_CHOICES,
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
    return edit(
        e -> {
          e.rootName = newRootName;
          e.root = newRoot;
        });
  }

  public RunSpec withMode(SimMode newMode) {
    return edit(e -> e.mode = newMode);
  }

  public RunSpec withSeed(long newSeed) {
    return edit(e -> e.seed = newSeed);
  }

  public RunSpec withStrategy(StrategySpec newStrategy) {
    return edit(e -> e.strategy = newStrategy);
  }

  public RunSpec withLimits(long newMaxSteps, long newMaxVirtualNanos, Duration newWallLimit) {
    return edit(
        e -> {
          e.maxSteps = newMaxSteps;
          e.maxVirtualNanos = newMaxVirtualNanos;
          e.wallLimit = newWallLimit;
        });
  }

  /** Keeps up to {@code limit} trace events in the result (the digest always covers all). */
  public RunSpec withTrace(int limit) {
    return edit(
        e -> {
          e.recordTrace = limit > 0;
          e.traceLimit = limit;
        });
  }

  public RunSpec withChoiceLog(boolean keep) {
    return edit(e -> e.recordChoices = keep);
  }

  /** Concurrent mode: virtual nanoseconds per wall nanosecond. */
  public RunSpec withTimeScale(double scale) {
    return edit(e -> e.timeScale = scale);
  }

  /**
   * Records what each delivery did ({@link RunResult#schedule}) and lets the strategy follow it:
   * for schedule reduction.
   */
  public RunSpec withSchedule(boolean record) {
    return edit(e -> e.recordSchedule = record);
  }

  /** Keeps the machine's state digest up to date for the strategy ({@link RunView}). */
  public RunSpec withStateDigest(boolean digest) {
    return edit(e -> e.digestState = digest);
  }

  /**
   * A deterministic run that keeps its choice log ends as {@link EndReason#CHOICE_LOG_LIMIT} when
   * the log holds {@code max} choices: the log is what grows with the length of a run.
   */
  public RunSpec withChoiceLimit(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("the choice log limit must be at least 1");
    }
    return edit(e -> e.maxChoices = max);
  }

  /** A copy of this spec with what {@code change} sets on its editable copy. */
  private RunSpec edit(java.util.function.Consumer<Editable> change) {
    Editable e = new Editable(this);
    change.accept(e);
    return e.spec();
  }

  /** The components of a spec as fields, for the {@code with*} methods to change. */
  private static final class Editable {
    SimMode mode;
    long seed;
    StrategySpec strategy;
    String rootName;
    Function<Sim, Behavior<?>> root;
    long maxSteps;
    long maxVirtualNanos;
    Duration wallLimit;
    boolean recordTrace;
    int traceLimit;
    boolean recordChoices;
    int maxChoices;
    double timeScale;
    boolean recordSchedule;
    boolean digestState;

    Editable(RunSpec s) {
      mode = s.mode;
      seed = s.seed;
      strategy = s.strategy;
      rootName = s.rootName;
      root = s.root;
      maxSteps = s.maxSteps;
      maxVirtualNanos = s.maxVirtualNanos;
      wallLimit = s.wallLimit;
      recordTrace = s.recordTrace;
      traceLimit = s.traceLimit;
      recordChoices = s.recordChoices;
      maxChoices = s.maxChoices;
      timeScale = s.timeScale;
      recordSchedule = s.recordSchedule;
      digestState = s.digestState;
    }

    RunSpec spec() {
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
          maxChoices,
          timeScale,
          recordSchedule,
          digestState);
    }
  }
}
