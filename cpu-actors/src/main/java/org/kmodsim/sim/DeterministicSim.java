package org.kmodsim.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.regex.Pattern;
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
final class DeterministicSim extends AbstractSim implements SimExecutor.IdleHook, RunView {
  private static final Object ENVIRONMENT = "env";
  private static final Object TIMER = "timer";
  private static final Pattern ACTOR_REF =
      Pattern.compile("Actor\\[[^\\]]*/([^/#\\]]+)(#-?\\d+)?\\]");

  private static final ClassValue<Long> KIND_HASH =
      new ClassValue<>() {
        @Override
        protected Long computeValue(Class<?> type) {
          return Seeds.hash(type.getName());
        }
      };

  private final SimExecutor executor;
  private final ActorRef<RunHost.Command> host;
  private final Strategy strategy;
  private final Map<ChannelKey, Channel> channels = new HashMap<>();
  private final ArrayList<Channel> enabled = new ArrayList<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final Map<TimerKey, Timer> runningTimers = new HashMap<>();
  private final TraceDigest digest = new TraceDigest();
  private final List<TraceEvent> trace = newTraceBuffer();
  private final ChoiceLog choices = new ChoiceLog();
  private long traceDropped;
  private long now;
  private long steps;
  private long timerSeq;
  private long sendSeq;

  /** What each delivery did, when the spec records it; null otherwise. */
  private final Schedule schedule;

  /** The machine's state for a strategy that caches states; null otherwise. */
  private final MachineState state;

  /** The step being delivered (its effects still running), or -1 before the first. */
  private int delivering = -1;

  /** The actor the current step delivered to. */
  private String receiver;

  /** How many times the clock has jumped to a timer. */
  private int phase;

  private String haltReason;
  private EndReason end;

  /** Set for a stepped run: it pauses where a normal run would go on or end at quiescence. */
  private SteppedRun stepper;

  DeterministicSim(RunSpec spec, SimExecutor executor, ActorRef<RunHost.Command> host) {
    super(spec);
    this.executor = executor;
    this.host = host;
    this.strategy = spec.strategy().create(spec.seed());
    this.schedule = spec.recordSchedule() ? new Schedule() : null;
    this.state = spec.digestState() ? new MachineState() : null;
    strategy.attach(this);
  }

  @Override
  public void access(String location, Access access) {
    if (schedule != null) {
      schedule.access(location, access);
    }
    if (state != null) {
      if (access == Access.READ) {
        state.readShared(receiver, location);
      } else {
        state.written(location);
      }
    }
  }

  @Override
  public void digest(ActorRef<?> self, StateDigest digest) {
    if (state != null) {
      state.explicit(nameOf(self), digest);
    }
  }

  @Override
  public void sharedState(String region, StateDigest digest) {
    if (state != null) {
      state.region(region, digest);
    }
  }

  @Override
  protected void invariantChecked(Invariant invariant, String kind, boolean broken) {
    String region = "invariant-" + invariant.kind();
    if (state != null && invariant instanceof StateDigest digest) {
      state.region(region, digest);
    }
    boolean changed =
        broken || kind.startsWith("violation:") || !invariant.changesOnlyWhenReporting();
    access(region + ":state", changed ? Access.WRITE : Access.READ);
  }

  @Override
  protected void actorStarted(ActorRef<?> self) {
    if (state != null) {
      state.started(nameOf(self));
      if (delivering >= 0 && schedule != null) {
        // Spawned by this step: if the step read shared memory, so may the child's setup have.
        schedule.readsShared().ifPresent(location -> state.readShared(nameOf(self), location));
      }
    }
  }

  @Override
  protected void actorSignalled(ActorRef<?> self, org.apache.pekko.actor.typed.Signal signal) {
    String name = nameOf(self);
    if (schedule != null) {
      schedule.access("actor:" + name, Access.WRITE);
    }
    if (state != null) {
      if (signal instanceof org.apache.pekko.actor.typed.PostStop) {
        state.stopped(name);
      } else {
        state.received(name, Seeds.mix(Seeds.hash(signal.getClass().getName()), now), null);
      }
    }
  }

