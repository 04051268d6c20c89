package org.kmodsim.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The controlled engine. Every send is held in the channel of its (sender, receiver) pair; when the
 * simulation thread goes idle, {@link #onIdle} asks the strategy to choose one channel head,
 * delivers it, and logs the choice. When no message is pending, the virtual clock jumps to the next
 * timer and the timers due then become deliveries. Nothing is ever delivered that the controller
 * did not choose, so a seed (or a choice log) determines the whole run.
 *
 * <p>Maps keyed by {@link ActorRef} are used for lookup only; everything iterated (the enabled
 * list, the timer queue) is ordered by the run's own sequence numbers.
 */
final class DeterministicSim extends AbstractSim implements SimExecutor.IdleHook {
  private static final Named ENVIRONMENT = Named.of("env");
  private static final Named TIMER = Named.of("timer");

  private final SimExecutor executor;
  private final ActorRef<RunHost.Command> host;
  private final RunLimits limits;
  private final Strategy strategy;
  private final Channel.Table channels = new Channel.Table();
  final ArrayList<Channel> enabled = new ArrayList<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  final Map<Timer.Key, Timer> runningTimers = new HashMap<>();
  private final TraceDigest digest = new TraceDigest();
  private final List<TraceEvent> trace = newTraceBuffer();
  private final ChoiceLog choices = new ChoiceLog();
  private long traceDropped;
  long now;
  long steps;
  private long timerSeq;
  private long sendSeq;

  // Schedule reduction and state caching (null unless the spec asks): what each delivery did,
  // the machine's state; the step being delivered (-1 before the first), the actor it went to,
  // and how many times the clock has jumped to a timer.
  private final Schedule schedule;
  private final MachineState state;
  private final RunRecorder recorder;
  int delivering = -1;
  String receiver;
  int phase;

  private String haltReason;
  private EndReason end;

  /** Set for a stepped run: it pauses where a normal run would go on or end at quiescence. */
  private SteppedRun stepper;

  DeterministicSim(
      RunSpec spec,
      SimExecutor executor,
      ActorRef<RunHost.Command> host,
      java.util.function.BooleanSupplier interrupted) {
    super(spec);
    this.executor = executor;
    this.host = host;
    this.limits = new RunLimits(spec, interrupted, wallStart);
    this.strategy = spec.strategy().create(spec.seed());
    this.schedule = spec.recordSchedule() ? new Schedule() : null;
    this.state = spec.digestState() ? new MachineState() : null;
    this.recorder = new RunRecorder(this, schedule, state);
    strategy.attach(recorder);
  }

  @Override
  public void access(String location, Access access) {
    recorder.access(location, access);
  }

  @Override
  public void accessOwn(ActorRef<?> self, String part, Access access) {
    recorder.accessOwn(self, part, access);
  }

  @Override
  public void digest(ActorRef<?> self, StateDigest digest) {
    recorder.digest(self, digest);
  }

  @Override
  public void sharedState(String region, StateDigest digest) {
    recorder.sharedState(region, digest);
  }

  @Override
  protected void invariantChecked(Invariant invariant, String kind, boolean broken) {
    recorder.invariantChecked(invariant, kind, broken);
  }

  @Override
  protected void actorStarted(ActorRef<?> self) {
    recorder.actorStarted(self);
  }

  @Override
  protected void actorSignalled(ActorRef<?> self, org.apache.pekko.actor.typed.Signal signal) {
    recorder.actorSignalled(self, signal);
  }

  @Override
  public long nowNanos() {
    return now;
  }

  @Override
  public <T> void send(ActorRef<?> from, ActorRef<T> to, T message) {
    guard("send of ", message.getClass());
    if (end != null) {
      return; // the run is over; teardown sends go nowhere
    }
    enqueue(from == null ? ENVIRONMENT : from, to, new Envelope(to, message, null, delivering));
  }

  @Override
  public <T> void startTimer(ActorRef<T> owner, Object key, long delayNanos, T message) {
    guard("timer ", key);
    if (delayNanos < 0) {
      throw new IllegalArgumentException("negative timer delay " + delayNanos);
    }
    Timer.Key timerKey = new Timer.Key(owner, key);
    cancel(timerKey); // one key for both (a cancelTimer would make its own)
    Timer timer = new Timer(timerKey, now + delayNanos, timerSeq++, message, delivering);
    recorder.timerWritten(owner);
    runningTimers.put(timerKey, timer);
    timers.add(timer);
  }

  @Override
  public <T> void elapse(ActorRef<T> owner, Object key, long nanos, T message) {
    startTimer(owner, key, nanos, message);
  }

  @Override
  public long runAheadNanos() {
    return 0;
  }

  @Override
  public void cancelTimer(ActorRef<?> owner, Object key) {
    guard("timer cancel ", key);
    cancel(new Timer.Key(owner, key));
  }

  private void cancel(Timer.Key timerKey) {
    ActorRef<?> owner = timerKey.owner();
    Timer timer = runningTimers.remove(timerKey);
    recorder.timerWritten(owner);
    if (timer == null) {
      return;
    }
    timer.cancelled = true;
    if (timer.envelope != null) {
      Channel channel = channels.get(TIMER, owner);
      channel.remove(timer.envelope);
      if (channel.isEmpty()) {
        enabled.remove(channel);
      }
    }
  }

  @Override
  public void trace(ActorRef<?> who, ModelEvent event) {
    guard("trace", "");
    traced(named(who), event);
  }

  @Override
  protected void traceNamed(String name, ModelEvent event) {
    traced(Named.of(name), event);
  }

  private void traced(Named named, ModelEvent event) {
    String name = named.name();
    digest.add(steps, now, named.hash(), named.hash(), event.type().kindHash());
    digest.addDetail(event.digest());
    if (spec.recordTrace() || stepper != null) { // words only for a trace someone reads
      record(TraceEvent.model(steps, now, name, event));
    }
    checkInvariants(name, event);
  }

  @Override
  protected long stepNow() {
    return steps;
  }

  @Override
  public void halt(String reason) {
    guard("halt", "");
    if (schedule != null) {
      schedule.global();
    }
    if (haltReason == null) {
      haltReason = reason;
      checkInvariants(Invariant.RUN_END, Invariant.runEnd(reason));
    }
  }

  /** One controller step: deliver one envelope, or report that the run is over. */
  @Override
  public boolean onIdle() {
    if (end != null) {
      return false;
    }
    recorder.closeEvent(strategy);
    if (haltReason != null) {
      return finish(failure != null ? EndReason.FAILED : EndReason.HALTED);
    }
    if (root == null) {
      // The host has not spawned the root yet: its StartRun waits behind work submitted from
      // another thread, run when this returns false. Nothing has happened: not quiescent.
      return false;
    }
    if (stepper != null && pausesHere()) {
      return false;
    }
    EndReason limit = limits.beforeDelivery(steps, now, stepper == null);
    if (limit != null) {
      haltReason = limits.reason();
      return finish(limit);
    }
    if (enabled.isEmpty() && !fireNextTimers()) {
      return finish(end == null ? EndReason.QUIESCENT : end);
    }
    int count = enabled.size();
    int choice;
    try {
      choice = count == 1 && !strategy.choosesForcedSteps() ? 0 : strategy.choose(enabled, steps);
    } catch (RuntimeException e) {
      // A replayed log that no longer fits the model (edited, or shortened by minimisation):
      // the run fails with the reason instead of killing the worker thread.
      failure = e;
      haltReason = e.getMessage();
      return finish(EndReason.FAILED);
    }
    if (choice == Strategy.STOP) {
      return finish(EndReason.PRUNED);
    }
    if (spec.recordChoices()) {
      if (limits.choiceLogFull(choices.size())) {
        haltReason = limits.reason();
        return finish(EndReason.CHOICE_LOG_LIMIT);
      }
      choices.append(choice, count, now);
    }
    recorder.recordStart(choice);
    deliver(choice);
    return true;
  }

  /** Deliveries so far, as of the last look (every 1,024): any thread may read it. */
  long liveSteps() {
    return limits.liveSteps();
  }

  /** Virtual time so far, as of the last look. */
  long liveNanos() {
    return limits.liveNanos();
  }

  /** A stepped run's pause before the next delivery: condition, budget, deadline, quiescence. */
  private boolean pausesHere() {
    SteppedRun.Stop why;
    try {
      why = stepper.beforeDelivery();
    } catch (RuntimeException e) {
      stepper.pauseFailed(e);
      return true;
    }
    if (why == null && enabled.isEmpty()) {
      // Up to a deadline the clock moves on even when nothing is due, as time passes idle.
      Timer next = nextLiveTimer();
      long deadline = stepper.deadlineNanos();
      if ((next == null || next.due > deadline) && deadline != Long.MAX_VALUE) {
        now = Math.max(now, deadline);
        why = SteppedRun.Stop.DEADLINE;
      } else if (next == null) {
        why = SteppedRun.Stop.QUIESCENT;
      }
    }
    if (why != null) {
      stepper.pause(why);
    }
    return why != null;
  }

  /** Makes this a stepped run; before it starts. */
  void stepWith(SteppedRun run) {
    stepper = run;
  }

  /** Ends a paused stepped run at the caller's request. */
  void finishStepped() {
    if (end != null) {
      return;
    }
    if (enabled.isEmpty() && nextLiveTimer() == null) {
      finish(EndReason.QUIESCENT);
    } else {
      halt("stepped run finished with deliveries pending");
      finish(EndReason.HALTED);
    }
  }

  List<TraceEvent> traceSoFar() {
    return List.copyOf(trace);
  }

  private void deliver(int index) {
    Channel channel = enabled.get(index);
    Envelope envelope = channel.pollFirst();
    if (channel.isEmpty()) {
      enabled.remove(index);
    }
    if (envelope.timer != null) {
      runningTimers.remove(envelope.timer.key, envelope.timer);
    }
    Object message = envelope.message;
    Class<?> type = message.getClass();
    digest.add(steps, now, channel.sourceHash, channel.targetHash, TraceDigest.kindHash(type));
    if (spec.recordTrace()) {
      String detail = MessageText.of(message);
      record(
          new TraceEvent(steps, now, channel.source, channel.target, type.getSimpleName(), detail));
    }
    delivering = (int) steps;
    receiver = channel.target;
    if (state != null) {
      state.received(
          channel.target,
          // The time too: the actor may read the clock while it handles the message.
          envelope.digest == null
              ? null
              : Seeds.mix(Seeds.mix(channel.keyHash(), envelope.digest), now),
          "actor " + channel.target + " has no state digest and received a message without one");
    }
    steps++;
    @SuppressWarnings("unchecked")
    ActorRef<Object> to = (ActorRef<Object>) envelope.to;
    to.tell(message);
  }

  /** Advances the clock to the earliest timer and enables every timer due then. */
  private boolean fireNextTimers() {
    Timer first = nextLiveTimer();
    if (first == null) {
      return false;
    }
    if (limits.pastVirtualTime(first.due)) {
      end = EndReason.VIRTUAL_TIME_LIMIT;
      haltReason = limits.reason();
      return false;
    }
    now = Math.max(now, first.due);
    phase++;
    while (true) {
      Timer timer = nextLiveTimer();
      if (timer == null || timer.due > now) {
        return true;
      }
      timers.poll();
      timer.envelope = new Envelope(timer.key.owner(), timer.message, timer, timer.cause);
      enqueue(TIMER, timer.key.owner(), timer.envelope);
    }
  }

  private Timer nextLiveTimer() {
    Timer timer = timers.peek();
    while (timer != null && timer.cancelled) {
      timers.poll();
      timer = timers.peek();
    }
    return timer;
  }

  private void enqueue(Object from, ActorRef<?> to, Envelope envelope) {
    Channel channel = channels.getOrAdd(from, to, this);
    if (channel.isEmpty()) {
      enabled.add(channel);
    }
    recorder.sent(channel);
    envelope.seq = sendSeq++;
    if (state != null) {
      envelope.digest = recorder.messageDigest(envelope.message);
    }
    channel.addLast(envelope);
  }

  private void record(TraceEvent event) {
    if (trace.size() < spec.traceLimit()) {
      trace.add(event);
    } else {
      traceDropped++;
    }
  }

  private boolean finish(EndReason reason) {
    end = reason;
    recorder.closeEvent(strategy);
    executor.deactivate();
    RunResult done =
        new RunResult(
            SimMode.DETERMINISTIC,
            spec.seed(),
            strategy.describe(),
            reason,
            haltReason,
            failure,
            steps,
            now,
            digest.hex(),
            choices,
            spec.recordTrace() ? trace : List.of(),
            traceDropped,
            channels.size(),
            executor.foreignSubmissionsDuringRuns(),
            System.nanoTime() - wallStart,
            violationsSnapshot(),
            coverageSnapshot(),
            schedule,
            Map.of());
    if (root != null) {
      host.tell(new RunHost.StopRoot(root, failure == null));
    }
    result.complete(done);
    if (stepper != null) {
      stepper.runEnded();
    }
    return false;
  }

  // Refuses a call from another thread; the words only then (not on every send).
  private void guard(String what, Object about) {
    if (!executor.isSimThread()) {
      String detail = about instanceof Class<?> type ? type.getSimpleName() : String.valueOf(about);
      throw new UncontrolledConcurrencyException(what + detail, Thread.currentThread());
    }
  }
}
