package org.kmodsim.scenarios.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code kmodsim help [COMMAND...]}: the usage of kmodsim or of the command the words name, to any
 * depth ({@code kmodsim help stress unload}); picocli's own help command looks one level down only.
 * An unknown word is bad input (exit 2) with picocli's suggestions.
 */
@Command(
    name = "help",
    helpCommand = true,
    description = "Show the usage of kmodsim or of a command (help stress unload).")
public final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, subcommand ...")
  String[] path = new String[0];

  private CommandLine self;
  private CommandLine.Help.ColorScheme colors;
  private PrintWriter out;

  @Override
  public void init(
      CommandLine helpCommandLine,
      CommandLine.Help.ColorScheme colorScheme,
      PrintWriter outWriter,
      PrintWriter errWriter) {
    this.self = helpCommandLine;
    this.colors = colorScheme;
    this.out = outWriter;
  }

  @Override
  public void run() {
    CommandLine target = self.getParent();
    for (int i = 0; i < path.length; i++) {
      CommandLine sub = target.getSubcommands().get(path[i]);
      if (sub == null) {
        throw new CommandLine.UnmatchedArgumentException(
            target, java.util.List.of(path).subList(i, path.length));
      }
      target = sub;
    }
    target.usage(out, colors);
  }
}