  @Override
  public long stateDigest() {
    if (state == null) {
      return UNKNOWN;
    }
    long violationsDigest = 0;
    for (Violation v : violations) {
      violationsDigest += Seeds.hash(v.kind());
    }
    Long machine = state.digest(coverageSnapshot(), violationsDigest);
    if (machine == null) {
      return UNKNOWN;
    }
    long sum = machine;
    for (Channel channel : enabled) {
      long queue = channel.keyHash;
      for (Envelope e : channel.queue) {
        if (e.digest == null) {
          undigestedWhy =
              "a message in flight to "
                  + channel.target
                  + " ("
                  + e.message.getClass().getSimpleName()
                  + ") has no digest: "
                  + undigestibleReason(e.message);
          return UNKNOWN;
        }
        queue = Seeds.mix(queue, e.digest);
      }
      sum += queue;
    }
    for (Timer timer : runningTimers.values()) {
      if (timer.envelope != null) {
        continue; // fired: its message is in a channel above
      }
      Long message = messageDigest(timer.message);
      if (message == null) {
        undigestedWhy = "a timer of " + nameOf(timer.key.owner()) + " has no digest";
        return UNKNOWN;
      }
      long key;
      try {
        key = Digests.of(timer.key.key(), r -> Seeds.hash(keyOf(r)));
      } catch (Digests.Undigestible u) {
        undigestedWhy = "a timer key of " + nameOf(timer.key.owner()) + " has no digest";
        return UNKNOWN;
      }
      sum +=
          Seeds.mix(
              Seeds.mix(Seeds.hash(keyOf(timer.key.owner())), key),
              Seeds.mix(timer.due - now, message));
    }
    undigestedWhy = null;
    long digest = Seeds.mix(sum, now);
    return digest == UNKNOWN ? 1 : digest;
  }

  private String undigestedWhy;

  @Override
  public String undigested() {
    if (state == null) {
      return "the run keeps no state digest";
    }
    return state.why() != null ? state.why() : undigestedWhy;
  }

  private String undigestibleReason(Object message) {
    try {
      Digests.of(message, r -> Seeds.hash(keyOf(r)));
      return "?";
    } catch (Digests.Undigestible e) {
      return e.getMessage();
    }
  }

  private Long messageDigest(Object message) {
    try {
      return Digests.of(message, r -> Seeds.hash(keyOf(r)));
    } catch (Digests.Undigestible e) {
      return null;
    }
  }

  @Override
  public long nowNanos() {
    return now;
  }

  @Override
  public <T> void send(ActorRef<?> from, ActorRef<T> to, T message) {
    guard("send of " + message.getClass().getSimpleName());
    if (end != null) {
      return; // the run is over; teardown sends go nowhere
    }
    enqueue(from == null ? ENVIRONMENT : from, to, new Envelope(to, message, null, delivering));
  }

  @Override
  public <T> void startTimer(ActorRef<T> owner, Object key, long delayNanos, T message) {
    guard("timer " + key);
    if (delayNanos < 0) {
      throw new IllegalArgumentException("negative timer delay " + delayNanos);
    }
    cancelTimer(owner, key);
    TimerKey timerKey = new TimerKey(owner, key);
    Timer timer = new Timer(timerKey, now + delayNanos, timerSeq++, message, delivering);
    if (schedule != null) {
      schedule.access("timer:" + nameOf(owner), Access.WRITE);
    }
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
    guard("timer cancel " + key);
    Timer timer = runningTimers.remove(new TimerKey(owner, key));
    if (schedule != null) {
      schedule.access("timer:" + nameOf(owner), Access.WRITE);
    }
    if (timer == null) {
      return;
    }
    timer.cancelled = true;
    if (timer.envelope != null) {
      Channel channel = channels.get(new ChannelKey(TIMER, owner));
      channel.queue.remove(timer.envelope);
      if (channel.queue.isEmpty()) {
        enabled.remove(channel);
      }
    }
  }

  @Override
  public void trace(ActorRef<?> who, String kind, String detail) {
    guard("trace");
    traceNamed(nameOf(who), kind, detail);
  }

  @Override
  protected void traceNamed(String name, String kind, String detail) {
    long nameHash = Seeds.hash(name);
    digest.add(steps, now, nameHash, nameHash, Seeds.hash(kind));
    digest.addDetail(Seeds.hash(detail));
    record(new TraceEvent(steps, now, name, name, kind, detail));
    checkInvariants(name, kind, detail);
  }

  @Override
  protected long stepNow() {
    return steps;
  }

  @Override
  public void halt(String reason) {
    guard("halt");
    if (haltReason == null) {
      haltReason = reason;
    }
    if (schedule != null) {
      schedule.global();
    }
  }

