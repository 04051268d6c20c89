package org.kmodsim.scenarios.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kmodsim stress ...}: load tests with throughput, latency and outcome counts. */
@Command(
    name = "stress",
    description = "Load tests: unload while in use, kprobe storms.",
    subcommands = {StressUnloadCommand.class, StressKprobesCommand.class})
public final class StressCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
