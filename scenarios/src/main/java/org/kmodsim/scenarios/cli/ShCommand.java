package org.kmodsim.scenarios.cli;

import com.typesafe.config.Config;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Cred;
import org.kmodsim.drivers.tty.serial.StreamedTerminal;
import org.kmodsim.scenarios.config.RunSettings;
import org.kmodsim.scenarios.machine.Kernel;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.SimMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kmodsim sh}: the shell. Without {@code -c} on a terminal it is interactive ({@link
 * ShInteractive}: JLine, prompt, history, completion; the machine runs on between lines). Otherwise
 * it is the batch shell: boots a machine and runs the commands (from {@code -c} or standard input,
 * one per line or separated by {@code ;}) one after the other as user processes, printing what each
 * prints; the exit status is the last command's, as with sh. A command the kernel killed (an oops:
 * status 137, "Killed") is followed by the oops as the console showed it, and the script goes on. A
 * machine that stops before the script's end says why on standard error: a panic prints its text,
 * then that the machine halted (status 1); 4 when the run reached a limit (a {@code spin} past the
 * virtual-time limit), 130/143 on a signal.
 */
@Command(
    name = "sh",
    description = "Run shell commands (insmod, lsmod, cat, echo ...) on a " + "simulated machine.",
    footer = {
      "",
      "Exit status: the last command's, as sh (a command an oops killed: 137, and its oops is",
      "printed). A panic prints its text, says the machine halted and gives 1; 4 when the run",
      "reached a limit; 130/143 on SIGINT/SIGTERM; 2 on bad input."
    })
public final class ShCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;
  @Mixin MachineOptions machine;

  @Option(names = "-c", paramLabel = "COMMANDS", description = "Commands, separated by ';'.")
  String commands;

  @Option(names = "--user", paramLabel = "USER", description = "root (default) or nobody.")
  String user = "root";

  /** How long the shell waits for the live console to show what it still holds. */
  static final java.time.Duration LIVE_DRAIN = java.time.Duration.ofSeconds(30);

  @Override
  public Integer call() {
    Config config = machine.config(global);
    RunSettings settings = RunSettings.fromConfig(config);
    if (commands == null && !global.json() && System.console() != null) {
      return ShInteractive.run(config, settings, Cred.named(user), user);
    }
    List<String> script = CommandLine.splitList(commands != null ? commands : readStdin());
    // In concurrent mode the live console is a paced stream (deterministic runs print each
    // write when it completes on the virtual clock, which has no pace to show).
    StreamedTerminal live =
        settings.mode() == SimMode.CONCURRENT ? new StreamedTerminal(System.out) : null;
    MachineSpec spec =
        new MachineSpec(
            config,
            settings.era(),
            settings.cpus(),
            Kernel.subsystems(config, settings.era(), live),
            List.of(),
            script,
            Cred.named(user),
            settings.shellCpu());
    // A deterministic run keeps its trace: the kernel's oops and panic reports come from it.
    org.kmodsim.sim.RunSpec run = settings.runSpec().withChoiceLog(false);
    MachineRun.Outcome outcome =
        MachineRun.run(spec, live == null ? run.withTrace(ScenarioOutput.TRACE_LIMIT) : run);
    if (live != null && live.drain(LIVE_DRAIN) > 0) {
      System.err.println("kmodsim: the live console dropped writes (display queue full)");
    }
    RunResult result = outcome.result();
    List<MachineReport.ShellResult> done = outcome.report().shellResults();
    boolean exited =
        !done.isEmpty()
            && CommandLine.split(done.get(done.size() - 1).command()).stream()
                .findFirst()
                .orElse("")
                .equals("exit");
    String stopped =
        result.failure() == null && !exited ? stopped(result, script, done.size()) : null;
    if (global.json()) {
      java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
      json.put("results", done);
      json.put("truncated", result.end().truncation());
      json.put("stopped", stopped);
      System.out.println(Output.json(json));
    }
    // null: the live console showed the kernel's reports already, or --json has none
    ShReports reports =
        live == null && !global.json()
            ? ShReports.of(result.trace(), settings.cpus(), settings.shellCpu())
            : null;
    if (!global.json()) {
      print(done, reports);
    }
    if (result.failure() != null) {
      System.err.println(InternalFailure.report(result.failure(), "sh"));
      return ExitCode.INTERNAL;
    }
    if (stopped != null) {
      if (reports != null
          && !result.end().truncated()
          && result.end() != org.kmodsim.sim.EndReason.INTERRUPTED) {
        reports.halted().forEach(System.out::println);
        System.out.flush();
      }
      System.err.println("kmodsim: sh: " + stopped);
      cutReports(result, reports != null);
      return result.end().truncated() ? ExitCode.TRUNCATED : ExitCode.FORBIDDEN;
    }
    if (done.stream().anyMatch(line -> line.exitStatus() == ShReports.KILLED)) {
      cutReports(result, reports != null);
    }
    return outcome.report().lastExitStatus();
  }

  /**
   * The kernel's reports come from the run's trace, which keeps its first {@link
   * ScenarioOutput#TRACE_LIMIT} events: says so when it was cut, since a report after the cut is
   * missing.
   */
  private static void cutReports(RunResult result, boolean shown) {
    if (shown && result.traceDropped() > 0) {
      System.err.println(
          "kmodsim: sh: the trace kept its first "
              + ScenarioOutput.TRACE_LIMIT
              + " events ("
              + result.traceDropped()
              + " dropped): a kernel report after that is not shown");
    }
  }

  /**
   * Each command's output and errors; after a command the kernel killed, its oops as the console
   * showed it ({@code reports} null: the live console showed it already).
   */
  private static void print(List<MachineReport.ShellResult> done, ShReports reports) {
    int killed = 0;
    for (MachineReport.ShellResult line : done) {
      System.out.print(line.output());
      if (reports != null && line.exitStatus() == ShReports.KILLED) {
        reports.killed(killed++).forEach(System.out::println);
      }
      System.out.flush();
      System.err.print(line.errors());
      System.err.flush();
    }
  }

  /**
   * Why the machine stopped before the script's end, naming the command it was running: a limit of
   * the run ({@code spin 1000000s} past the virtual-time limit), an interrupt, or a halt (a
   * module's init that panics); null when every command ran.
   */
  static String stopped(RunResult result, List<String> script, int finished) {
    String during =
        finished < script.size() ? " during '" + script.get(finished).strip() + "'" : "";
    if (result.end() == org.kmodsim.sim.EndReason.INTERRUPTED) {
      return "interrupted" + during;
    }
    if (result.end().truncated()) {
      return "the run stopped at a limit ("
          + result.end().truncation()
          + ": "
          + result.haltReason()
          + ")"
          + during
          + (finished + 1 < script.size() ? "; the commands after it did not run" : "");
    }
    if (finished < script.size() && result.haltReason() == null) {
      // quiescent with the command still asleep: e.g. cat /proc/kmsg with nothing unread, whose
      // read(2) blocks until the next message (fs/proc/kmsg.c kmsg_read, syslog action 2)
      return "the machine halted"
          + during
          + ": the command sleeps in the kernel and nothing is left to wake it";
    }
    if (finished < script.size()) {
      return "the machine halted" + during + ": " + result.haltReason();
    }
    return null;
  }

  private static String readStdin() {
    Signals.readingInput(true);
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      return in.lines().collect(Collectors.joining("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Signals.readingInput(false);
    }
  }
}
