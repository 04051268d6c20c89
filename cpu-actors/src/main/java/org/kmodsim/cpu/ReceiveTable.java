package org.kmodsim.cpu;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A receive table built once per actor class, for the actors every run starts again (the CPUs, the
 * machine): Pekko's {@code ReceiveBuilder} builds its table anew for each actor it starts (a Scala
 * list reversed into an array), which cost a tiny scenario's run about 5% (JFR, {@code explore
 * lost-update}). Its rows are unbound method references, one line per message as in the builder, so
 * one immutable table serves every instance: {@code createReceive()} returns {@code
 * TABLE.receive(this)}. As the builder's: the first row that matches handles the message, {@link
 * Builder#on} by type and {@link Builder#onEquals} by equality; a message no row matches, and every
 * signal, is unhandled.
 *
 * @param <A> the actor
 * @param <T> its protocol
 */
public final class ReceiveTable<A, T> {
  /** A handler of messages of type {@code M} on actor {@code A}: {@code Cpu::onRunProgram}. */
  @FunctionalInterface
  public interface Handler<A, M, T> {
    Behavior<T> apply(A actor, M message) throws Exception;
  }

  /** A handler of one message that carries nothing: {@code Cpu::onWakeUp}. */
  @FunctionalInterface
  public interface Plain<A, T> {
    Behavior<T> apply(A actor) throws Exception;
  }

  /**
   * One row: messages of {@code type}, or equal to {@code equal} when that is not null; handled by
   * {@code handler}, or by {@code plain} when the row has one.
   */
  private record Row<A, T>(
      Class<?> type, Object equal, Handler<A, Object, T> handler, Plain<A, T> plain) {
    boolean matches(Object message) {
      return equal != null ? equal.equals(message) : type.isInstance(message);
    }

    Behavior<T> apply(A actor, Object message) throws Exception {
      return plain != null ? plain.apply(actor) : handler.apply(actor, message);
    }
  }

  // An array: every message of every actor built on a table walks it.
  private final Row<A, T>[] rows;

  @SuppressWarnings({"unchecked", "rawtypes"})
  private ReceiveTable(List<Row<A, T>> rows) {
    this.rows = rows.toArray(new Row[0]);
  }

  public static <A, T> Builder<A, T> builder() {
    return new Builder<>();
  }

  /** The table's receive for {@code actor}. */
  public Receive<T> receive(A actor) {
    return new Bound<>(rows, actor);
  }

  /** Rows in order; {@link #build} makes the table. */
  public static final class Builder<A, T> {
    private final List<Row<A, T>> rows = new ArrayList<>();

    private Builder() {}

    @SuppressWarnings("unchecked")
    public <M extends T> Builder<A, T> on(Class<M> type, Handler<A, M, T> handler) {
      rows.add(new Row<>(type, null, (Handler<A, Object, T>) (Handler<A, ?, T>) handler, null));
      return this;
    }

    public Builder<A, T> onEquals(T message, Plain<A, T> handler) {
      rows.add(new Row<>(message.getClass(), message, null, handler));
      return this;
    }

    public ReceiveTable<A, T> build() {
      return new ReceiveTable<>(rows);
    }
  }

  /** The table bound to one actor. */
  private static final class Bound<A, T> extends Receive<T> {
    private final Row<A, T>[] rows;
    private final A actor;

    Bound(Row<A, T>[] rows, A actor) {
      this.rows = rows;
      this.actor = actor;
    }

    @Override
    public Behavior<T> receiveMessage(T message) throws Exception {
      for (Row<A, T> row : rows) {
        if (row.matches(message)) {
          return row.apply(actor, message);
        }
      }
      return Behaviors.unhandled();
    }

    @Override
    public Behavior<T> receiveSignal(Signal signal) {
      return Behaviors.unhandled();
    }
  }
}
