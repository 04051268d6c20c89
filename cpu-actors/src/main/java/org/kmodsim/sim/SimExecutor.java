package org.kmodsim.sim;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread of a deterministic worker. Pekko runs every mailbox of the worker's dispatcher
 * here; whenever the task queue drains, the thread calls the controller of the active run (its
 * {@link IdleHook}), which delivers exactly one message or fires one timer, which makes the
 * receiver's mailbox runnable again, and so on. Because a delivery only enqueues work on this same
 * thread, "queue empty" means the receiver and everything it did has finished: one delivery is one
 * atomic step, and the thread never hands off to another.
 *
 * <p>Work submitted from other threads (starting a run) waits in a separate queue that is only read
 * when no run is active; a submission from another thread during a run is counted as a determinism
 * leak.
 */
public final class SimExecutor extends AbstractExecutorService {
  private static final Logger log = LoggerFactory.getLogger(SimExecutor.class);
  private static final ConcurrentHashMap<String, SimExecutor> registry = new ConcurrentHashMap<>();

  /** The controller of a run: delivers one thing and returns true, or false when it is done. */
  public interface IdleHook {
    boolean onIdle();
  }

  private final ArrayDeque<Runnable> local = new ArrayDeque<>();
  private final LinkedBlockingQueue<Runnable> foreign = new LinkedBlockingQueue<>();
  private final AtomicLong foreignDuringRun = new AtomicLong();
  private final Thread thread;
  private volatile boolean shutdown;
  private volatile IdleHook hook;

  SimExecutor(String name) {
    this.thread = new Thread(this::loop, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Creates an executor and registers it under {@code id} for the dispatcher configurator. */
  static SimExecutor register(String id) {
    SimExecutor executor = new SimExecutor(id);
    registry.put(id, executor);
    return executor;
  }

  static SimExecutor lookup(String id) {
    SimExecutor executor = registry.get(id);
    if (executor == null) {
      throw new IllegalStateException("no simulation executor registered as " + id);
    }
    return executor;
  }

  static void unregister(String id) {
    registry.remove(id);
  }

  public boolean isSimThread() {
    return Thread.currentThread() == thread;
  }

  Thread thread() {
    return thread;
  }

  /** Installs the controller of the run that starts now; only on this executor's thread. */
  void activate(IdleHook runHook) {
    this.hook = runHook;
  }

  void deactivate() {
    this.hook = null;
  }

  long foreignSubmissionsDuringRuns() {
    return foreignDuringRun.get();
  }

  @Override
  public void execute(Runnable task) {
    if (Thread.currentThread() == thread) {
      local.addLast(task);
    } else {
      if (hook != null) {
        foreignDuringRun.incrementAndGet();
      }
      foreign.add(task);
    }
  }

  /**
   * Queues {@code task} with the work from other threads, to run once the run that ends now has
   * torn down (the local queue drained, no run active): how a worker starts its next run itself.
   * From this executor's thread once the run's controller is deactivated (from another thread it is
   * what {@link #execute} does).
   */
  void executeBetweenRuns(Runnable task) {
    foreign.add(task);
  }

  private void loop() {
    while (!shutdown) {
      Runnable task = local.pollFirst();
      if (task == null) {
        IdleHook current = hook;
        if (current != null && current.onIdle()) {
          continue;
        }
        try {
          task = foreign.poll(50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          break;
        }
        if (task == null) {
          continue;
        }
      }
      try {
        task.run();
      } catch (Throwable t) {
        log.error("task failed on simulation thread [{}]", thread.getName(), t);
      }
    }
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    thread.interrupt();
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown && !thread.isAlive();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    thread.join(unit.toMillis(timeout));
    return !thread.isAlive();
  }
}
