package org.kmodsim.scenarios.cli;

import java.util.Map;
import picocli.CommandLine;

/**
 * docs/cli.md, the manual of the command line, generated from the command definitions: each
 * command's usage as {@code --help} prints it (80 columns, no colours), in the order of the
 * commands. {@code ./kmodsim cli-doc > docs/cli.md} writes it; CliDocTest fails when the file is
 * stale.
 */
public final class CliDoc {
  private CliDoc() {}

  /** The manual of {@code root}'s commands. */
  public static String markdown(CommandLine root) {
    StringBuilder out = new StringBuilder();
    out.append("# The kmodsim command line\n\n")
        .append("Generated from the command definitions by `./kmodsim cli-doc > docs/cli.md`")
        .append(" (CliDocTest fails when\nthis file is stale). `kmodsim help COMMAND...` and")
        .append(" `kmodsim COMMAND --help` print the same text;\n`source <(./kmodsim completion)`")
        .append(" completes commands and options in bash.\n");
    section(out, root, "kmodsim");
    return out.toString();
  }

  private static void section(StringBuilder out, CommandLine command, String name) {
    if (command.getCommandSpec().usageMessage().hidden()) {
      return;
    }
    command.setUsageHelpWidth(80);
    command.setUsageHelpAutoWidth(false);
    out.append("\n## ").append(name).append("\n\n```\n");
    out.append(command.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing());
    out.append("\n```\n");
    for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
      if (sub.getValue().getCommandName().equals(sub.getKey())) {
        section(out, sub.getValue(), name + " " + sub.getKey());
      }
    }
  }

  /** {@code kmodsim cli-doc}: prints docs/cli.md (hidden: a maintainer's command). */
  @CommandLine.Command(name = "cli-doc", hidden = true, description = "Print docs/cli.md.")
  public static final class Print implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      // a fresh command line of the same definitions (this one's widths stay as they are)
      spec.commandLine().getOut().print(markdown(new CommandLine(spec.root().userObject())));
      spec.commandLine().getOut().flush();
    }
  }
}
