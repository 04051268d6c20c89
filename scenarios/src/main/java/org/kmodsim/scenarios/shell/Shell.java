package org.kmodsim.scenarios.shell;

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
 * The batch shell: a user process that runs one command line at a time as a program on its CPU,
 * keeps what each printed and its exit status, and goes on with the next. {@code su USER} is a
 * built-in that changes the credentials of the commands after it. A line that does not parse gets
 * the shell's own error ({@code sh: 1: foo: not found}, status 127; a usage error, status 2).
 *
 * <p>Owns: 1. the script position; 2. the current credentials. It reports each command to a {@link
 * Transcript} and, at the end of the script, sends its parent the message it was given.
 */
public final class Shell extends AbstractBehavior<Shell.Command> {

  public sealed interface Command {}

  /** Where the shell writes what each command printed and its exit status. */
  public interface Transcript {
    void shellResult(String command, String output, String errors, int exitStatus);
  }

  private record Finished(Cpu.Event event) implements Command {}

  private enum Next implements Command {
    INSTANCE
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
  private final List<String> script;
  private final Transcript report;
  private final Runnable scriptDone;
  private final ActorRef<Cpu.Event> finished;
  private Cred cred;
  private int line;

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
    this.script = List.copyOf(script);
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
        .onMessage(Finished.class, this::onFinished)
        .build();
  }

  private Behavior<Command> onNext() {
    while (line < script.size()) {
      String command = script.get(line++);
      List<String> words;
      try {
        words = CommandLine.split(command);
      } catch (IllegalArgumentException e) {
        report.shellResult(
            command, "", "sh: " + line + ": Syntax error: " + e.getMessage() + "\n", 2);
        continue;
      }
      if (!words.isEmpty() && words.get(0).equals("su")) {
        su(command, words);
        continue;
      }
      Step step;
      try {
        step = commands.parse(command);
      } catch (Commands.UnknownCommandException e) {
        report.shellResult(command, "", "sh: " + line + ": " + e.command() + ": not found\n", 127);
        continue;
      } catch (IllegalArgumentException e) {
        report.shellResult(command, "", e.getMessage() + "\n", 2);
        continue;
      }
      sim.send(
          getContext().getSelf(), cpu, new Cpu.RunProgram(command, List.of(step), cred, finished));
      return this;
    }
    scriptDone.run();
    return Behaviors.stopped();
  }

  private void su(String command, List<String> words) {
    try {
      if (words.size() != 2) {
        throw new IllegalArgumentException("su: usage: su USER");
      }
      cred = Cred.named(words.get(1));
      report.shellResult(command, "", "", 0);
    } catch (IllegalArgumentException e) {
      report.shellResult(command, "", e.getMessage() + "\n", 1);
    }
  }

  private Behavior<Command> onFinished(Finished wrapped) {
    Cpu.ProgramFinished done = (Cpu.ProgramFinished) wrapped.event();
    String errors = done.errors();
    int status = done.exitStatus();
    String failure = failure(done.program(), done.result());
    if (failure != null && errors.isEmpty()) {
      errors = failure + "\n";
      status = status == 0 ? 1 : status;
    }
    report.shellResult(done.program(), done.output(), errors, status);
    return onNext();
  }

  /**
   * What a C test program prints when the system call or kernel call that is this line fails (its
   * result negative): {@code perror(3)} for a system call, the kernel samples' {@code NAME failed,
   * returned -N} for a kernel call; null for a command, which prints its own errors.
   */
  private String failure(String line, long result) {
    if (result >= 0) {
      return null;
    }
    List<String> words = CommandLine.split(line);
    String name = words.isEmpty() ? "" : words.get(0);
    return switch (commands.kind(name)) {
      case SYSCALL -> name + ": " + Errno.strerror(-result);
      case KERNEL_CALL -> name + " failed, returned " + result;
      default -> null;
    };
  }
}
