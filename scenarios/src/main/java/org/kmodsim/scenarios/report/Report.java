package org.kmodsim.scenarios.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the HTML report of one run shows, as plain data: the report's own model, built by an adapter
 * from whatever the run recorded, so that {@link HtmlReport} knows nothing of traces, messages or
 * actors. Times are virtual nanoseconds; {@code order} is an event's position in the run (any
 * increasing number: the renderer ranks the values it draws), used when time does not separate
 * events (every event of a run at 0 ns) and for the step-order axis.
 *
 * @param title the page's heading, such as {@code unload-while-in-use, seed 1}
 * @param summary the run in words: scenario, era, the outcome's sentence, the facts
 * @param lanes one per CPU first, then the kernel's lanes that carry something
 * @param slices kernel operations that last: a system call, a call into a module, a printk
 * @param instants things that happen at one moment: a state change, a probe hit, a violation
 * @param series values drawn over time: a module's state, its reference count
 * @param kernelLog the printk records of the run, in order
 * @param raceWindow the pair of events whose order decided the outcome, or null when none is known
 * @param endNanos the run's virtual time at its end
 */
public record Report(
    String title,
    Summary summary,
    List<Lane> lanes,
    List<Slice> slices,
    List<Instant> instants,
    List<Series> series,
    List<LogLine> kernelLog,
    RaceWindow raceWindow,
    long endNanos) {

  public Report {
    lanes = List.copyOf(lanes);
    slices = List.copyOf(slices);
    instants = List.copyOf(instants);
    series = List.copyOf(series);
    kernelLog = List.copyOf(kernelLog);
  }

  /**
   * The run in words.
   *
   * @param sentence one sentence a teacher can read out, such as {@code rmmod found the module in
   *     use and left it (EWOULDBLOCK)}
   * @param outcome the outcome's name ({@code busy})
   * @param outcomeClass acceptable, interesting, forbidden or unlisted
   * @param seed the run's seed
   * @param replayCommand the command line that runs it again
   * @param facts label and value pairs, labels in words ({@code outcome class}, {@code exit
   *     statuses}), values as a person writes them
   */
  public record Summary(
      String sentence,
      String outcome,
      String outcomeClass,
      long seed,
      String replayCommand,
      List<Fact> facts) {
    public Summary {
      facts = List.copyOf(facts);
    }
  }

  public record Fact(String label, String value) {}

  /**
   * A horizontal lane.
   *
   * @param id what slices and instants name as their lane
   * @param name what the lane is called on the page ({@code cpu0}, {@code module hello})
   * @param kind {@code cpu} or {@code kernel}
   */
  public record Lane(String id, String name, String kind) {}

  /**
   * A kernel operation with a duration on one lane.
   *
   * @param name the kernel's name, with arguments: {@code try_module_get(hello)}
   * @param category what kind of operation: {@code program}, {@code syscall}, {@code module} (a
   *     function of a module), {@code kernel}, {@code printk}, {@code probe} (a probe handler),
   *     {@code busy} (a CPU spinning or paying a call's cost)
   * @param details label and value pairs shown on hover, in order
   */
  public record Slice(
      String lane,
      String name,
      String category,
      long startNanos,
      long endNanos,
      long startOrder,
      long endOrder,
      Map<String, String> details) {
    public Slice {
      details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
  }

  /**
   * An event at one moment.
   *
   * @param category {@code state}, {@code refcount}, {@code printk}, {@code probe}, {@code
   *     violation}, {@code observe}, {@code fault} or {@code event}
   */
  public record Instant(
      String lane,
      String name,
      String category,
      long timeNanos,
      long order,
      Map<String, String> details) {
    public Instant {
      details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
  }

  /**
   * A value over time, drawn as its own lane under the CPUs.
   *
   * @param name {@code hello state}, {@code hello refcnt}
   * @param kind {@code state} (a named state per stretch) or {@code count} (a number, drawn as
   *     steps)
   * @param points the value from each point until the next
   */
  public record Series(String name, String kind, List<Point> points) {
    public Series {
      points = List.copyOf(points);
    }
  }

  public record Point(long timeNanos, long order, String value) {}

  /** One record of the kernel log: {@code text} as dmesg shows it, {@code level} 0..7. */
  public record LogLine(long timeNanos, long order, int level, String text) {}

  /**
   * The race window: two events whose order decided the outcome.
   *
   * @param explanation in words, such as {@code cpu2 delete_module saw refcnt 0 before cpu1's
   *     try_module_get; reversed, the outcome is busy}
   */
  public record RaceWindow(Mark first, Mark second, String explanation) {}

  /** One end of the race window: an event on a lane. */
  public record Mark(String lane, String label, long timeNanos, long order) {}
}
