package org.kmodsim.sim;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A test model of the engine's contention workload without the kernel: {@code clients} actors each
 * ask one server {@code rounds} times, spinning a little between asks, and the root halts once all
 * are done. The order in which the server serves clients is the race the strategies explore.
 */
public final class ContentionModel {
  public interface Msg {}

  public record Ask(int client, ActorRef<Msg> replyTo) implements Msg {}

  public record Answer(long value) implements Msg {}

  public record Done(int client) implements Msg {}

  public enum Tick implements Msg {
    INSTANCE
  }

  private ContentionModel() {}

  /** The root behaviour; {@code served} receives the server's final count. */
  public static Behavior<Msg> root(Sim sim, int clients, int rounds, AtomicLong served) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<Msg> server = sim.spawn(ctx, server(sim, served), "server");
          for (int i = 0; i < clients; i++) {
            ActorRef<Msg> client =
                sim.spawn(ctx, client(sim, i, rounds, server, ctx.getSelf()), "c" + i);
            sim.send(ctx.getSelf(), client, Tick.INSTANCE);
          }
          int[] remaining = {clients};
          return Behaviors.receive(Msg.class)
              .onMessage(
                  Done.class,
                  done -> {
                    if (--remaining[0] == 0) {
                      sim.halt("all clients done");
                    }
                    return Behaviors.same();
                  })
              .build();
        });
  }

  private static Behavior<Msg> server(Sim sim, AtomicLong served) {
    return Behaviors.setup(
        ctx -> {
          long[] count = {0};
          return Behaviors.receive(Msg.class)
              .onMessage(
                  Ask.class,
                  ask -> {
                    count[0]++;
                    served.set(count[0]);
                    sim.send(ctx.getSelf(), ask.replyTo(), new Answer(count[0]));
                    return Behaviors.same();
                  })
              .build();
        });
  }

  private static Behavior<Msg> client(
      Sim sim, int id, int rounds, ActorRef<Msg> server, ActorRef<Msg> root) {
    return Behaviors.setup(
        ctx -> {
          int[] left = {rounds};
          return Behaviors.receive(Msg.class)
              .onMessageEquals(
                  Tick.INSTANCE,
                  () -> {
                    sim.send(ctx.getSelf(), server, new Ask(id, ctx.getSelf()));
                    return Behaviors.same();
                  })
              .onMessage(
                  Answer.class,
                  answer -> {
                    if (--left[0] == 0) {
                      sim.send(ctx.getSelf(), root, new Done(id));
                    } else {
                      long think = 100 + sim.random("c" + id).nextInt(3) * 50L;
                      sim.startTimer(ctx.getSelf(), "think", think, Tick.INSTANCE);
                    }
                    return Behaviors.same();
                  })
              .build();
        });
  }
}
