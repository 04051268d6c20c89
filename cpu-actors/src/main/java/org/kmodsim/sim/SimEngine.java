package org.kmodsim.sim;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The simulation engine: one Pekko {@link ActorSystem} per JVM, reused across runs, with a number
 * of deterministic workers (one controlled thread and dispatcher each) and one multi-threaded
 * dispatcher for concurrent mode. Each run gets a fresh, uniquely named root. Independent
 * deterministic runs may go on in parallel, one per worker.
 */
public final class SimEngine implements AutoCloseable {
  private static final AtomicLong engines = new AtomicLong();
  private static SimEngine shared;
  private static EngineSettings sharedSettings = EngineSettings.defaults();

  private final String id = "kmodsim-" + engines.incrementAndGet();
  private final ActorSystem<Void> system;
  private final Handoff<Worker> handoff;
  private final Worker[] workers;
  private final ActorRef<RunHost.Command> concurrentHost;
  private final ScheduledExecutorService timerThread;
  private final AtomicLong runs = new AtomicLong();
  private volatile boolean interrupted;
  private final java.util.Set<ConcurrentSim> concurrentRuns = ConcurrentHashMap.newKeySet();
  private final java.util.Set<DeterministicSim> deterministicRuns = ConcurrentHashMap.newKeySet();

  /**
   * The runs in progress as another thread sees them (a progress bar): how many, their deliveries
   * so far and the largest virtual time among them (as of their last look at the wall clock, every
   * 1,024 deliveries; in concurrent mode the scaled wall time).
   */
  public record Live(int runs, long steps, long virtualNanos) {}

  private record Worker(
      String dispatcherId, SimExecutor executor, ActorRef<RunHost.Command> host) {}

  /** Chooses the settings of the shared engine; only before its first use. */
  public static synchronized void configureShared(EngineSettings settings) {
    if (shared != null && !shared.settingsMatch(settings)) {
      throw new IllegalStateException("the shared engine is already running");
    }
    sharedSettings = settings;
  }

  /**
   * Makes the shared engine one with {@code settings}: chosen before its first use, or, when it was
   * started early (with the defaults, to overlap its start with the command's own) and no run is in
   * progress, started again with these. A command calls it once its configuration is read.
   */
  public static synchronized void useShared(EngineSettings settings) {
    if (shared != null && !shared.settingsMatch(settings)) {
      if (shared.handoff.busy() || !shared.concurrentRuns.isEmpty()) {
        throw new IllegalStateException("the shared engine is already running");
      }
      shared.close();
      shared = null;
    }
    sharedSettings = settings;
  }

  /**
   * Whether the shared engine was interrupted, without creating it: a command may ask before it has
   * chosen the engine's settings ({@link #configureShared}).
   */
  public static synchronized boolean sharedInterrupted() {
    return shared != null && shared.interrupted();
  }

  /** The engine of this JVM, created on first use. */
  public static synchronized SimEngine shared() {
    if (shared == null) {
      shared = new SimEngine(sharedSettings);
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kmodsim-engine-shutdown"));
    }
    return shared;
  }

  private final EngineSettings settings;

