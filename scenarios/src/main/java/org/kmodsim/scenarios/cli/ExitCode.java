package org.kmodsim.scenarios.cli;

/**
 * The exit statuses of the {@code kmodsim} command line (README, "Exit status"): 0 on success; 1
 * when a run found a forbidden (or unlisted) outcome; 2 on bad input, including a model failure the
 * user's input caused; 3 when kmodsim itself failed; 4 when a run stopped at a limit before it
 * finished (the step cap, a wall-time or virtual-time limit, the choice log's size), so that what
 * it reports is partial; 130 and 143 when SIGINT (Ctrl-C) or SIGTERM stopped the command. A
 * forbidden outcome found before a limit still gives 1: it is a finding, not a partial figure.
 */
public final class ExitCode {
  public static final int OK = 0;
  public static final int FORBIDDEN = 1;
  public static final int BAD_INPUT = 2;
  public static final int INTERNAL = 3;
  public static final int TRUNCATED = 4;

  private ExitCode() {}

  /** 1 for a forbidden finding, else 4 for a truncated run, else 0. */
  public static int of(boolean forbidden, boolean truncated) {
    return forbidden ? FORBIDDEN : truncated ? TRUNCATED : OK;
  }
}
