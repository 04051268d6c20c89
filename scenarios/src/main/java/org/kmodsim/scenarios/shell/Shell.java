package org.kmodsim.scenarios.shell;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Cpu;
import org.kmodsim.cpu.Cred;
import org.kmodsim.cpu.Step;
import org.kmodsim.kernel.Errno;
import org.kmodsim.sim.Sim;

/**
 * The shell: a user process that runs one command line at a time as a program on its CPU, keeps
 * what each printed and its exit status, and goes on with the next. Before a line runs, {@code $?}
 * is expanded to the last status and the line split into a pipeline: the first stage runs on the
 * CPU, the later ones are the shell's built-in filters ({@link Filters}: grep, head, tail, wc, cat)
 * applied to its output. Built-ins: {@code su USER} (the credentials of the commands after it),
 * {@code exit [N]} (ends the script), {@code help}. A line that does not parse gets the shell's own
 * error ({@code sh: 1: foo: not found}, status 127; a usage error, status 2).
 *
 * <p>A batch shell runs a script and then sends its parent the message it was given; an interactive
 * one ({@link #interactive}) waits for {@link Line}s and echoes each system call as strace shows it
 * ({@link SyscallEcho}) instead of the {@code perror(3)} line of a script.
 *
 * <p>Owns: 1. the script position; 2. the current credentials; 3. the last exit status; 4. the
 * pipeline stages of the running command. It reports each command to a {@link Transcript}.
 */
public final class Shell extends AbstractBehavior<Shell.Command> {

  public sealed interface Command {}

  /**
   * A line typed at an interactive shell; a {@code hidden} one (the terminal's own reads for
   * completion) leaves {@code $?} as it was.
   */
  public record Line(String line, boolean hidden) implements Command {}

  /** Where the shell writes what each command printed and its exit status. */
  public interface Transcript {
    void shellResult(String command, String output, String errors, int exitStatus);
  }

  /** The terminal of an interactive shell: told the shell's address and commands at its start. */
  public interface Terminal extends Transcript {
    void attached(ActorRef<Command> shell, java.util.Set<String> commands);
  }

  private record Finished(Cpu.Event event) implements Command {}

  private enum Next implements Command {
    INSTANCE
  }

  /**
   * An interactive shell on {@code cpu}: runs the {@link Line}s sent to it; {@code exit} sends
   * {@code parent} {@code done}.
   */
  public static <T> Behavior<Command> interactive(
      Sim sim,
      Commands commands,
      ActorRef<Cpu.Command> cpu,
      Cred user,
      Terminal terminal,
      ActorRef<T> parent,
      T done) {
    return Behaviors.setup(
        ctx -> {
          Shell shell =
              new Shell(
                  ctx,
                  sim,
                  commands,
                  cpu,
                  List.of(),
                  user,
                  terminal,
                  () -> sim.send(ctx.getSelf(), parent, done));
          shell.interactive = true;
          terminal.attached(ctx.getSelf(), new java.util.TreeSet<>(commands.entries().keySet()));
          return shell;
        });
  }

  /** A shell that runs {@code script} on {@code cpu}, then sends {@code parent} {@code done}. */
  public static <T> Behavior<Command> create(
      Sim sim,
      Commands commands,
      ActorRef<Cpu.Command> cpu,
      List<String> script,
      Cred user,
      Transcript report,
      ActorRef<T> parent,
      T done) {
    return Behaviors.setup(
        ctx ->
            new Shell(
                ctx,
                sim,
                commands,
                cpu,
                script,
                user,
                report,
                () -> sim.send(ctx.getSelf(), parent, done)));
  }

  private final Sim sim;
  private final Commands commands;
  private final ActorRef<Cpu.Command> cpu;
  private final List<String> script = new ArrayList<>();
  private final Transcript report;
  private final Runnable scriptDone;
  private final ActorRef<Cpu.Event> finished;
  private Cred cred;
  private int line;
  private int status;
  private boolean interactive;
  private boolean running;
  private List<List<String>> filters = List.of();
  private final java.util.Set<Integer> hidden = new java.util.HashSet<>();

  private Shell(
      ActorContext<Command> ctx,
      Sim sim,
      Commands commands,
      ActorRef<Cpu.Command> cpu,
      List<String> script,
      Cred user,
      Transcript report,
      Runnable scriptDone) {
    super(ctx);
    this.sim = sim;
    this.commands = commands;
    this.cpu = cpu;
    this.script.addAll(script);
    this.cred = user;
    this.report = report;
    this.scriptDone = scriptDone;
    this.finished = ctx.messageAdapter(Cpu.Event.class, Finished::new);
    sim.send(ctx.getSelf(), ctx.getSelf(), Next.INSTANCE);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(Next.INSTANCE, this::onNext)
        .onMessage(Line.class, this::onLine)
        .onMessage(Finished.class, this::onFinished)
        .build();
  }

  private static final String NOT_A_FILTER =
      "reads no standard input in the model's pipes (cat, grep, head, tail and wc do)";

  private Behavior<Command> onLine(Line typed) {
    if (typed.hidden()) {
      hidden.add(script.size());
    }
    script.add(typed.line());
    return running ? this : onNext();
  }

