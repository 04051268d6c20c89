package org.kmodsim.sim;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * The handoff of deterministic runs to the engine's workers: the idle workers, and the runs started
 * while every worker was busy, in the order they were started. A worker that ends a run takes the
 * next waiting one itself ({@link #next}) and starts it on its own thread, so that a caller keeping
 * a few runs in flight is not on the path from one run to the next: no wake-up of the caller and
 * back for every run. Which worker runs a run never shows in it (its digest is its seed's).
 *
 * @param <W> a worker
 */
final class Handoff<W> {
  /** A run waiting for a worker: the first worker to end its run starts it. */
  record Waiting(RunSpec spec, String rootName, CompletableFuture<RunResult> result) {}

  private final ArrayDeque<W> idle;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private int unfinished;

  Handoff(int workers) {
    this.idle = new ArrayDeque<>(workers);
  }

  /** A worker that is idle from the start. */
  synchronized void add(W worker) {
    idle.addLast(worker);
  }

  /** An idle worker for {@code run}, or null: the run waits for the first worker to end a run. */
  synchronized W offer(Waiting run) {
    unfinished++;
    W worker = idle.pollFirst();
    if (worker == null) {
      waiting.addLast(run);
    }
    return worker;
  }

  /**
   * An idle worker for a run that needs one of its own (a stepped run), waiting for one; the runs
   * already waiting go first.
   */
  synchronized W take() throws InterruptedException {
    while (idle.isEmpty()) {
      wait();
    }
    unfinished++;
    return idle.pollFirst();
  }

  /** {@code worker} has ended a run: the waiting run it starts next, or null when it is idle. */
  synchronized Waiting next(W worker) {
    unfinished--;
    Waiting run = waiting.pollFirst();
    if (run == null) {
      idle.addLast(worker);
      notifyAll();
    }
    return run;
  }

  /** Whether a run is waiting or going on. */
  synchronized boolean busy() {
    return unfinished > 0;
  }
}