  public SimEngine(EngineSettings settings) {
    this.settings = settings;
    this.workers = new Worker[settings.workers()];
    for (int i = 0; i < workers.length; i++) {
      SimExecutor.register(id + "-sim-" + i);
    }
    this.system = ActorSystem.create(Behaviors.empty(), id, systemConfig(settings));
    this.handoff = new Handoff<>(workers.length);
    for (int i = 0; i < workers.length; i++) {
      String dispatcherId = "kmodsim-engine.sim-dispatcher-" + i;
      ActorRef<RunHost.Command> host =
          system.systemActorOf(
              RunHost.create(settings.keepActors() ? new KeptTree() : null),
              "sim-host-" + i,
              DispatcherSelector.fromConfig(dispatcherId));
      workers[i] = new Worker(dispatcherId, SimExecutor.lookup(id + "-sim-" + i), host);
      handoff.add(workers[i]);
    }
    this.concurrentHost =
        system.systemActorOf(
            RunHost.create(),
            "concurrent-host",
            DispatcherSelector.fromConfig("kmodsim-engine.concurrent-dispatcher"));
    awaitHostsStarted();
    ScheduledThreadPoolExecutor timers =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, id + "-timers");
              t.setDaemon(true);
              return t;
            });
    // A cancelled timer leaves the queue at once: a run's wall-time limit, cancelled when the
    // run ends, must not keep the run (and everything it reported) alive until it would fire.
    timers.setRemoveOnCancelPolicy(true);
    this.timerThread = timers;
  }

  /**
   * Waits until every run host has started. A host is created asynchronously; its start is work
   * submitted to the worker from another thread, which the worker runs only between runs. A run
   * started before that would find no root to deliver to and end at once as QUIESCENT.
   */
  private void awaitHostsStarted() {
    for (Worker worker : workers) {
      java.util.concurrent.CompletableFuture<Void> started =
          new java.util.concurrent.CompletableFuture<>();
      worker.host().tell(new RunHost.Ready(started));
      try {
        started.get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the engine", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("a simulation worker did not start", e);
      }
    }
  }

  private boolean settingsMatch(EngineSettings other) {
    return settings.equals(other);
  }

  public int workers() {
    return workers.length;
  }

  /**
   * Ends every run in progress as {@link EndReason#INTERRUPTED}, and every run started from now on
   * at its first delivery, until {@link #clearInterrupt}: how Ctrl-C stops a command. Safe to call
   * from any thread (a signal handler's).
   */
  public void interrupt() {
    interrupted = true;
    concurrentRuns.forEach(ConcurrentSim::interrupt);
  }

  /** Runs start normally again (a new command in the same JVM, as in tests). */
  public void clearInterrupt() {
    interrupted = false;
  }

  /** True between {@link #interrupt} and {@link #clearInterrupt}: loops of runs stop. */
  public boolean interrupted() {
    return interrupted;
  }

  /** What the runs in progress have done so far. */
  public Live live() {
    int count = 0;
    long steps = 0;
    long nanos = 0;
    for (DeterministicSim sim : deterministicRuns) {
      count++;
      steps += sim.liveSteps();
      nanos = Math.max(nanos, sim.liveNanos());
    }
    for (ConcurrentSim sim : concurrentRuns) {
      count++;
      steps += sim.liveSteps();
      nanos = Math.max(nanos, sim.nowNanos());
    }
    return new Live(count, steps, nanos);
  }

  /** The settings this engine was built with. */
  public EngineSettings settings() {
    return settings;
  }

  /** Runs to the end and returns the engine's result; blocks the calling thread. */
  public RunResult run(RunSpec spec) {
    try {
      return start(spec).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a run", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("run failed to complete", e.getCause());
    }
  }

  /**
   * Starts a run and returns at once: in deterministic mode on a free worker, or, when every worker
   * is busy, on the first one to end its run (runs waiting for a worker start in the order they
   * were started). The caller bounds how many runs it keeps waiting.
   */
  public CompletableFuture<RunResult> start(RunSpec spec) {
    if (spec.root() == null) {
      throw new IllegalArgumentException(
          "run '"
              + spec.rootName()
              + "' has no root behaviour"
              + " (a spec from RunSpec.deterministic(seed) needs withRoot)");
    }
    String rootName = spec.rootName() + "-" + runs.incrementAndGet();
    if (spec.mode() == SimMode.CONCURRENT) {
      return startConcurrent(spec, rootName);
    }
    Handoff.Waiting run = new Handoff.Waiting(spec, rootName, new CompletableFuture<>());
    Worker worker = handoff.offer(run);
    if (worker != null) {
      worker.executor().execute(() -> begin(worker, newSim(worker, spec), run));
    }
    return run.result();
  }

  /**
   * Starts a deterministic run that pauses instead of ending, for tests that drive it step by step
   * (the test kit): returns once the root has started, paused. The run holds a worker until its
   * {@link SteppedRun#finish}.
   */
  public SteppedRun startStepped(RunSpec spec) {
    if (spec.root() == null || spec.mode() != SimMode.DETERMINISTIC) {
      throw new IllegalArgumentException("a stepped run needs a deterministic spec with a root");
    }
    String rootName = spec.rootName() + "-" + runs.incrementAndGet();
    Worker worker = takeWorker();
    DeterministicSim sim = newSim(worker, spec);
    SteppedRun run = new SteppedRun(sim, worker.executor(), spec.wallLimit().toMillis());
    sim.stepWith(run);
    Handoff.Waiting started = new Handoff.Waiting(spec, rootName, new CompletableFuture<>());
    worker.executor().execute(() -> begin(worker, sim, started));
    run.awaitFirstPause();
    return run;
  }

  private Worker takeWorker() {
    try {
      return handoff.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a worker", e);
    }
  }

  private DeterministicSim newSim(Worker worker, RunSpec spec) {
    return new DeterministicSim(spec, worker.executor(), worker.host(), this::interrupted);
  }

  /** Starts {@code sim} on {@code worker}; on the worker's thread, between runs. */
  private void begin(Worker worker, DeterministicSim sim, Handoff.Waiting run) {
    deterministicRuns.add(sim);
    sim.result().whenComplete((r, e) -> ended(worker, sim, run.result(), r, e));
    worker.executor().activate(sim);
    worker.host().tell(new RunHost.StartRun(sim, run.rootName()));
  }

  /**
   * The run of {@code sim} is over (on the worker's thread): the worker starts the next waiting run
   * once this one's teardown, queued behind its result, is done, or else becomes idle; then the
   * caller gets the result.
   */
  private void ended(
      Worker worker,
      DeterministicSim sim,
      CompletableFuture<RunResult> done,
      RunResult r,
      Throwable e) {
    deterministicRuns.remove(sim);
    Handoff.Waiting next = handoff.next(worker);
    if (next != null) {
      worker.executor().executeBetweenRuns(() -> begin(worker, newSim(worker, next.spec()), next));
    }
    if (e != null) {
      done.completeExceptionally(e);
    } else {
      done.complete(r);
    }
  }

  private CompletableFuture<RunResult> startConcurrent(RunSpec spec, String rootName) {
    ConcurrentSim sim = new ConcurrentSim(spec, timerThread, concurrentHost);
    concurrentRuns.add(sim);
    if (interrupted) {
      // Before the root starts: a short run could otherwise end on its own first (HALTED).
      sim.interrupt();
    }
    concurrentHost.tell(new RunHost.StartRun(sim, rootName));
    long wallMillis = spec.wallLimit().toMillis();
    ScheduledFuture<?> limit =
        timerThread.schedule(sim::timeLimitReached, wallMillis, TimeUnit.MILLISECONDS);
    return sim.result()
        .whenComplete(
            (r, e) -> {
              limit.cancel(false);
              concurrentRuns.remove(sim);
              sim.stopRoot();
            });
  }

  /**
   * The raw Pekko ceiling on the concurrent-mode dispatcher ({@link PekkoCeiling}): {@code clients}
   * actors and one central one, each phase warmed up for {@code warmUp} then measured for {@code
   * window} in {@code windows} parts; blocks the calling thread.
   */
  public PekkoCeiling.Figures pekkoCeiling(
      int clients, Duration warmUp, Duration window, int windows) {
    return PekkoCeiling.measure(this, clients, warmUp, window, windows);
  }

  /** Spawns a top-level actor on the concurrent-mode dispatcher, under a unique name. */
  <T> ActorRef<T> spawnConcurrent(Behavior<T> behavior, String name) {
    return system.systemActorOf(
        behavior,
        name + "-" + runs.incrementAndGet(),
        DispatcherSelector.fromConfig("kmodsim-engine.concurrent-dispatcher"));
  }

  @Override
  public void close() {
    close(java.time.Duration.ofSeconds(10));
  }

  /**
   * Closes the shared engine, if there is one, waiting at most {@code timeout} for its actor
   * system: a command stopped by a signal exits promptly, its runs already ended.
   */
  public static synchronized void closeShared(java.time.Duration timeout) {
    if (shared != null) {
      shared.close(timeout);
    }
  }

  /** Terminates the actor system, waiting at most {@code timeout}, and stops the workers. */
  public void close(java.time.Duration timeout) {
    timerThread.shutdownNow();
    system.terminate();
    try {
      system
          .getWhenTerminated()
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Shutting down anyway: nothing more to do for a system that will not stop.
    }
    for (int i = 0; i < workers.length; i++) {
      if (workers[i] != null) {
        workers[i].executor().shutdownNow();
      }
      SimExecutor.unregister(id + "-sim-" + i);
    }
  }

  private Config systemConfig(EngineSettings settings) {
    StringBuilder hocon = new StringBuilder();
    hocon.append("pekko.loglevel = WARNING\n");
    hocon.append("pekko.stdout-loglevel = WARNING\n");
    hocon.append("pekko.log-dead-letters = off\n");
    hocon.append("pekko.log-dead-letters-during-shutdown = off\n");
    hocon.append("pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]\n");
    hocon.append("pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"\n");
    hocon.append("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n");
    hocon.append("pekko.jvm-shutdown-hooks = off\n");
    for (int i = 0; i < settings.workers(); i++) {
      hocon.append("kmodsim-engine.sim-dispatcher-").append(i).append(" {\n");
      hocon.append("  type = Dispatcher\n");
      hocon.append("  executor = \"org.kmodsim.sim.SimExecutorConfigurator\"\n");
      hocon.append("  sim-executor-id = \"").append(id).append("-sim-").append(i).append("\"\n");
      hocon.append("  throughput = 1\n");
      hocon.append("  shutdown-timeout = 1h\n");
      hocon.append("}\n");
    }
    hocon.append("kmodsim-engine.concurrent-dispatcher {\n");
    hocon.append("  type = Dispatcher\n");
    // Not fork-join: a fork-join worker prefers the mailboxes in its own queue, and CPUs that
    // keep scheduling themselves starve the ones submitted from outside (the timers' thread),
    // such as the end of a stress run (measured again for issue 18: a per-CPU run never ended).
    int threads = settings.concurrentThreads();
    if (settings.concurrentExecutor().equals("lanes")) {
      hocon.append("  executor = \"org.kmodsim.sim.LaneExecutorConfigurator\"\n");
      hocon.append("  lanes = ").append(threads).append("\n");
      hocon.append("  lane-idle-spin = ").append(settings.concurrentIdleSpinNanos()).append("ns\n");
    } else if (settings.concurrentExecutor().equals("thread-pool")) {
      hocon.append("  executor = \"thread-pool-executor\"\n");
      hocon.append("  thread-pool-executor { fixed-pool-size = ").append(threads).append(" }\n");
    } else {
      hocon.append("  executor = \"affinity-pool-executor\"\n");
      hocon
          .append("  affinity-pool-executor { parallelism-min = ")
          .append(threads)
          .append("\n    parallelism-max = ")
          .append(threads)
          .append(" }\n");
    }
    hocon.append("  throughput = ").append(settings.concurrentThroughput()).append("\n");
    hocon.append("}\n");
    return ConfigFactory.parseString(hocon.toString()).withFallback(ConfigFactory.load());
  }
}
