package org.kmodsim.sim;

import com.typesafe.config.Config;
import org.kmodsim.sim.config.ConfigValues;

/**
 * Settings of the engine ({@code kmodsim.engine} in reference.conf).
 *
 * @param workers deterministic workers, each a thread that runs one run at a time
 * @param concurrentThreads threads of the concurrent-mode dispatcher
 * @param concurrentThroughput messages an actor handles per turn in concurrent mode
 * @param concurrentExecutor the concurrent-mode thread pool: {@code lanes} (a {@link LaneExecutor}:
 *     a thread and a queue per lane, each actor on a lane chosen from its name), {@code
 *     affinity-pool} (Pekko's AffinityPool) or {@code thread-pool} (one shared FIFO queue)
 * @param concurrentIdleSpinNanos how long an idle lane spins before it parks
 * @param keepActors whether a deterministic worker keeps a run's actor tree for the next run of the
 *     same scenario ({@link KeptTree}) instead of stopping it and spawning a new one
 */
public record EngineSettings(
    int workers,
    int concurrentThreads,
    int concurrentThroughput,
    String concurrentExecutor,
    long concurrentIdleSpinNanos,
    boolean keepActors) {

  /** The concurrent-mode thread pools {@code kmodsim.engine.concurrent-executor} may name. */
  public static final java.util.List<String> EXECUTORS =
      java.util.List.of("lanes", "affinity-pool", "thread-pool");

  public EngineSettings {
    if (workers < 1 || concurrentThreads < 1 || concurrentThroughput < 1) {
      throw new IllegalArgumentException("engine workers, threads and throughput must be >= 1");
    }
    if (!EXECUTORS.contains(concurrentExecutor)) {
      throw new IllegalArgumentException(
          "kmodsim.engine.concurrent-executor: '"
              + concurrentExecutor
              + "' (expected lanes, affinity-pool or thread-pool)");
    }
    if (concurrentIdleSpinNanos < 0) {
      throw new IllegalArgumentException("kmodsim.engine.concurrent-idle-spin must be >= 0");
    }
  }

  public EngineSettings(
      int workers, int concurrentThreads, int concurrentThroughput, String concurrentExecutor) {
    this(
        workers,
        concurrentThreads,
        concurrentThroughput,
        concurrentExecutor,
        DEFAULT_SPIN_NANOS,
        true);
  }

  public EngineSettings(int workers, int concurrentThreads, int concurrentThroughput) {
    this(workers, concurrentThreads, concurrentThroughput, "lanes");
  }

  private static final long DEFAULT_SPIN_NANOS = 10_000;

  /** One deterministic worker and one concurrent-mode lane per processor the JVM sees. */
  public static EngineSettings defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new EngineSettings(cores, cores, 5);
  }

  /**
   * Reads {@code kmodsim.engine}; a value of 0 for workers or threads means one per processor the
   * JVM sees.
   */
  public static EngineSettings fromConfig(Config config) {
    ConfigValues engine = ConfigValues.of(config, "kmodsim.engine");
    int cores = Runtime.getRuntime().availableProcessors();
    int workers = engine.intIn("workers", 0, 1024);
    int threads = engine.intIn("concurrent-threads", 0, 1024);
    int throughput = engine.intIn("concurrent-throughput", 1, 1_000_000);
    String executor =
        engine.parsed(
            "concurrent-executor",
            name -> {
              if (!EXECUTORS.contains(name)) {
                throw new IllegalArgumentException(
                    "'" + name + "' (expected " + String.join(", ", EXECUTORS) + ")");
              }
              return name;
            });
    return new EngineSettings(
        workers == 0 ? cores : workers,
        threads == 0 ? cores : threads,
        throughput,
        executor,
        engine.duration("concurrent-idle-spin"),
        engine.bool("keep-actors"));
  }
}
