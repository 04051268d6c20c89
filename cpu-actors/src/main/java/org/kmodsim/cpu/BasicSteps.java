package org.kmodsim.cpu;

import java.util.List;

/** The commands of the CPU itself, and their factories. */
final class BasicSteps {
  private BasicSteps() {}

  static void register(Commands commands) {
    commands.register("spin", "spin DURATION (e.g. 200ns, 5us, 1ms)", BasicSteps::spin);
    commands.register(
        "sleep", "sleep DURATION (the task sleeps; its CPU idles)", BasicSteps::sleep);
    commands.register("trace", "trace TEXT", BasicSteps::trace);
    commands.register(
        "atomic_inc_return",
        "atomic_inc_return (on the machine's shared counter)",
        BasicSteps::atomicIncReturn);
    commands.register("true", "true", args -> new ExitStatus(0));
    commands.register("false", "false", args -> new ExitStatus(1));
  }

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
