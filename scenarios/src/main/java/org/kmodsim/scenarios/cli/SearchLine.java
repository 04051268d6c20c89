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
            ? String.format(
                " (%d complete runs, %d redundant runs stopped, %d races)",
                s.complete(), s.pruned(), s.races())
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
                      + s.bound()
                      + " preemptions explored (verdicts are "
                  : ": every schedule with at most "
                      + s.bound()
                      + " delays explored (verdicts are ")
              + s.exactness()
              + ")"
              + runs;
    };
  }
}
