package org.kmodsim.scenarios.cli;

import org.kmodsim.scenarios.scenario.Explorer;

/** The line of {@code kmodsim explore} that says what a dfs or dpor search's verdicts are worth. */
final class SearchLine {
  private SearchLine() {}

  /** What the verdicts of an exhaustive search are worth, in one line. */
  static String of(Explorer.Result r) {
    Explorer.Search s = r.search();
    boolean dpor = r.strategy().startsWith("dpor");
    String kind = dpor ? "dpor" : "dfs";
    String runs =
        dpor
            ? " ("
                + count(s.complete(), "complete run")
                + ", "
                + count(s.pruned(), "redundant run")
                + " stopped, "
                + count(s.races(), "race")
                + ")"
            : "";
    if (!r.exhaustive() && r.truncated() != null) {
      return kind
          + ": "
          + r.truncated()
          + ": verdicts hold for the schedules explored, which are not all"
          + runs;
    }
    return switch (s.exactness()) {
      case "exact" ->
          kind
              + (dpor
                  ? ": every class of equivalent schedules explored (verdicts are exact)"
                  : ": every schedule explored (verdicts are exact)")
              + runs;
      case "bounded" ->
          kind
              + ": bounded search (by "
              + (dpor ? "--runs" : "--depth or --runs")
              + "): verdicts hold for the schedules explored"
              + runs;
      default ->
          kind
              + (dpor
                  ? ": every class of equivalent schedules with at most "
                  : ": every schedule with at most ")
              + Explorer.Search.bound(s.bound(), dpor)
              + " explored (verdicts are "
              + s.exactness()
              + ")"
              + runs;
    };
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
