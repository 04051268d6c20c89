package org.kmodsim.sim;

import com.typesafe.config.Config;
import org.kmodsim.sim.config.ConfigValues;

/**
 * Settings of the engine ({@code kmodsim.engine} in reference.conf).
 *
 * @param workers deterministic workers, each a thread that runs one run at a time
 * @param concurrentThreads threads of the concurrent-mode dispatcher
 * @param concurrentThroughput messages an actor handles per turn in concurrent mode
 * @param concurrentExecutor the concurrent-mode thread pool: {@code affinity-pool} (Pekko's
 *     AffinityPool: a queue per thread, idle threads spin briefly before parking) or {@code
 *     thread-pool} (one shared FIFO queue)
 */
public record EngineSettings(
    int workers, int concurrentThreads, int concurrentThroughput, String concurrentExecutor) {

  public EngineSettings {
    if (workers < 1 || concurrentThreads < 1 || concurrentThroughput < 1) {
      throw new IllegalArgumentException("engine workers, threads and throughput must be >= 1");
    }
    if (!concurrentExecutor.equals("affinity-pool") && !concurrentExecutor.equals("thread-pool")) {
      throw new IllegalArgumentException(
          "kmodsim.engine.concurrent-executor: '"
              + concurrentExecutor
              + "' (expected affinity-pool or thread-pool)");
    }
  }

  public EngineSettings(int workers, int concurrentThreads, int concurrentThroughput) {
    this(workers, concurrentThreads, concurrentThroughput, "affinity-pool");
  }

  public static EngineSettings defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new EngineSettings(cores, Math.max(2, cores), 5);
  }

  /** Reads {@code kmodsim.engine}; a value of 0 for workers or threads means one per core. */
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
              if (!name.equals("affinity-pool") && !name.equals("thread-pool")) {
                throw new IllegalArgumentException(
                    "'" + name + "' (expected affinity-pool or thread-pool)");
              }
              return name;
            });
    return new EngineSettings(
        workers == 0 ? cores : workers,
        threads == 0 ? Math.max(2, cores) : threads,
        throughput,
        executor);
  }
}