  /** One controller step: deliver one envelope, or report that the run is over. */
  @Override
  public boolean onIdle() {
    if (end != null) {
      return false;
    }
    if (schedule != null) {
      Schedule.Event done = schedule.close();
      if (done != null) {
        strategy.delivered(done);
      }
    }
    if (haltReason != null) {
      return finish(failure != null ? EndReason.FAILED : EndReason.HALTED);
    }
    if (root == null) {
      // The host has not spawned the root yet: its StartRun waits behind work submitted from
      // another thread, which the worker runs when this returns false. Nothing has happened, so
      // the run is not quiescent (a run that ended here used to report QUIESCENT after 0 steps).
      return false;
    }
    if (stepper != null && pausesHere()) {
      return false;
    }
    if (steps >= spec.maxSteps()) {
      return finish(EndReason.STEP_LIMIT);
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
      choices.append(choice, count, now);
    }
    if (schedule != null) {
      recordStart(choice);
    }
    deliver(choice);
    return true;
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

  private void recordStart(int choice) {
    Channel chosen = enabled.get(choice);
    int count = enabled.size();
    List<String> keys = new ArrayList<>(count);
    int[] older = new int[count];
    for (int a = 0; a < count; a++) {
      Channel c = enabled.get(a);
      keys.add(c.key);
      long head = c.queue.peekFirst().seq;
      for (Channel other : enabled) {
        if (other.queue.peekFirst().seq < head) {
          older[a]++;
        }
      }
    }
    schedule.start(
        (int) steps, chosen.key, chosen.queue.peekFirst().cause, phase, keys, choice, older);
    schedule.access("actor:" + chosen.target, Access.WRITE);
    if (chosen.queue.peekFirst().timer != null) {
      schedule.access("timer:" + chosen.target, Access.WRITE);
    }
  }

  private void deliver(int index) {
    Channel channel = enabled.get(index);
    Envelope envelope = channel.queue.pollFirst();
    if (channel.queue.isEmpty()) {
      enabled.remove(index);
    }
    if (envelope.timer != null) {
      runningTimers.remove(envelope.timer.key, envelope.timer);
    }
    Object message = envelope.message;
    Class<?> type = message.getClass();
    digest.add(steps, now, channel.sourceHash, channel.targetHash, KIND_HASH.get(type));
    if (spec.recordTrace()) {
      record(
          new TraceEvent(
              steps, now, channel.source, channel.target, type.getSimpleName(), detailOf(message)));
    }
    delivering = (int) steps;
    receiver = channel.target;
    if (state != null) {
      state.received(
          channel.target,
          // The time too: the actor may read the clock while it handles the message.
          envelope.digest == null
              ? null
              : Seeds.mix(Seeds.mix(channel.keyHash, envelope.digest), now),
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
    if (first.due > spec.maxVirtualNanos()) {
      end = EndReason.TIME_LIMIT;
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
    ChannelKey key = new ChannelKey(from, to);
    Channel channel = channels.get(key);
    if (channel == null) {
      String source = from instanceof ActorRef<?> ar ? nameOf(ar) : (String) from;
      String sourceKey = from instanceof ActorRef<?> ar ? keyOf(ar) : (String) from;
      channel = new Channel(channels.size(), source, nameOf(to), sourceKey + "->" + keyOf(to));
      channels.put(key, channel);
    }
    if (channel.queue.isEmpty()) {
      enabled.add(channel);
    }
    envelope.seq = sendSeq++;
    if (state != null) {
      envelope.digest = messageDigest(envelope.message);
    }
    channel.queue.addLast(envelope);
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
    if (schedule != null) {
      Schedule.Event last = schedule.close();
      if (last != null) {
        strategy.delivered(last);
      }
    }
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
            schedule);
    if (root != null) {
      host.tell(new RunHost.StopRoot(root));
    }
    result.complete(done);
    if (stepper != null) {
      stepper.runEnded();
    }
    return false;
  }

  private void guard(String what) {
    if (!executor.isSimThread()) {
      throw new UncontrolledConcurrencyException(what, Thread.currentThread());
    }
  }

  /** A message rendered for people: actor refs shortened to their names. */
  static String detailOf(Object message) {
    return ACTOR_REF.matcher(message.toString()).replaceAll("$1");
  }

  private record ChannelKey(Object from, ActorRef<?> to) {}

  private record TimerKey(ActorRef<?> owner, Object key) {}

  private static final class Channel implements Choice {
    final int id;
    final String source;
    final String target;
    final String key;
    final long sourceHash;
    final long targetHash;
    final long keyHash;
    final ArrayDeque<Envelope> queue = new ArrayDeque<>(4);

    Channel(int id, String source, String target, String key) {
      this.id = id;
      this.source = source;
      this.target = target;
      this.key = key;
      this.keyHash = Seeds.hash(key);
      this.sourceHash = Seeds.hash(source);
      this.targetHash = Seeds.hash(target);
    }

    @Override
    public int channelId() {
      return id;
    }

    @Override
    public String source() {
      return source;
    }

    @Override
    public String target() {
      return target;
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public long sequence() {
      return queue.peekFirst().seq;
    }
  }

  private static final class Envelope {
    final ActorRef<?> to;
    final Object message;
    final Timer timer;
    final int cause;
    long seq;
    Long digest;

    Envelope(ActorRef<?> to, Object message, Timer timer, int cause) {
      this.to = to;
      this.message = message;
      this.timer = timer;
      this.cause = cause;
    }
  }

  private static final class Timer implements Comparable<Timer> {
    final TimerKey key;
    final long due;
    final long seq;
    final Object message;
    final int cause;
    boolean cancelled;
    Envelope envelope;

    Timer(TimerKey key, long due, long seq, Object message, int cause) {
      this.key = key;
      this.due = due;
      this.seq = seq;
      this.message = message;
      this.cause = cause;
    }

    @Override
    public int compareTo(Timer other) {
      int byDue = Long.compare(due, other.due);
      return byDue != 0 ? byDue : Long.compare(seq, other.seq);
    }
  }
}
