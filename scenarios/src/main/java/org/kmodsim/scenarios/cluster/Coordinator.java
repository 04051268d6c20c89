package org.kmodsim.scenarios.cluster;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.delivery.ConsumerController;
import org.apache.pekko.actor.typed.delivery.WorkPullingProducerController;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.kmodsim.scenarios.scenario.SeedTally;

/**
 * The coordinator of a kmodsim cluster ({@code kmodsim cluster seed}). Owns:
 *
 * <ol>
 *   <li>the admitted worker nodes: a node is given work only after its registration (shared secret,
 *       same build) was accepted;
 *   <li>the job being explored: its units not yet sent, the units done (by unit id: a unit
 *       redelivered after its worker died is counted once) and the node that ran each;
 *   <li>the work-pulling producer controller through which workers pull units (Pekko reliable
 *       delivery: a unit its worker did not confirm is sent again to another worker).
 * </ol>
 */
public final class Coordinator {
  /** Where workers and submitters find the coordinator. */
  public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "kmodsim-coord");

  /** Where the coordinator's producer controller finds the workers' consumer controllers. */
  static final ServiceKey<ConsumerController.Command<WorkUnit>> WORK_KEY =
      ServiceKey.create(ConsumerController.serviceKeyClass(), "kmodsim-work");

  /** Times a unit may be refused by workers before the job is given up. */
  static final int REFUSALS_MAX = 3;

  public sealed interface Command {}

  /** A worker node asks to be given work. */
  public record Register(String buildId, String proof, ActorRef<Worker.Command> replyTo)
      implements Command, ClusterMessage {}

  /** A job: its units (seed ranges), from a node that knows the secret. */
  /**
   * A job: its units (seed ranges or dfs subtrees), from a node that knows the secret. The job's
   * scenario, configuration and module files travel once, in {@code template}; each unit is the
   * template with one of the {@code pieces}.
   */
  public record Submit(
      WorkUnit template, List<WorkUnit.Piece> pieces, String proof, ActorRef<Event> replyTo)
      implements Command, ClusterMessage {
    public Submit {
      pieces = List.copyOf(pieces);
    }

    /** A job of these units (each unit's job-wide values are the first unit's). */
    public static Submit of(List<WorkUnit> units, String proof, ActorRef<Event> replyTo) {
      return new Submit(
          units.isEmpty() ? null : units.get(0),
          units.stream().map(WorkUnit::piece).toList(),
          proof,
          replyTo);
    }

    public List<WorkUnit> units() {
      return pieces.stream().map(template::with).toList();
    }
  }

  /** No more units of this job: what is done is what the submitter reports. */
  public record Cancel(long jobId) implements Command, ClusterMessage {}

  /** A worker ran a unit, its seeds taking {@code workNanos} on the worker. */
  public record UnitDone(long jobId, int unitId, String node, SeedTally tally, long workNanos)
      implements Command, ClusterMessage {}

  /** A worker refused a unit (another build, damaged module files): it goes back in the queue. */
  public record UnitRefused(long jobId, int unitId, String node, String reason)
      implements Command, ClusterMessage {}

  /** Node events (accepted, refused) for a local listener: the seed command's output, tests. */
  public record Subscribe(ActorRef<Event> listener) implements Command {}

  private record Next(WorkPullingProducerController.RequestNext<WorkUnit> next)
      implements Command {}

  private record SubmitterGone(long jobId) implements Command {}

  /** What the coordinator tells a submitter and its listeners. */
  public sealed interface Event {}

  public record NodeAccepted(String node) implements Event, ClusterMessage {}

  /** One line: which node, and why. */
  public record NodeRefused(String node, String reason) implements Event, ClusterMessage {}

  /**
   * An accepted worker became unreachable, or left the cluster (or was downed): {@code what} says
   * which, in words; units it had not confirmed go to the other workers.
   */
  public record NodeLost(String node, String what) implements Event, ClusterMessage {}

  public record JobAccepted(long jobId, int units) implements Event, ClusterMessage {}

  public record JobRefused(String reason) implements Event, ClusterMessage {}

  /** A unit's first result; a duplicate is never sent. */
  public record UnitResult(long jobId, int unitId, String node, SeedTally tally, long workNanos)
      implements Event, ClusterMessage {}

  /** Every unit is done, or the job was cancelled; {@code duplicates} results were dropped. */
  public record JobDone(long jobId, int done, int duplicates) implements Event, ClusterMessage {}

  /** How long a node that joined has to register or submit before it is downed. */
  public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(20);

  public static Behavior<Command> create(String buildId, Secret secret) {
    return create(buildId, secret, HANDSHAKE_TIMEOUT);
  }

  public static Behavior<Command> create(String buildId, Secret secret, Duration handshake) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> new Coordinator(ctx, timers, buildId, secret, handshake).receive()));
  }

  /** A member joined: it must register or submit before {@code handshake} has passed. */
  private record Joined(ClusterEvent.MemberUp up) implements Command {}

  private record HandshakeDue(Address node) implements Command {}

  private record Lost(ClusterEvent.MemberEvent event) implements Command {}

  private record Unreachable(ClusterEvent.UnreachableMember event) implements Command {}

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final Duration handshake;
  private final String buildId;
  private final Secret secret;
  private final Set<Address> admitted = new HashSet<>();
  private final List<ActorRef<Event>> listeners = new ArrayList<>();
  private final Deque<WorkUnit> pending = new ArrayDeque<>();
  private final Set<Integer> done = new HashSet<>();
  private final java.util.Map<Integer, WorkUnit> byId = new java.util.HashMap<>();
  private final java.util.Map<Integer, Integer> refusals = new java.util.HashMap<>();
  private WorkPullingProducerController.RequestNext<WorkUnit> demand;
  private ActorRef<Event> submitter;
  private long jobId = -1;
  private int units;
  private int duplicates;

  private Coordinator(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      String buildId,
      Secret secret,
      Duration handshake) {
    this.ctx = ctx;
    this.timers = timers;
    this.buildId = buildId;
    this.secret = secret;
    this.handshake = handshake;
    subscribe(ClusterEvent.MemberUp.class, Joined::new);
    subscribe(ClusterEvent.MemberRemoved.class, Lost::new);
    subscribe(ClusterEvent.UnreachableMember.class, Unreachable::new);
    ActorRef<WorkPullingProducerController.Command<WorkUnit>> producer =
        ctx.spawn(
            WorkPullingProducerController.create(
                WorkUnit.class, "kmodsim-units", WORK_KEY, Optional.empty()),
            "units");
    producer.tell(
        new WorkPullingProducerController.Start<>(
            ctx.messageAdapter(WorkPullingProducerController.requestNextClass(), Next::new)));
    ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
  }

  /** This actor hears the cluster's {@code type} events, each as {@code adapt} makes it. */
  private <E extends ClusterEvent.ClusterDomainEvent> void subscribe(
      Class<E> type, org.apache.pekko.japi.function.Function<E, Command> adapt) {
    Cluster.get(ctx.getSystem())
        .subscriptions()
        .tell(
            org.apache.pekko.cluster.typed.Subscribe.create(ctx.messageAdapter(type, adapt), type));
  }

  private Behavior<Command> receive() {
    return Behaviors.receive(Command.class)
        .onMessage(Register.class, this::onRegister)
        .onMessage(Submit.class, this::onSubmit)
        .onMessage(Cancel.class, this::onCancel)
        .onMessage(UnitDone.class, this::onUnitDone)
        .onMessage(UnitRefused.class, this::onUnitRefused)
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(Next.class, this::onNext)
        .onMessage(SubmitterGone.class, this::onSubmitterGone)
        .onMessage(Joined.class, this::onJoined)
        .onMessage(HandshakeDue.class, this::onHandshakeDue)
        .onMessage(Lost.class, this::onLost)
        .onMessage(Unreachable.class, this::onUnreachable)
        .build();
  }

  private Behavior<Command> onJoined(Joined j) {
    Address node = j.up().member().address();
    if (!node.equals(Cluster.get(ctx.getSystem()).selfMember().address())
        && !admitted.contains(node)) {
      timers.startSingleTimer(node, new HandshakeDue(node), handshake);
    }
    return Behaviors.same();
  }

  private Behavior<Command> onUnreachable(Unreachable u) {
    Address node = u.event().member().address();
    if (admitted.contains(node) && u.event().member().hasRole("worker")) {
      tell(new NodeLost(hostPort(node), "unreachable"));
    }
    return Behaviors.same();
  }

  private Behavior<Command> onLost(Lost l) {
    Address node = l.event().member().address();
    timers.cancel(node);
    if (admitted.remove(node) && l.event().member().hasRole("worker")) {
      tell(
          new NodeLost(
              hostPort(node), "left the cluster; its unconfirmed units go to the other workers"));
    }
    return Behaviors.same();
  }

  /**
   * A node that joined but neither registered nor submitted is downed: without the handshake it
   * could still have registered a consumer and taken units (its unconfirmed units go elsewhere).
   */
  private Behavior<Command> onHandshakeDue(HandshakeDue d) {
    if (!admitted.contains(d.node())) {
      Cluster.get(ctx.getSystem()).manager().tell(new Down(d.node()));
      tell(
          new NodeRefused(
              hostPort(d.node()),
              "no registration within " + handshake.toSeconds() + " s of joining: downed"));
    }
    return Behaviors.same();
  }

  private Behavior<Command> onRegister(Register r) {
    Address node = r.replyTo().path().address();
    timers.cancel(node); // it registered: refused or accepted, it is told so now
    String refusal = refusal(node, r.proof());
    if (refusal == null && !r.buildId().equals(buildId)) {
      refusal = "build " + r.buildId() + ", the coordinator's is " + buildId;
    }
    if (refusal != null) {
      ctx.getLog().warn("kmodsim cluster: refused worker {}: {}", hostPort(node), refusal);
      r.replyTo().tell(new Worker.Refused(refusal));
      tell(new NodeRefused(hostPort(node), refusal));
      return Behaviors.same();
    }
    admitted.add(node);
    r.replyTo().tell(new Worker.Accepted(buildId));
    tell(new NodeAccepted(hostPort(node)));
    return Behaviors.same();
  }

  private Behavior<Command> onSubmit(Submit s) {
    String refusal = refusal(s.replyTo().path().address(), s.proof());
    if (refusal == null && submitter != null) {
      refusal = "the cluster is exploring job " + jobId + " (one job at a time)";
    } else if (refusal == null && s.template() != null && !s.template().buildId().equals(buildId)) {
      refusal = "build " + s.template().buildId() + ", the coordinator's is " + buildId;
    }
    if (refusal != null) {
      s.replyTo().tell(new JobRefused(refusal));
      return Behaviors.same();
    }
    admitted.add(s.replyTo().path().address());
    timers.cancel(s.replyTo().path().address()); // it has shown its proof: no handshake deadline
    submitter = s.replyTo();
    List<WorkUnit> job = s.template() == null ? List.of() : s.units();
    jobId = job.isEmpty() ? jobId + 1 : job.get(0).jobId();
    units = job.size();
    duplicates = 0;
    done.clear();
    pending.clear();
    byId.clear();
    refusals.clear();
    job.forEach(u -> byId.put(u.unitId(), u));
    pending.addAll(job);
    ctx.watchWith(submitter, new SubmitterGone(jobId));
    submitter.tell(new JobAccepted(jobId, units));
    dispatch();
    finishIfDone();
    return Behaviors.same();
  }

  private Behavior<Command> onCancel(Cancel c) {
    if (c.jobId() == jobId && submitter != null) {
      submitter.tell(new JobDone(jobId, done.size(), duplicates));
      endJob();
    }
    return Behaviors.same();
  }

  private Behavior<Command> onUnitDone(UnitDone d) {
    if (d.jobId() != jobId || submitter == null) {
      return Behaviors.same(); // a cancelled job's unit, finished late
    }
    if (!done.add(d.unitId())) {
      duplicates++;
      return Behaviors.same();
    }
    submitter.tell(new UnitResult(d.jobId(), d.unitId(), d.node(), d.tally(), d.workNanos()));
    finishIfDone();
    return Behaviors.same();
  }

  private Behavior<Command> onUnitRefused(UnitRefused r) {
    tell(new NodeRefused(r.node(), r.reason()));
    if (r.jobId() != jobId || submitter == null || done.contains(r.unitId())) {
      return Behaviors.same();
    }
    if (refusals.merge(r.unitId(), 1, Integer::sum) > REFUSALS_MAX) {
      submitter.tell(new JobRefused("unit " + r.unitId() + ": " + r.reason()));
      endJob();
      return Behaviors.same();
    }
    pending.addLast(byId.get(r.unitId())); // another worker may take it
    dispatch();
    return Behaviors.same();
  }

  private Behavior<Command> onSubscribe(Subscribe s) {
    listeners.add(s.listener());
    return Behaviors.same();
  }

  private Behavior<Command> onNext(Next n) {
    demand = n.next();
    dispatch();
    return Behaviors.same();
  }

  private Behavior<Command> onSubmitterGone(SubmitterGone g) {
    if (g.jobId() == jobId) {
      ctx.getLog().warn("kmodsim cluster: the submitter of job {} is gone: job cancelled", jobId);
      endJob();
    }
    return Behaviors.same();
  }

  private void dispatch() {
    if (demand != null && !pending.isEmpty()) {
      demand.sendNextTo().tell(pending.poll());
      demand = null;
    }
  }

  private void finishIfDone() {
    if (submitter != null && done.size() == units) {
      submitter.tell(new JobDone(jobId, done.size(), duplicates));
      endJob();
    }
  }

  private void endJob() {
    ctx.unwatch(submitter);
    submitter = null;
    pending.clear();
  }

  /**
   * Null when the node may take part: its proof checks, or it is on this node's host and no secret
   * is set. A node refused for its secret is downed: it leaves the cluster, and any unit its
   * consumers took is sent again elsewhere.
   */
  private String refusal(Address node, String proof) {
    Address self = Cluster.get(ctx.getSystem()).selfMember().address();
    if (node.getHost().isEmpty()) {
      return null; // this node itself (a local submitter)
    }
    String why =
        secret.refusal(
            node.toString(),
            node.getHost().get(),
            self.getHost().orElse(""),
            proof == null ? "" : proof);
    if (why != null) {
      Cluster.get(ctx.getSystem()).manager().tell(new Down(node));
    }
    return why;
  }

  private void tell(Event event) {
    listeners.forEach(l -> l.tell(event));
    if (submitter != null && !(event instanceof NodeAccepted)) {
      submitter.tell(event);
    }
  }

  static String hostPort(Address a) {
    return a.getHost().orElse("local") + ":" + a.getPort().map(String::valueOf).orElse("-");
  }
}
