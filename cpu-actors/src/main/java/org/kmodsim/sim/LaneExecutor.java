package org.kmodsim.sim;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.dispatch.Mailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread pool of concurrent mode: one thread per lane, one lane per processor the JVM sees, and
 * every actor on a lane chosen from its name, so that where the hot actors run is the same on every
 * run and every machine instead of a draw. A name of letters then a number is one of a series (the
 * CPUs {@code cpu0}, {@code cpu1}, ...): member n runs on lane n modulo the lanes, so the series is
 * spread over the lanes; every other actor (the kernel's servers, a module's actor, the run's root)
 * runs on the last lane. An idle lane spins briefly, then parks, and is woken by the next task for
 * it: unlike Pekko's AffinityPool, whose parked threads only notice work when their park times out
 * and whose placement is a first-come round-robin (then a hash), this neither burns a shared
 * machine's cores nor leaves the hot actors on one thread by the order they were created; unlike a
 * fork-join pool, a CPU that keeps rescheduling itself cannot starve the tasks that come from
 * outside (the timers' thread), as each lane is one FIFO queue.
 */
final class LaneExecutor extends AbstractExecutorService {
  private static final Logger log = LoggerFactory.getLogger(LaneExecutor.class);

  /** Lanes of recently seen mailboxes, by identity hash: a direct-mapped cache of (hash, lane). */
  private static final int CACHE_SLOTS = 1 << 12;

  private final Lane[] lanes;
  private final long[] laneCache = new long[CACHE_SLOTS];
  private final long spinNanos;
  private volatile boolean shutdown;

  LaneExecutor(int threads, long spinNanos, ThreadFactory factory) {
    if (threads < 1) {
      throw new IllegalArgumentException("a lane executor needs at least one lane");
    }
    this.spinNanos = spinNanos;
    this.lanes = new Lane[threads];
    for (int i = 0; i < threads; i++) {
      lanes[i] = new Lane();
    }
    for (Lane lane : lanes) {
      lane.thread = factory.newThread(lane);
      lane.thread.setDaemon(true);
      lane.thread.start();
    }
  }

  /**
   * The lane of an actor named {@code name} among {@code lanes}: a name of letters then a number
   * ({@code cpu3}) is member 3 of a series; any other name ({@code vfs}, {@code module-usedev-2},
   * {@code machine-17}) is a server's and takes the last lane.
   */
  static int laneOf(String name, int lanes) {
    int end = name.length();
    int start = end;
    while (start > 0 && Character.isDigit(name.charAt(start - 1)) && end - start < 9) {
      start--;
    }
    if (start == end || start == 0) {
      return lanes - 1;
    }
    for (int i = 0; i < start; i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
        return lanes - 1;
      }
    }
    return Integer.parseInt(name, start, end, 10) % lanes;
  }

  @Override
  public void execute(Runnable task) {
    if (shutdown) {
      throw new RejectedExecutionException("the concurrent-mode executor is shut down");
    }
    lanes[laneFor(task)].add(task);
  }

  private int laneFor(Runnable task) {
    if (lanes.length == 1) {
      return 0;
    }
    if (!(task instanceof Mailbox mailbox)) {
      return lanes.length - 1;
    }
    int hash = System.identityHashCode(mailbox);
    int slot = (hash ^ (hash >>> 12)) & (CACHE_SLOTS - 1);
    long entry = laneCache[slot];
    if ((int) (entry >>> 32) == hash && entry != 0) {
      return (int) entry & 0xffff;
    }
    if (mailbox.actor() == null) {
      return lanes.length - 1;
    }
    int lane = laneOf(mailbox.actor().self().path().name(), lanes.length);
    // One plain 64-bit store: a reader sees the whole entry or the one before, never half.
    laneCache[slot] = ((long) hash << 32) | 0x10000 | lane;
    return lane;
  }

  /** One thread and its FIFO queue. */
  private final class Lane implements Runnable {
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private volatile boolean parked;
    private Thread thread;

    void add(Runnable task) {
      queue.add(task);
      if (parked) {
        LockSupport.unpark(thread);
      }
    }

    @Override
    public void run() {
      while (!shutdown) {
        Runnable task = queue.poll();
        if (task == null) {
          task = idle();
          if (task == null) {
            continue;
          }
        }
        try {
          task.run();
        } catch (Throwable t) {
          log.error("task failed on concurrent-mode thread [{}]", thread.getName(), t);
        }
      }
    }

    /** Spins for a while, then parks until a task comes: the task, or null to look again. */
    private Runnable idle() {
      long until = System.nanoTime() + spinNanos;
      do {
        Runnable task = queue.poll();
        if (task != null) {
          return task;
        }
        Thread.onSpinWait();
      } while (System.nanoTime() < until);
      parked = true;
      try {
        Runnable task = queue.poll(); // a task added before the flag was seen set
        if (task != null) {
          return task;
        }
        LockSupport.park(this);
        return null;
      } finally {
        parked = false;
      }
    }
  }

  @Override
  public void shutdown() {
    shutdown = true;
    for (Lane lane : lanes) {
      LockSupport.unpark(lane.thread);
    }
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    if (!shutdown) {
      return false;
    }
    for (Lane lane : lanes) {
      if (lane.thread.isAlive()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    for (Lane lane : lanes) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.timedJoin(lane.thread, left);
      }
    }
    return isTerminated();
  }
}
