package org.kmodsim.cpu;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.cpu.smp.PerCpu;
import org.kmodsim.cpu.smp.Smp;
import org.kmodsim.sim.Sim;

/**
 * One CPU core (kernel/cpu.c, kernel/smp.c): an interpreter of the step language. It runs one
 * program at a time to the end; a step that waits (for a kernel actor's reply, or for a busy period
 * to pass on the virtual clock) keeps the CPU from running anything else until it resumes, which is
 * what makes a synchronous console or a spinning lock cost the CPU real time in the model.
 *
 * <p>Owns: 1. the running program, a {@link Task} (its call stack, its waiting step, its output);
 * 2. the queue of programs to run; 3. local variables and the last result; 4. the counters of the
 * run (steps, busy time); 5. the writes to its per-CPU area (the machine's {@code PerCpuAreas}
 * holds it, so others may read it); 6. the IPIs it takes at a safe point and whether it is held
 * stopped ({@link CpuStopper}).
 */
public final class Cpu extends AbstractBehavior<Cpu.Command> implements CpuContext {

  public sealed interface Command {}

  /** Queues a program, run with {@code cred} after the others; {@code replyTo} gets its end. */
  public record RunProgram(String name, List<Step> steps, Cred cred, ActorRef<Event> replyTo)
      implements Command {
    public RunProgram {
      steps = List.copyOf(steps);
    }

    public RunProgram(String name, List<Step> steps) {
      this(name, steps, Cred.root(), null);
    }
  }

  /**
   * SIGKILL for the programs of this CPU: queued ones are dropped, the running one ends at its next
   * safe point (a waiting step finishes first) with exit status 137, reporting what it measured so
   * far. Used to end duration-bounded workloads.
   */
  public record KillPrograms(String reason) implements Command {}

  private record Resume(Object reply) implements Command {}

  private record Interrupt(Smp.Ipi ipi) implements Command {}

  /** The timer of a busy period, a sleep or a yield fired; steps get {@link CpuContext.WakeUp}. */
  private enum WakeUp implements Command {
    INSTANCE
  }

  /** What a CPU tells the machine. */
  public sealed interface Event {}

  /** The CPU is online (smp_init); kernel actors reach it for IPIs through {@code ipi}. */
  public record CpuOnline(int cpu, ActorRef<Smp.Ipi> ipi) implements Event {}

  /** A program ran to its end; output and exit status as a process would leave them. */
  public record ProgramFinished(
      int cpu,
      String program,
      String output,
      String errors,
      int exitStatus,
      Map<String, Histogram> latencies,
      long stepsRun,
      long busyNanos,
      long finishedAtNanos,
      long result)
      implements Event {
    public ProgramFinished {
      latencies = Map.copyOf(latencies);
    }
  }

  public static Behavior<Command> create(
      Sim sim, int cpuId, int cpuCount, Services services, ActorRef<Event> machine) {
    return create(sim, cpuId, cpuCount, services, machine, new PerCpu(sim, cpuId));
  }

  /** A CPU whose per-CPU area is {@code perCpu} (from the machine's {@code PerCpuAreas}). */
  public static Behavior<Command> create(
      Sim sim, int cpuId, int cpuCount, Services services, ActorRef<Event> machine, PerCpu perCpu) {
    return Behaviors.setup(ctx -> new Cpu(ctx, sim, cpuId, cpuCount, services, machine, perCpu));
  }

  private final Sim sim;
  private final int cpuId;
  private final int cpuCount;
  private final Services services;
  private final ActorRef<Event> machine;
  private final ActorRef<Object> replies;
  private final SplittableRandom random;
  private final ArrayDeque<RunProgram> queued = new ArrayDeque<>();
  private final CpuStopper stopper = new CpuStopper();
  private final PerCpu perCpu;

  /** The running program, null when the CPU is idle. */
  private Task running;

  private final TreeMap<String, Long> variables = new TreeMap<>();
  private long result;
  private long stepsRun;
  private long busyNanos;

  /** Time charged by steps and not yet let pass, and steps run since the CPU last waited. */
  private long owed;

  private int sinceWait;

