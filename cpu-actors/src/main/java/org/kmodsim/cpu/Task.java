package org.kmodsim.cpu;

import java.util.List;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The program a CPU runs (the part of task_struct the model needs): its call stack of step lists,
 * its standard output and error, its exit status, its latency samples and whether it was killed.
 * Plain state owned by one {@link Cpu}; the CPU decides when steps run.
 */
final class Task {
  /** Exit status of a task killed by SIGKILL, as the shell reports it (128 + 9). */
  static final int KILLED = 137;

  /** The wait of a task that lets its charged time pass (the CPU yields: cond_resched). */
  static final Step YIELD =
      new Step() {
        @Override
        public StepResult run(CpuContext cpu) {
          return StepResult.NEXT;
        }

        /** Only its own wake-up ends it: a stray late reply must not let the CPU run ahead. */
        @Override
        public StepResult resume(CpuContext cpu, Object wakeUp) {
          return wakeUp == CpuContext.WakeUp.INSTANCE ? StepResult.NEXT : StepResult.WAIT;
        }

        @Override
        public String name() {
          return "yield";
        }
      };

  private final Cpu.RunProgram program;

  /**
   * The call stack, innermost last: {@code frames[0..depth)}. A popped frame's object stays in the
   * array and the next call reuses it: a stress run's CPU calls and returns from several frames on
   * every get and put.
   */
  private Frame[] frames = new Frame[8];

  private int depth;
  private final ProcessOutput output = new ProcessOutput();
  private final ProcessOutput errors = new ProcessOutput();
  private final TreeMap<String, Histogram> latencies = new TreeMap<>();
  private int exitStatus;
  private boolean killed;

  /** The step that waits (for a reply, a wake-up), and what it does with it when typed. */
  private Step waiting;

  private Continuation<?> continuation;

  Task(Cpu.RunProgram program) {
    this.program = program;
    push(program.steps(), 1, null);
  }

  Cpu.RunProgram program() {
    return program;
  }

  /**
   * The next step to run, popping finished frames and restarting loop bodies; null when the program
   * has ended (killed tasks end here, with their exit status).
   */
  Step nextStep() {
    if (killed) {
      clearFrames();
      exitStatus = KILLED;
    }
    while (depth > 0) {
      Frame frame = frames[depth - 1];
      if (frame.pc < frame.steps.size()) {
        return frame.steps.get(frame.pc++);
      }
      if (--frame.remaining > 0) {
        frame.pc = 0;
      } else {
        frame.clear();
        depth--;
      }
    }
    return null;
  }

  boolean waiting() {
    return waiting != null;
  }

  /** The step that just ran waits: a reply or a timer will resume it. */
  void waitIn(Step step) {
    waiting = step;
  }

  /** The running step waits through a typed request: {@code then} gets the reply. */
  <R> void await(Class<R> type, Then<R> then) {
    if (continuation != null) { // no message built (nor a lambda allocated) on the hot path
      Bug.on(true, program.name() + ": a step waits for two things at once");
    }
    continuation = new Continuation<>(type, then);
  }

  /** What the waiting step waited for arrived: NEXT when the step is done, WAIT when not yet. */
  /**
   * Runs {@code step}. A command that checks its arguments only when it runs and refuses them (an
   * {@link IllegalArgumentException}) made the user's mistake, not a bug: the program ends as a
   * tool does after a usage error ({@link #usageError}).
   */
  StepResult run(Step step, CpuContext cpu) {
    try {
      return step.run(cpu);
    } catch (IllegalArgumentException e) {
      usageError(step.name() + ": " + e.getMessage());
      return StepResult.NEXT;
    }
  }

  StepResult resume(CpuContext cpu, Object reply) {
    Step step = waiting;
    Continuation<?> then = continuation;
    waiting = null;
    continuation = null;
    StepResult next;
    try {
      next = then != null ? then.accept(cpu, reply) : step.resume(cpu, reply);
    } catch (IllegalArgumentException e) {
      usageError(step.name() + ": " + e.getMessage());
      return StepResult.NEXT;
    }
    if (next == StepResult.WAIT) {
      waiting = step;
    }
    return next;
  }

  /** Runs {@code body} {@code times} times as a nested frame before the rest of the program. */
  void call(List<Step> body, int times, Object local) {
    push(body, times, local);
  }

  private void push(List<Step> body, int times, Object local) {
    if (depth == frames.length) {
      frames = java.util.Arrays.copyOf(frames, depth * 2);
    }
    Frame frame = frames[depth];
    if (frame == null) {
      frame = new Frame();
      frames[depth] = frame;
    }
    frame.steps = body;
    frame.remaining = times;
    frame.local = local;
    frame.pc = 0;
    depth++;
  }

  private void clearFrames() {
    while (depth > 0) {
      frames[--depth].clear();
    }
  }

  /** The innermost frame's per-call object of {@code type}, or null. */
  <T> T local(Class<T> type) {
    for (int i = depth - 1; i >= 0; i--) {
      if (type.isInstance(frames[i].local)) {
        return type.cast(frames[i].local);
      }
    }
    return null;
  }

  void out(String text) {
    output.append(text);
  }

  void err(String text) {
    errors.append(text);
  }

  void exit(int status) {
    exitStatus = status;
  }

  int exitStatus() {
    return exitStatus;
  }

  boolean killed() {
    return killed;
  }

  /**
   * A command refused its arguments while it ran (an {@link IllegalArgumentException} from a step):
   * the program ends as a tool does after a usage error, the message on standard error, status 2.
   */
  void usageError(String message) {
    errors.append(message + "\n");
    clearFrames();
    exitStatus = 2;
  }

  /** SIGKILL: the task ends before its next step, saying {@code Killed} on standard error. */
  void kill(boolean sayKilled) {
    if (!killed && sayKilled) {
      errors.append("Killed\n");
    }
    killed = true;
  }

  void recordLatency(String label, long nanos) {
    latencies.computeIfAbsent(label, l -> new Histogram(3)).recordValue(Math.max(0, nanos));
  }

  /** What the task leaves when it ends: output, exit status, latencies, the CPU's counters. */
  Cpu.ProgramFinished finished(int cpu, long stepsRun, long busyNanos, long nowNanos, long result) {
    TreeMap<String, Histogram> copy = new TreeMap<>();
    latencies.forEach((label, histogram) -> copy.put(label, histogram.copy()));
    return new Cpu.ProgramFinished(
        cpu,
        program.name(),
        output.toString(),
        errors.toString(),
        exitStatus,
        copy,
        stepsRun,
        busyNanos,
        nowNanos,
        result);
  }

  /** A typed continuation: the reply's type is checked here, once, before {@code then} runs. */
  private record Continuation<R>(Class<R> type, Then<R> then) {
    StepResult accept(CpuContext cpu, Object reply) {
      if (!type.isInstance(reply)) { // the message only then (no lambda on every reply)
        Bug.on(
            true, "cpu" + cpu.cpuId() + " waits for " + type.getSimpleName() + " but got " + reply);
      }
      return then.apply(cpu, type.cast(reply));
    }
  }

  /** One activation: a function body or a loop body, with its program counter; reused. */
  private static final class Frame {
    List<Step> steps;
    Object local;
    int pc;
    int remaining;

    /** Popped: it keeps no steps or per-call object alive. */
    void clear() {
      steps = null;
      local = null;
    }
  }
}
