package org.kmodsim.bench;

import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.Sim;
import org.kmodsim.sim.SimEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's delivery step: a deterministic run of two actors passing one message back and forth,
 * so every operation is one controlled delivery (choose, hold, tell, run the receiver).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {
  static final int DELIVERIES = 100_000;

  record Ball(int left, ActorRef<Ball> from) {}

  static Behavior<Ball> player(Sim sim) {
    return Behaviors.setup(
        ctx ->
            Behaviors.receive(Ball.class)
                .onMessage(
                    Ball.class,
                    ball -> {
                      if (ball.left() > 0) {
                        sim.send(
                            ctx.getSelf(), ball.from(), new Ball(ball.left() - 1, ctx.getSelf()));
                      }
                      return Behaviors.same();
                    })
                .build());
  }

  static Behavior<Ball> table(Sim sim) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<Ball> ping = sim.spawn(ctx, player(sim), "ping");
          ActorRef<Ball> pong = sim.spawn(ctx, player(sim), "pong");
          sim.send(pong, ping, new Ball(DELIVERIES - 1, pong));
          return Behaviors.empty();
        });
  }

  @Benchmark
  @OperationsPerInvocation(DELIVERIES)
  public long deliveryStep() {
    RunResult result =
        SimEngine.shared()
            .run(RunSpec.deterministic(1, "bench", sim -> table(sim)).withChoiceLog(false));
    return result.steps();
  }
}
