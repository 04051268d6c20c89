package org.kmodsim.cpu;

import java.util.List;

/** The commands of the CPU itself, and their factories. */
final class BasicSteps {
  private BasicSteps() {}

  static void register(Commands commands) {
    commands.register("spin DURATION (e.g. 200ns, 5us, 1ms)", args -> new Spin(duration(args)));
    commands.register(
        "sleep DURATION (the task sleeps; its CPU idles)", args -> new Sleep(duration(args)));
    commands.register("trace TEXT", args -> new TracePoint(String.join(" ", args)));
    commands.register(
        "atomic_inc_return (on the machine's shared counter)",
        args -> noArguments(args, new AtomicIncReturn()));
    commands.register("true", args -> new ExitStatus(0));
    commands.register("false", args -> new ExitStatus(1));
  }

  private static long duration(List<String> args) {
    if (args.size() != 1) {
      throw new IllegalArgumentException("expected one duration");
    }
    return CommandLine.parseDuration(args.get(0));
  }

  private static Step noArguments(List<String> args, Step step) {
    if (!args.isEmpty()) {
      throw new IllegalArgumentException("takes no arguments");
    }
    return step;
  }
}
