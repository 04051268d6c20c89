package org.kmodsim.scenarios.cli;

/**
 * The exit statuses of the {@code kmodsim} command line: 0 on success, 1 when a run found a
 * forbidden outcome (or a command failed), 2 on bad input, 3 when kmodsim itself failed.
 */
public final class ExitCode {
  public static final int BAD_INPUT = 2;
  public static final int INTERNAL = 3;

  private ExitCode() {}
}
