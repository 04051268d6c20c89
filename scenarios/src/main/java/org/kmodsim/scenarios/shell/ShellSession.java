package org.kmodsim.scenarios.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.drivers.tty.ConsoleSink;
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.SteppedRun;

/**
 * A machine with an interactive shell, driven line by line from the terminal's threads: the run is
 * a {@link SteppedRun} that goes on while a line runs ({@link #execute}) and, between lines, as far
 * as the wall-clock time that passed ({@link #idle}), so timers fire and the consoles drain while
 * the user types. What the consoles wrote is collected ({@link #console}) for the terminal to
 * print. One caller at a time: the driving methods hold {@code driver}; what the simulation thread
 * writes (results, console text) is guarded by {@code data}, never by {@code driver}, so a caller
 * waiting for the run does not block the run.
 */
public final class ShellSession implements Shell.Terminal, ConsoleSink {
  /** One command's result: what it printed, its exit status. */
  public record Result(String output, String errors, int status) {}

  private final Object driver = new Object();
  private final Object data = new Object();
  private final List<Result> results = new ArrayList<>();
  private final StringBuilder console = new StringBuilder();
  private final long maxSteps;
  private final long maxVirtualNanos;
  private volatile ActorRef<Shell.Command> shell;
  private volatile Set<String> commands = Set.of();
  private SteppedRun run;
  private int lastStatus;
  private boolean over;
  private String stopped;

  /** Per line: at most {@code maxSteps} deliveries and {@code maxVirtualNanos} of virtual time. */
  public ShellSession(long maxSteps, long maxVirtualNanos) {
    this.maxSteps = maxSteps;
    this.maxVirtualNanos = maxVirtualNanos;
  }

  /** Boots the machine {@code start} makes (given this session as terminal and console). */
  public void boot(Function<ShellSession, SteppedRun> start) {
    synchronized (driver) {
      run = start.apply(this);
      SteppedRun.Stop why = run.runUntil(() -> shell != null, Long.MAX_VALUE, maxSteps);
      if (why != SteppedRun.Stop.CONDITION) {
        over = true;
        stopped =
            why == SteppedRun.Stop.ENDED ? halted() : "the machine did not boot (" + why + ")";
        run.finish();
      }
    }
  }

  @Override
  public void attached(ActorRef<Shell.Command> ref, Set<String> names) {
    commands = new TreeSet<>(names);
    shell = ref;
  }

  @Override
  public void shellResult(String command, String output, String errors, int exitStatus) {
    synchronized (data) {
      results.add(new Result(output, errors, exitStatus));
    }
  }

  @Override
  public void written(String name, String text) {
    synchronized (data) {
      console.append(text);
    }
  }

  /** The machine's commands (the shell's built-ins and filters are not among them). */
  public Set<String> commands() {
    return commands;
  }

  /** Whether the run is over: the shell exited, the machine halted or a line hit a limit. */
  public boolean over() {
    synchronized (driver) {
      return over;
    }
  }

  /** Why the run ended other than by {@code exit} (a halt, a limit), or null. */
  public String stopped() {
    synchronized (driver) {
      return stopped;
    }
  }

  /** The exit status of the last command typed. */
  public int lastStatus() {
    synchronized (driver) {
      return lastStatus;
    }
  }

  /** Runs {@code line} to its end; null when the machine stopped before it finished. */
  public Result execute(String line) {
    synchronized (driver) {
      Result result = send(line, false);
      if (result != null) {
        lastStatus = result.status();
      }
      return result;
    }
  }

  /** Runs {@code line} without changing {@code $?}, for completion: what it printed, or "". */
  public String capture(String line) {
    synchronized (driver) {
      Result result = send(line, true);
      return result == null ? "" : result.output();
    }
  }

  private Result send(String line, boolean hidden) {
    if (over) {
      return null;
    }
    int before = results.size();
    ActorRef<Shell.Command> to = shell;
    run.onSimThread(
        sim -> {
          sim.send(null, to, new Shell.Line(line, hidden));
          return null;
        });
    long deadline = saturatedAdd(run.nowNanos(), maxVirtualNanos);
    SteppedRun.Stop why = run.runUntil(() -> resultsSize() > before, deadline, maxSteps);
    Result result;
    synchronized (data) {
      result = results.size() > before ? results.get(before) : null;
    }
    if (why == SteppedRun.Stop.CONDITION) {
      // what the line set off at this instant (an exit's halt, a panic) is delivered before the
      // next prompt
      why = run.runUntil(() -> false, run.nowNanos(), maxSteps);
    }
    if (why == SteppedRun.Stop.ENDED) {
      over = true;
      stopped = halted();
    } else if (result == null) {
      over = true;
      stopped =
          why == SteppedRun.Stop.BUDGET
              ? "the command stopped at the step limit (" + maxSteps + " deliveries)"
              : "the command stopped at the virtual-time limit";
      run.finish();
    }
    return result;
  }

  private int resultsSize() {
    synchronized (data) {
      return results.size();
    }
  }

  /** Lets the machine run on for {@code nanos} of virtual time (the wall time that passed). */
  public void idle(long nanos) {
    synchronized (driver) {
      if (over) {
        return;
      }
      if (run.runUntil(() -> false, saturatedAdd(run.nowNanos(), nanos), maxSteps)
          == SteppedRun.Stop.ENDED) {
        over = true;
        stopped = halted();
      }
    }
  }

  /** What the consoles wrote since the last call. */
  public String console() {
    synchronized (data) {
      String text = console.toString();
      console.setLength(0);
      return text;
    }
  }

  /** Ends the run (the user left the shell). */
  public void close() {
    synchronized (driver) {
      over = true;
      if (run != null && !run.ended()) {
        run.finish();
      }
    }
  }

  private String halted() {
    RunResult result = run.result();
    if (result == null) {
      return "the machine halted";
    }
    if (result.failure() != null) {
      return "kmodsim failed: " + result.failure();
    }
    return result.haltReason() == null || result.haltReason().equals("all programs finished")
        ? null
        : "the machine halted: " + result.haltReason();
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < a ? Long.MAX_VALUE : sum;
  }
}
