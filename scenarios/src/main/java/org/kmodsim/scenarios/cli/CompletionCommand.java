package org.kmodsim.scenarios.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kmodsim completion}: the bash completion script picocli generates from the command
 * definitions ({@code source <(./kmodsim completion)}, or save it in
 * /etc/bash_completion.d/kmodsim).
 */
@Command(
    name = "completion",
    description = {
      "Print a bash completion script for kmodsim.",
      "Use: source <(./kmodsim completion)"
    })
public final class CompletionCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    CommandLine root = spec.root().commandLine();
    spec.commandLine().getOut().print(AutoComplete.bash("kmodsim", root));
    spec.commandLine().getOut().flush();
  }
}
