package org.kmodsim.scenarios.scenario;

import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.cpu.ReceiveTable;
import org.kmodsim.cpu.ServiceId;
import org.kmodsim.sim.Access;
import org.kmodsim.sim.Sim;

/**
 * Plain shared memory for litmus-style scenarios (READ_ONCE / WRITE_ONCE on named cells): each
 * access is one request and one reply, so a read-modify-write written as two steps is not atomic
 * and updates from two CPUs can be lost, exactly the 2.4 {@code MOD_INC_USE_COUNT} window. Cells
 * start at 0. Each access declares the one cell it touches ({@link Sim#accessOwn}), so accesses to
 * different cells, and reads of one cell, commute for schedule reduction.
 *
 * <p>Owns: 1. the cells, by name.
 */
public final class Memory extends AbstractBehavior<Memory.Command> {
  public static final ServiceId<Command> KEY = new ServiceId<>("scenario-memory", Command.class);

  public sealed interface Command {}

  public record Read(String cell, ActorRef<Value> replyTo) implements Command {}

  public record Write(String cell, long value, ActorRef<Value> replyTo) implements Command {}

  /** The value read, or the value now stored. */
  public record Value(String cell, long value) {}

  static Behavior<Command> create(Sim sim, ScenarioReport report) {
    return Behaviors.setup(ctx -> new Memory(ctx, sim, report));
  }

  private final Sim sim;
  private final ScenarioReport report;
  private final TreeMap<String, Long> cells = new TreeMap<>();

  private Memory(ActorContext<Command> ctx, Sim sim, ScenarioReport report) {
    super(ctx);
    this.sim = sim;
    this.report = report;
    sim.digest(ctx.getSelf(), this::stateDigest);
  }

  /** The cells are the whole state: two runs with the same cells behave the same from here. */
  private long stateDigest() {
    long sum = 0;
    for (var cell : cells.entrySet()) {
      sum += org.kmodsim.sim.Seeds.mix(org.kmodsim.sim.Seeds.hash(cell.getKey()), cell.getValue());
    }
    return sum;
  }

  @Override
  public Receive<Command> createReceive() {
    return RECEIVE.receive(this);
  }

  /** Built once for the memory of every run ({@link ReceiveTable}). */
  private static final ReceiveTable<Memory, Command> RECEIVE =
      ReceiveTable.<Memory, Command>builder()
          .on(Read.class, Memory::onRead)
          .on(Write.class, Memory::onWrite)
          .build();

  private Behavior<Command> onRead(Read read) {
    sim.accessOwn(getContext().getSelf(), "cell:" + read.cell(), Access.READ);
    long value = cells.getOrDefault(read.cell(), 0L);
    sim.trace(getContext().getSelf(), ScenarioTrace.READ.with(read.cell(), value));
    sim.send(getContext().getSelf(), read.replyTo(), new Value(read.cell(), value));
    return this;
  }

  private Behavior<Command> onWrite(Write write) {
    sim.accessOwn(getContext().getSelf(), "cell:" + write.cell(), Access.WRITE);
    cells.put(write.cell(), write.value());
    report.memoryWritten(write.cell(), write.value());
    sim.trace(getContext().getSelf(), ScenarioTrace.COUNTER.with(write.cell(), write.value()));
    sim.send(getContext().getSelf(), write.replyTo(), new Value(write.cell(), write.value()));
    return this;
  }
}
