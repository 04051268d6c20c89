package org.kmodsim.drivers.tty;

/**
 * Where console drivers put the characters they wrote: nowhere, a capture buffer for tests and
 * reports, or the user's terminal. Called from the driver actor once the write completed.
 */
@FunctionalInterface
public interface ConsoleSink {
  void written(String console, String text);

  ConsoleSink NONE = (console, text) -> {};

  /** Prints to standard output as the characters leave the line (kmodsim.serial.live). */
  ConsoleSink TERMINAL =
      (console, text) -> {
        System.out.print(text);
        System.out.flush();
      };

  /** A thread-safe transcript of everything written, per console and in total. */
  final class Capture implements ConsoleSink {
    private final StringBuilder all = new StringBuilder();
    private final java.util.TreeMap<String, StringBuilder> byConsole = new java.util.TreeMap<>();

    @Override
    public synchronized void written(String console, String text) {
      all.append(text);
      byConsole.computeIfAbsent(console, c -> new StringBuilder()).append(text);
    }

    public synchronized String text() {
      return all.toString();
    }

    public synchronized String text(String console) {
      StringBuilder text = byConsole.get(console);
      return text == null ? "" : text.toString();
    }
  }
}
