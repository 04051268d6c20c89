package org.kmodsim.scenarios.cli;

/** The command line as tests of other packages run it: standard output of one command. */
public final class MainTestAccess {
  private MainTestAccess() {}

  public static String kmodsimOut(String... args) {
    return MainTest.kmodsim(args).out();
  }
}
