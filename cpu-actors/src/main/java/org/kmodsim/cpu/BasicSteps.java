package org.kmodsim.cpu;

import java.util.List;

/** Factories of the engine-level steps. */
final class BasicSteps {
  private BasicSteps() {}

  static Step spin(List<String> args) {
    if (args.size() != 1) {
      throw new IllegalArgumentException("expected one duration");
    }
    return new Spin(CommandLine.parseDuration(args.get(0)));
  }

  static Step sleep(List<String> args) {
    if (args.size() != 1) {
      throw new IllegalArgumentException("expected one duration");
    }
    return new Sleep(CommandLine.parseDuration(args.get(0)));
  }

  static Step trace(List<String> args) {
    return new TracePoint(String.join(" ", args));
  }

  static Step atomicIncReturn(List<String> args) {
    if (!args.isEmpty()) {
      throw new IllegalArgumentException("takes no arguments");
    }
    return new AtomicIncReturn();
  }
}