  /** Steps a program runs before it lets interrupts in; past it each costs at least 1 ns. */
  static final int PREEMPT_STEPS = 1024;

  private Cpu(
      ActorContext<Command> ctx,
      Sim sim,
      int cpuId,
      int cpuCount,
      Services services,
      ActorRef<Event> machine,
      PerCpu perCpu) {
    super(ctx);
    this.perCpu = perCpu;
    this.sim = sim;
    this.cpuId = cpuId;
    this.cpuCount = cpuCount;
    this.services = services;
    this.machine = machine;
    this.replies = ctx.messageAdapter(Object.class, Resume::new);
    this.random = sim.random("cpu" + cpuId);
    ActorRef<Smp.Ipi> ipi = ctx.messageAdapter(Smp.Ipi.class, Interrupt::new);
    sim.send(ctx.getSelf(), machine, new CpuOnline(cpuId, ipi));
  }

  @Override
  public Receive<Command> createReceive() {
    return RECEIVE.receive(this);
  }

  /** Built once for every CPU of every run ({@link ReceiveTable}). */
  private static final ReceiveTable<Cpu, Command> RECEIVE =
      ReceiveTable.<Cpu, Command>builder()
          .on(RunProgram.class, Cpu::onRunProgram)
          .on(Resume.class, Cpu::onResume)
          .onEquals(WakeUp.INSTANCE, Cpu::onWakeUp)
          .on(Interrupt.class, Cpu::onInterrupt)
          .on(KillPrograms.class, Cpu::onKillPrograms)
          .build();

  private Behavior<Command> onRunProgram(RunProgram run) {
    queued.addLast(run);
    if (running == null && !stopper.stopped()) {
      startNext();
    }
    return Behaviors.same();
  }

  private Behavior<Command> onKillPrograms(KillPrograms kill) {
    queued.clear();
    if (running != null) {
      running.kill(false);
      if (!running.waiting() && !stopper.stopped()) {
        runUntilWait();
      }
    }
    return Behaviors.same();
  }

  private Behavior<Command> onInterrupt(Interrupt interrupt) {
    stopper.queue(interrupt.ipi());
    if (running == null || !running.waiting()) { // at a safe point
      boolean wasStopped = stopper.stopped();
      stopper.handle(this);
      if (wasStopped && !stopper.stopped()) {
        if (running != null) {
          runUntilWait();
        } else {
          startNext();
        }
      }
    }
    return Behaviors.same();
  }

  private Behavior<Command> onResume(Resume resume) {
    continueWaiting(resume.reply());
    return Behaviors.same();
  }

  private Behavior<Command> onWakeUp() {
    continueWaiting(CpuContext.WakeUp.INSTANCE);
    return Behaviors.same();
  }

  private void continueWaiting(Object reply) {
    if (running == null || !running.waiting()) {
      return; // a late reply to a program that is gone: the kernel would drop it too
    }
    if (running.resume(this, reply) == StepResult.NEXT) {
      runUntilWait();
    }
  }

  private void startNext() {
    RunProgram next = queued.pollFirst();
    if (next == null) {
      return;
    }
    running = new Task(next);
    trace(CpuTrace.EXEC.with(cpuId, next.name()));
    runUntilWait();
  }

  /** Runs steps until one waits, the program ends, or an IPI stops the CPU. */
  private void runUntilWait() {
    while (true) {
      if (stopper.pending() && stopper.handle(this)) {
        return;
      }
      Step step = running.nextStep();
      if (step == null) {
        break;
      }
      stepsRun++;
      if (running.run(step, this) == StepResult.WAIT) {
        running.waitIn(step);
        sinceWait = 0;
        return;
      }
      sinceWait++;
      if ((owed > 0 || sinceWait >= PREEMPT_STEPS) && yieldCpu()) {
        return;
      }
    }
    busyNanos += owed; // charged time not yet let pass belongs to this program
    owed = 0;
    sinceWait = 0;
    RunProgram program = running.program();
    ActorRef<Event> notify = program.replyTo() != null ? program.replyTo() : machine;
    ProgramFinished done = running.finished(cpuId, stepsRun, busyNanos, sim.nowNanos(), result);
    trace(CpuTrace.EXIT.with(cpuId, done.program(), done.exitStatus()));
    send(notify, done);
    running = null;
    if (stopper.pending() && stopper.handle(this)) {
      return;
    }
    startNext();
  }

