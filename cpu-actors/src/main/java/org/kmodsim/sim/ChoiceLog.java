package org.kmodsim.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The choices a deterministic run made: for each step, the index of the delivery chosen among the
 * enabled ones, the number enabled, and the virtual time. Saved as text, one step per line ({@code
 * step choice enabled timeNs}) under a header naming the seed and the strategy, so that {@code
 * kmodsim replay --choices FILE} forces exactly the same schedule.
 */
public final class ChoiceLog {
  private static final String HEADER = "# kmodsim choice log v1";

  // A step's choice (high half) and enabled count (low half) in one long: two arrays, not three.
  private long[] steps = new long[32];
  private long[] times = new long[32];
  private int size;

  public void append(int choice, int enabledCount, long timeNanos) {
    if (size == steps.length) {
      int grown = size * 2;
      steps = Arrays.copyOf(steps, grown);
      times = Arrays.copyOf(times, grown);
    }
    steps[size] = ((long) choice << 32) | (enabledCount & 0xFFFF_FFFFL);
    times[size] = timeNanos;
    size++;
  }

  public int size() {
    return size;
  }

  public int choice(int step) {
    return (int) (steps[step] >> 32);
  }

  public int enabled(int step) {
    return (int) steps[step];
  }

  public long time(int step) {
    return times[step];
  }

  /** A copy holding only the choices; enabled counts and times are left at zero. */
  public static ChoiceLog of(int... choices) {
    ChoiceLog log = new ChoiceLog();
    for (int choice : choices) {
      log.append(choice, 0, 0);
    }
    return log;
  }

  /** The choices alone, for minimisation and comparison. */
  public int[] choices() {
    int[] choices = new int[size];
    for (int i = 0; i < size; i++) {
      choices[i] = (int) (steps[i] >> 32);
    }
    return choices;
  }

  public void save(Path file, long seed, String strategy) {
    StringBuilder text = new StringBuilder(size * 12 + 128);
    text.append(HEADER).append('\n');
    text.append("# seed ").append(seed).append('\n');
    text.append("# strategy ").append(strategy).append('\n');
    for (int step = 0; step < size; step++) {
      text.append(step).append(' ').append(choice(step)).append(' ').append(enabled(step));
      text.append(' ').append(times[step]).append('\n');
    }
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write choice log " + file, e);
    }
  }

  /** Reads a saved log; a malformed line is reported with the file and line number. */
  public static ChoiceLog load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read choice log " + file + ": " + e.getMessage());
    }
    ChoiceLog log = new ChoiceLog();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s+");
      try {
        if (fields.length != 4 || Integer.parseInt(fields[0]) != log.size()) {
          throw new NumberFormatException("expected 'step choice enabled timeNs'");
        }
        log.append(
            Integer.parseInt(fields[1]), Integer.parseInt(fields[2]), Long.parseLong(fields[3]));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            file + ":" + (i + 1) + ": malformed choice log line '" + line + "'");
      }
    }
    return log;
  }

  /** The seed written in a saved log's header, or null when there is none. */
  public static Long seedOf(Path file) {
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.startsWith("# seed ")) {
          return Long.parseLong(line.substring(7).trim());
        }
      }
      return null;
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }
}