  private Behavior<Command> onNext() {
    running = false;
    while (line < script.size()) {
      String command = script.get(line++);
      List<String> stages;
      List<String> words;
      try {
        stages = Pipeline.stages(Pipeline.expand(command, status));
        words = CommandLine.split(stages.get(0));
        filters = new ArrayList<>();
        for (String stage : stages.subList(1, stages.size())) {
          filters.add(CommandLine.split(stage));
        }
      } catch (IllegalArgumentException e) {
        result(command, "", "sh: " + line + ": Syntax error: " + e.getMessage() + "\n", 2);
        continue;
      }
      String name = words.isEmpty() ? "" : words.get(0);
      if (name.equals("exit")) {
        exit(command, words);
        return Behaviors.stopped();
      }
      if (builtin(command, name, words)) {
        continue;
      }
      String filter = unknownFilter();
      if (filter != null) {
        filters = List.of();
        if (commands.has(filter)) {
          result(command, "", "sh: " + line + ": " + filter + ": " + NOT_A_FILTER + "\n", 2);
        } else {
          result(command, "", "sh: " + line + ": " + filter + ": not found\n", 127);
        }
        continue;
      }
      if (Filters.isFilter(name) && !commands.has(name)) {
        Filters.Result first = Filters.run(words, "");
        finish(command, first.out(), first.err(), first.status());
        continue;
      }
      Step step;
      try {
        step = commands.parse(stages.get(0));
      } catch (Commands.UnknownCommandException e) {
        finish(command, "", "sh: " + line + ": " + e.command() + ": not found\n", 127);
        continue;
      } catch (IllegalArgumentException e) {
        finish(command, "", e.getMessage() + "\n", 2);
        continue;
      }
      running = true;
      sim.send(
          getContext().getSelf(), cpu, new Cpu.RunProgram(command, List.of(step), cred, finished));
      return this;
    }
    if (interactive) {
      return this;
    }
    scriptDone.run();
    return Behaviors.stopped();
  }

  /** The built-ins that run in the shell itself: su, help. */
  private boolean builtin(String command, String name, List<String> words) {
    switch (name) {
      case "su" -> su(command, words);
      case "help" -> finish(command, ShellHelp.text(commands), "", 0);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** The first later stage that is not a filter, or null. */
  private String unknownFilter() {
    for (List<String> stage : filters) {
      if (stage.isEmpty() || !Filters.isFilter(stage.get(0))) {
        return stage.isEmpty() ? "" : stage.get(0);
      }
    }
    return null;
  }

  /** exit [N]: ends the script with status N (the last command's without one). */
  private void exit(String command, List<String> words) {
    int code = status;
    String errors = "";
    if (words.size() > 1) {
      try {
        code = Integer.parseInt(words.get(1)) & 0xff;
      } catch (NumberFormatException e) {
        errors = "sh: " + line + ": exit: Illegal number: " + words.get(1) + "\n";
        code = 2;
      }
    }
    result(command, "", errors, code);
    scriptDone.run();
  }

  /** Runs the filters of the pipeline on what its first stage printed, then reports the line. */
  private void finish(String command, String output, String errors, int exitStatus) {
    String out = output;
    StringBuilder err = new StringBuilder(errors);
    int last = exitStatus;
    for (List<String> stage : filters) {
      Filters.Result filtered = Filters.run(stage, out);
      out = filtered.out();
      err.append(filtered.err());
      last = filtered.status();
    }
    filters = List.of();
    result(command, out, err.toString(), last);
  }

  private void result(String command, String output, String errors, int exitStatus) {
    if (!hidden.remove(line - 1)) {
      status = exitStatus;
    }
    report.shellResult(command, output, errors, exitStatus);
  }

  private void su(String command, List<String> words) {
    try {
      if (words.size() != 2) {
        throw new IllegalArgumentException("su: usage: su USER");
      }
      cred = Cred.named(words.get(1));
      finish(command, "", "", 0);
    } catch (IllegalArgumentException e) {
      finish(command, "", e.getMessage() + "\n", 1);
    }
  }

  private Behavior<Command> onFinished(Finished wrapped) {
    Cpu.ProgramFinished done = (Cpu.ProgramFinished) wrapped.event();
    String errors = done.errors();
    int exitStatus = done.exitStatus();
    List<String> words =
        CommandLine.split(Pipeline.stages(Pipeline.expand(done.program(), status)).get(0));
    String name = words.isEmpty() ? "" : words.get(0);
    String failure;
    if (interactive && commands.kind(name) == Commands.Kind.SYSCALL) {
      failure = SyscallEcho.render(words, done.result());
    } else {
      failure = failure(name, done.result());
    }
    if (failure != null && errors.isEmpty()) {
      errors = failure + "\n";
      exitStatus = exitStatus == 0 && done.result() < 0 ? 1 : exitStatus;
    }
    finish(done.program(), done.output(), errors, exitStatus);
    return onNext();
  }

  /**
   * What a C test program prints when the system call or kernel call {@code name} fails (its result
   * negative): {@code perror(3)} for a system call, the kernel samples' {@code NAME failed,
   * returned -N} for a kernel call; null for a command, which prints its own errors.
   */
  private String failure(String name, long result) {
    if (result >= 0) {
      return null;
    }
    return switch (commands.kind(name)) {
      case SYSCALL -> name + ": " + Errno.strerror(-result);
      case KERNEL_CALL -> name + " failed, returned " + result;
      default -> null;
    };
  }
}