  // CpuContext: what steps see of this CPU.

  @Override
  public int cpuId() {
    return cpuId;
  }

  @Override
  public int cpuCount() {
    return cpuCount;
  }

  @Override
  public Sim sim() {
    return sim;
  }

  @Override
  public Services services() {
    return services;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> ActorRef<R> replyTo() {
    return (ActorRef<R>) (ActorRef<?>) replies;
  }

  @Override
  public <Q, R> StepResult request(
      ActorRef<Q> to,
      Function<ActorRef<R>, ? extends Q> request,
      Class<R> replyType,
      Then<R> then) {
    running.await(replyType, then);
    send(to, request.apply(replies.narrow()));
    return StepResult.WAIT;
  }

  @Override
  public <T> void send(ActorRef<T> to, T message) {
    sim.send(getContext().getSelf(), to, message);
  }

  @Override
  public StepResult busyFor(long nanos) {
    busyNanos += nanos;
    sim.startTimer(getContext().getSelf(), WakeUp.INSTANCE, nanos, WakeUp.INSTANCE);
    return StepResult.WAIT;
  }

  @Override
  public StepResult busyFor(long nanos, Then<CpuContext.WakeUp> next) {
    running.await(CpuContext.WakeUp.class, next);
    return busyFor(nanos);
  }

  @Override
  public StepResult sleepFor(long nanos, Then<CpuContext.WakeUp> next) {
    running.await(CpuContext.WakeUp.class, next);
    return sleepFor(nanos);
  }

  @Override
  public StepResult sleepFor(long nanos) {
    sim.startIdleTimer(getContext().getSelf(), WakeUp.INSTANCE, nanos, WakeUp.INSTANCE);
    return StepResult.WAIT;
  }

  @Override
  public void charge(long nanos) {
    owed += Math.max(0, nanos);
  }

  /** Lets charged time pass once the CPU ran far enough ahead; true when it now waits. */
  private boolean yieldCpu() {
    long nanos = Math.max(owed, sinceWait >= PREEMPT_STEPS ? sinceWait : 0);
    if (nanos <= sim.runAheadNanos() && sinceWait < PREEMPT_STEPS) {
      return false;
    }
    busyNanos += nanos;
    owed = 0;
    sinceWait = 0;
    running.waitIn(Task.YIELD);
    sim.elapse(getContext().getSelf(), WakeUp.INSTANCE, nanos, WakeUp.INSTANCE);
    return true;
  }

  @Override
  public void call(String function, List<Step> body, int times, Object local) {
    running.call(body, times, local);
  }

  @Override
  public <T> T local(Class<T> type) {
    return running.local(type);
  }

  @Override
  public long result() {
    return result;
  }

  @Override
  public void setResult(long value) {
    result = value;
  }

  @Override
  public long variable(String name) {
    Long value = variables.get(name);
    if (value == null) {
      throw new IllegalArgumentException("cpu" + cpuId + ": no variable '" + name + "'");
    }
    return value;
  }

  @Override
  public void setVariable(String name, long value) {
    variables.put(name, value);
  }

  @Override
  public String task() {
    return running != null ? running.program().name() : "";
  }

  @Override
  public void trace(org.kmodsim.sim.ModelEvent event) {
    sim.trace(getContext().getSelf(), event);
  }

  @Override
  public SplittableRandom random() {
    return random;
  }

  @Override
  public Cred cred() {
    return running != null ? running.program().cred() : Cred.root();
  }

  @Override
  public void out(String text) {
    running.out(text);
  }

  @Override
  public void err(String text) {
    running.err(text);
  }

  @Override
  public void exit(int status) {
    running.exit(status);
  }

  @Override
  public int exitStatus() {
    return running.exitStatus();
  }

  @Override
  public void recordLatency(String label, long nanos) {
    running.recordLatency(label, nanos);
  }

  @Override
  public void killTask() {
    if (running != null) {
      running.kill(true);
    }
  }

  @Override
  public PerCpu perCpu() {
    return perCpu;
  }
}
