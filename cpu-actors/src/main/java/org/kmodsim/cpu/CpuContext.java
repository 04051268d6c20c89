package org.kmodsim.cpu;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.smp.PerCpu;
import org.kmodsim.sim.Sim;

/**
 * What a step sees of the CPU that runs it. Implemented by the CPU actor; steps use it to send
 * requests (the reply comes back to {@link #replyTo}), to stay busy, to call functions and to keep
 * local values.
 */
public interface CpuContext {
  int cpuId();

  /** The machine's CPU count (nr_cpu_ids). */
  int cpuCount();

  Sim sim();

  Services services();

  /** Where replies to this CPU's requests go; any reply type is accepted. */
  <R> ActorRef<R> replyTo();

  /** Sends through the interconnect with this CPU as the sender. */
  <T> void send(ActorRef<T> to, T message);

  /** Keeps the CPU busy for a virtual duration; the step then waits for the wake-up. */
  StepResult busyFor(long nanos);

  /**
   * The task sleeps for a virtual duration (msleep, usleep_range): the CPU is idle, not busy,
   * and in concurrent mode no thread spins meanwhile. The step then waits for the wake-up.
   */
  StepResult sleepFor(long nanos);

  /**
   * Charges the running step's own cost: a few instructions that need no message, such as a
   * per-CPU increment. The step goes on at once; the CPU lets the charged time pass (and
   * interrupts in) at a step boundary, at the latest when it has run ahead of the engine's
   * clock by {@code sim().runAheadNanos()}.
   */
  void charge(long nanos);

  /** Runs {@code body} as a nested frame (a function call or a loop body), then goes on. */
  void call(String function, List<Step> body, int times);

  /** The value of the last step that produced one (the C return value). */
  long result();

  void setResult(long value);

  /** Local variables of the program on this CPU. */
  long variable(String name);

  void setVariable(String name, long value);

  /** Records a model event on this CPU in the run's trace. */
  void trace(String kind, String detail);

  /** The CPU's own seeded random source. */
  java.util.SplittableRandom random();

  /** The credentials of the running program (the process making system calls). */
  Cred cred();

  /** Appends to the program's standard output. */
  void out(String text);

  /** Appends to the program's standard error. */
  void err(String text);

  /** Sets the program's exit status (the last call wins; 0 unless set). */
  void exit(int status);

  /**
   * do_exit(SIGKILL) after an oops: the running program ends once the current step returns,
   * with exit status 137 and {@code Killed} on its standard error, as the shell reports it.
   */
  void killTask();

  /** Records one latency sample (virtual nanoseconds) under {@code label} for this program. */
  void recordLatency(String label, long nanos);

  /** This CPU's per-CPU variables. */
  PerCpu perCpu();
}
