package org.kmodsim.cpu;

/**
 * What a program wrote to its standard output or error, as a terminal's scrollback keeps it: the
 * last {@link #LIMIT} characters. A daemon that loops for ever (the rmmod loop of a stress run)
 * would otherwise grow without bound; what is dropped is counted and said at the top, never lost
 * silently.
 */
final class ProcessOutput {
  /** Characters kept: far more than any bounded program writes. */
  static final int LIMIT = 1 << 20;

  private final int limit;
  private final StringBuilder text = new StringBuilder();
  private long dropped;

  ProcessOutput() {
    this(LIMIT);
  }

  ProcessOutput(int limit) {
    this.limit = limit;
  }

  void append(String more) {
    text.append(more);
    if (text.length() > 2 * limit) {
      int cut = text.length() - limit;
      text.delete(0, cut);
      dropped += cut;
    }
  }

  void clear() {
    text.setLength(0);
    dropped = 0;
  }

  /** The text; with a first line saying how much was dropped when the limit was passed. */
  @Override
  public String toString() {
    if (dropped == 0 && text.length() <= limit) {
      return text.toString();
    }
    int cut = Math.max(0, text.length() - limit);
    return "[kmodsim: "
        + (dropped + cut)
        + " earlier characters of output dropped]\n"
        + text.substring(cut);
  }
}
