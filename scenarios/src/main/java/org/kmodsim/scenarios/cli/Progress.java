package org.kmodsim.scenarios.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The progress bar of a long command (explore, stress, latency, minimize): a line on standard
 * error, redrawn four times a second, and erased when the command prints its result. Only when
 * standard error is a terminal and the output is not JSON: a file or a pipe gets nothing extra.
 *
 * <p>A plain line of our own ({@link ProgressLine}) rather than a library: the one that fits
 * (me.tongfei:progressbar) is not among the packages this build may use, and one redrawn line needs
 * only a carriage return and the terminal's erase-line sequence.
 */
public final class Progress implements AutoCloseable {
  static final long TICK_MILLIS = 250;
  private static final String ERASE = "\r\033[K";

  private final Supplier<ProgressLine> source;
  private final PrintStream err;
  private final long start = System.nanoTime();
  private final Thread ticker;
  private volatile boolean closed;

  private Progress(Supplier<ProgressLine> source, PrintStream err) {
    this.source = source;
    this.err = err;
    this.ticker = new Thread(this::tick, "kmodsim-progress");
    ticker.setDaemon(true);
  }

  /** A bar fed by {@code source}, or none when it would print where it should not. */
  public static Progress start(boolean json, Supplier<ProgressLine> source) {
    if (!shows(
        json, stderrIsTerminal(), System.getenv("KMODSIM_PROGRESS"), System.getenv("TERM"))) {
      return new Progress(null, null);
    }
    Progress progress = new Progress(source, System.err);
    progress.ticker.start();
    return progress;
  }

  /**
   * A bar over the engine's runs in progress (one long run: a stress workload): virtual
   * microseconds done of {@code virtualNanos} in deterministic mode, or the wall-clock budget in
   * concurrent mode; 0 for a run bounded by operations rather than time (deliveries only).
   */
  public static Progress ofRuns(boolean json, String task, long virtualNanos, boolean wallClock) {
    return start(
        json,
        () -> {
          org.kmodsim.sim.SimEngine.Live live = org.kmodsim.sim.SimEngine.shared().live();
          java.util.Map<String, Long> counts = java.util.Map.of("deliveries", live.steps());
          if (wallClock) {
            return new ProgressLine(
                task, live.virtualNanos() / 1000, 0, "us", virtualNanos, counts);
          }
          return new ProgressLine(
              task, live.virtualNanos() / 1000, virtualNanos / 1000, "virtual us", 0, counts);
        });
  }

  /**
   * The rule: never with --json; else as {@code KMODSIM_PROGRESS} says ({@code always}: a log that
   * wants the lines, {@code never}); else only on a terminal that can erase a line.
   */
  static boolean shows(boolean json, boolean terminal, String setting, String term) {
    if (json || "never".equals(setting)) {
      return false;
    }
    return "always".equals(setting) || (terminal && !"dumb".equals(term));
  }

  /** A bar over one run of a command ({@code run}, {@code replay}): its deliveries so far. */
  public static Progress ofRun(boolean json, String task) {
    return start(
        json,
        () -> {
          org.kmodsim.sim.SimEngine.Live live = org.kmodsim.sim.SimEngine.shared().live();
          return new ProgressLine(
              task,
              live.steps(),
              0,
              "deliveries",
              0,
              java.util.Map.of("virtual us", live.virtualNanos() / 1000));
        });
  }

  public boolean shown() {
    return source != null;
  }

  private void tick() {
    while (!closed) {
      try {
        Thread.sleep(TICK_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      ProgressLine line = source.get();
      synchronized (this) {
        if (!closed && line != null) {
          err.print(ERASE + line.render(System.nanoTime() - start));
          err.flush();
        }
      }
    }
  }

  /** Runs {@code work} with the bar shown, and erases it after. */
  public <T> T during(Supplier<T> work) {
    try {
      return work.get();
    } finally {
      close();
    }
  }

  /** Erases the bar for a line of output; the next tick draws it again below. */
  public synchronized void erase() {
    if (source != null && !closed) {
      err.print(ERASE);
      err.flush();
    }
  }

  /** Erases the bar; the command's result follows on a clean line. */
  @Override
  public void close() {
    if (source == null) {
      return;
    }
    synchronized (this) {
      closed = true;
      err.print(ERASE);
      err.flush();
    }
    ticker.interrupt();
  }

  /**
   * Whether file descriptor 2 is a terminal: on Linux its /proc link names a tty; elsewhere the
   * JDK's console (standard input and output on a terminal) stands in for it.
   */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }
}
