package org.kmodsim.scenarios;

import com.typesafe.config.ConfigException;
import java.io.PrintWriter;
import org.kmodsim.scenarios.cli.BenchCommand;
import org.kmodsim.scenarios.cli.BootCommand;
import org.kmodsim.scenarios.cli.ExitCode;
import org.kmodsim.scenarios.cli.InternalFailure;
import org.kmodsim.scenarios.cli.LatencyCommand;
import org.kmodsim.scenarios.cli.ShCommand;
import org.kmodsim.scenarios.cli.VersionCommand;
import org.kmodsim.sim.config.ConfigValueException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kmodsim} command line. Exit status ({@link ExitCode}): 0 on success, 1 when a run
 * found a forbidden outcome, 2 on bad input (with a one-line error), 3 when kmodsim itself failed,
 * 4 when a run stopped at a limit before it finished, 130 and 143 when SIGINT or SIGTERM stopped
 * it.
 */
@Command(
    name = "kmodsim",
    mixinStandardHelpOptions = true,
    // --help and --version on every subcommand too (kmodsim stress unload --help)
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = VersionCommand.Provider.class,
    description = "An actor-based concurrent model of the Linux kernel's module machinery.",
    subcommands = {
      VersionCommand.class,
      BootCommand.class,
      BenchCommand.class,
      ShCommand.class,
      LatencyCommand.class,
      org.kmodsim.scenarios.cli.ListCommand.class,
      org.kmodsim.scenarios.cli.RunCommand.class,
      org.kmodsim.scenarios.cli.ExploreCommand.class,
      org.kmodsim.scenarios.cli.ReplayCommand.class,
      org.kmodsim.scenarios.cli.MinimizeCommand.class,
      org.kmodsim.scenarios.cli.StressCommand.class,
      org.kmodsim.scenarios.cli.ClusterCommand.class,
      org.kmodsim.scenarios.cli.CompletionCommand.class,
      org.kmodsim.scenarios.cli.CliDoc.Print.class,
      AotTraining.class,
      org.kmodsim.scenarios.cli.HelpCommand.class
    })
public final class Main implements Runnable {
  public static final int EXIT_BAD_INPUT = ExitCode.BAD_INPUT;
  public static final int EXIT_INTERNAL = ExitCode.INTERNAL;

  static {
    // SLF4J announces its provider on first use; the command line's output is not the place.
    System.setProperty("slf4j.internal.verbosity", "WARN");
    if (System.getProperty("logback.statusListenerClass") == null) {
      System.setProperty(
          "logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
    }
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    org.kmodsim.scenarios.cli.Signals.install();
    startEngineEarly(args);
    int status = execute(args);
    System.out.flush();
    if (org.kmodsim.scenarios.cli.Signals.received() != null) {
      // The runs have ended; the actor system need not take its usual time to say goodbye.
      org.kmodsim.sim.SimEngine.closeShared(java.time.Duration.ofMillis(500));
    }
    System.exit(status);
  }

  /**
   * The commands that start no engine early: those that never start a machine, and bench and
   * stress, which configure the shared engine from their configuration (kmodsim.engine) first.
   */
  private static final java.util.Set<String> WITHOUT_EARLY_ENGINE =
      java.util.Set.of(
          "version",
          "list",
          "help",
          "-h",
          "--help",
          "-V",
          "--version",
          "bench",
          "stress",
          "completion",
          "cli-doc");

  /**
   * Starts the shared engine (the actor system, its workers) on a thread of its own while the
   * command line is parsed and the configuration read: on two cores that hides most of the actor
   * system's start. Those commands run on the engine's default settings whatever their options; a
   * command that needs the engine waits for it in {@code SimEngine.shared()}. The commands that
   * choose the engine's settings are left out.
   */
  private static void startEngineEarly(String[] args) {
    if (args.length == 0 || WITHOUT_EARLY_ENGINE.contains(args[0])) {
      return;
    }
    Thread start =
        new Thread(
            () -> {
              try {
                org.kmodsim.sim.SimEngine.shared();
              } catch (RuntimeException e) {
                // the command's own call starts it again and reports what went wrong
              }
            },
            "kmodsim-engine-start");
    start.setDaemon(true);
    start.start();
  }

  /** A refusal is one line: a message that spans several has them joined. */
  static String oneLine(String message) {
    return message == null ? "bad input" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** The command line's definitions, without the handlers that {@link #execute} adds. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  /**
   * A bad argument's one line, with picocli's suggestions for a misspelt command or option ({@code
   * kmodsim rnu}: did you mean run?).
   */
  static String refusal(CommandLine.ParameterException ex) {
    String line = oneLine(ex.getMessage());
    if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
      java.util.List<String> suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        line += "; did you mean " + String.join(" or ", suggestions) + "?";
      }
    }
    return line;
  }

  /** Runs the command line and returns the exit status (tests call this). */
  public static int execute(String... args) {
    CommandLine line = commandLine();
    line.setParameterExceptionHandler(
        (ex, arguments) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("kmodsim: " + refusal(ex));
          err.flush();
          return EXIT_BAD_INPUT;
        });
    line.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          if (org.kmodsim.scenarios.cli.Signals.received() != null) {
            // Whatever broke after a signal broke because the runs were stopped: say only that.
            err.println("kmodsim: " + org.kmodsim.scenarios.cli.Signals.received() + ": stopped");
            err.flush();
            return org.kmodsim.scenarios.cli.Signals.status();
          }
          if (ex instanceof ConfigException config) {
            err.println("kmodsim: " + ConfigValueException.from(config).getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
          }
          if (ex instanceof IllegalArgumentException) {
            err.println("kmodsim: " + oneLine(ex.getMessage()));
            err.flush();
            return EXIT_BAD_INPUT;
          }
          err.println(InternalFailure.report(ex, args));
          err.flush();
          return EXIT_INTERNAL;
        });
    line.setExecutionStrategy(
        parsed -> {
          org.kmodsim.scenarios.cli.OutputPaths.check(parsed);
          return new CommandLine.RunLast().execute(parsed);
        });
    int status = line.execute(args);
    // A command stopped by a signal printed what it had; its status says how it ended.
    int signalled = org.kmodsim.scenarios.cli.Signals.status();
    return signalled != 0 ? signalled : status;
  }
}
