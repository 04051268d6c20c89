package org.kmodsim.cpu;

import java.util.List;
import java.util.function.Function;
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

  /**
   * Sends the request that {@code request} builds around this CPU's reply address to {@code to},
   * and waits: when the reply arrives, its type is checked against {@code replyType} (once, here:
   * step code never casts) and {@code then} continues the step. A reply of another type is a bug of
   * the model.
   */
  <Q, R> StepResult request(
      ActorRef<Q> to, Function<ActorRef<R>, ? extends Q> request, Class<R> replyType, Then<R> then);

  /** {@link #request(ActorRef, Function, Class, Then)} to a kernel service of this machine. */
  default <Q, R> StepResult request(
      ServiceId<Q> service,
      Function<ActorRef<R>, ? extends Q> request,
      Class<R> replyType,
      Then<R> then) {
    return request(services().get(service), request, replyType, then);
  }

  /** The end of a busy period or of a sleep: what {@link #busyFor(long, Then)} continues with. */
  enum WakeUp {
    INSTANCE
  }

  /** Sends through the interconnect with this CPU as the sender. */
  <T> void send(ActorRef<T> to, T message);

  /** {@link #send(ActorRef, Object)} to a kernel service of this machine (a post, no reply). */
  default <T> void send(ServiceId<T> service, T message) {
    send(services().get(service), message);
  }

  /** Keeps the CPU busy for a virtual duration; the step then waits for the wake-up. */
  StepResult busyFor(long nanos);

  /** Keeps the CPU busy for a virtual duration, then continues the step with {@code next}. */
  StepResult busyFor(long nanos, Then<WakeUp> next);

  /**
   * Sleeps for a virtual duration (as {@link #sleepFor(long)}), then continues with {@code next}.
   */
  StepResult sleepFor(long nanos, Then<WakeUp> next);

  /**
   * The task sleeps for a virtual duration (msleep, usleep_range): the CPU is idle, not busy, and
   * in concurrent mode no thread spins meanwhile. The step then waits for the wake-up.
   */
  StepResult sleepFor(long nanos);

  /**
   * Charges the running step's own cost: a few instructions that need no message, such as a per-CPU
   * increment. The step goes on at once; the CPU lets the charged time pass (and interrupts in) at
   * a step boundary, at the latest when it has run ahead of the engine's clock by {@code
   * sim().runAheadNanos()}.
   */
  void charge(long nanos);

  /** Runs {@code body} as a nested frame (a function call or a loop body), then goes on. */
  default void call(String function, List<Step> body, int times) {
    call(function, body, times, null);
  }

  /** Runs {@code body} once as a nested frame (a function call); the step is over. */
  default StepResult calling(String function, List<Step> body) {
    call(function, body, 1);
    return StepResult.NEXT;
  }

  /**
   * {@link #call(String, List, int)} with {@code local}, a typed per-call object (such as the
   * return register of a module's init) that the body's steps, nested calls included, find with
   * {@link #local}; null for none.
   */
  void call(String function, List<Step> body, int times, Object local);

  /** The innermost per-call object of {@code type} on the running call stack, or null. */
  <T> T local(Class<T> type);

  /** The value of the last step that produced one (the C return value). */
  long result();

  void setResult(long value);

  /** Local variables of the program on this CPU. */
  long variable(String name);

  void setVariable(String name, long value);

  /** Records a model event on this CPU in the run's trace. */
  void trace(org.kmodsim.sim.ModelEvent event);

  /** The name of the running program (the task), or {@code ""} between programs. */
  default String task() {
    return "";
  }

  /** Records a model event of one free-text field on this CPU. */
  default void trace(String kind, String detail) {
    trace(org.kmodsim.sim.EventType.text(kind).with(detail));
  }

  /** The CPU's own seeded random source. */
  java.util.SplittableRandom random();

  /** The credentials of the running program (the process making system calls). */
  Cred cred();

  /** Appends to the program's standard output. */
  void out(String text);

  /** Appends to the program's standard output, and the step is over. */
  default StepResult printing(String text) {
    out(text);
    return StepResult.NEXT;
  }

  /** Appends to the program's standard error. */
  void err(String text);

  /** Sets the program's exit status (the last call wins; 0 unless set). */
  void exit(int status);

  /**
   * The program's exit status as it stands (what {@link #exit} set last, 0 unless set): how a
   * program reads the status of a command it ran in a frame of its own (system()'s wait status).
   */
  int exitStatus();

  /** The step's C return value is {@code value}, and the step is over. */
  default StepResult returning(long value) {
    setResult(value);
    return StepResult.NEXT;
  }

  /** A program's failure: {@code message} on stderr, exit {@code status}; the step is over. */
  default StepResult fail(int status, String message) {
    err(message);
    exit(status);
    return StepResult.NEXT;
  }

  /**
   * do_exit(SIGKILL) after an oops: the running program ends once the current step returns, with
   * exit status 137 and {@code Killed} on its standard error, as the shell reports it.
   */
  void killTask();

  /** {@link #killTask()}, and the step is over (the oops paths end so). */
  default StepResult killing() {
    killTask();
    return StepResult.NEXT;
  }

  /** Records one latency sample (virtual nanoseconds) under {@code label} for this program. */
  void recordLatency(String label, long nanos);

  /** This CPU's per-CPU variables. */
  PerCpu perCpu();
}
