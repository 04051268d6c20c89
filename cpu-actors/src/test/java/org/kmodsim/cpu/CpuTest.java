package org.kmodsim.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.kmodsim.cpu.smp.Smp;
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.Sim;
import org.kmodsim.sim.SimEngine;
import org.junit.jupiter.api.Test;

class CpuTest {
  /** A step that bumps a per-CPU counter, as a 2.6 try_module_get does. */
  record LocalInc(String name) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.perCpu().add(name, 1);
      cpu.out(cpu.cpuId() + ":" + cpu.perCpu().get(name) + "@" + cpu.sim().nowNanos() + "\n");
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "local_inc";
    }
  }

  /**
   * A root that starts a program on one CPU and stop_machine()s it while it spins: the CPU must
   * finish the spin (a step is not preemptible), report its per-CPU data, stay stopped until the
   * restart, then finish.
   */
  static Behavior<Object> stopMachineWhileSpinning(Sim sim, List<String> log) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<Object> self = ctx.getSelf();
          ActorRef<Cpu.Event> events = ctx.messageAdapter(Cpu.Event.class, e -> e);
          ActorRef<Smp.CpuStopped> stopped = ctx.messageAdapter(Smp.CpuStopped.class, e -> e);
          ActorRef<Cpu.Command> cpu =
              sim.spawn(ctx, Cpu.create(sim, 0, 1, Services.empty(), events), "cpu0");
          sim.send(self, cpu, new Cpu.RunProgram("work",
              List.of(new LocalInc("refs"), new Spin(1_000), new LocalInc("refs"))));
          List<ActorRef<Smp.Ipi>> ipi = new ArrayList<>();
          return Behaviors.receive(Object.class)
              .onMessage(Cpu.CpuOnline.class, up -> {
                ipi.add(up.ipi());
                sim.startTimer(self, "stop", 500, "stop-now");
                return Behaviors.same();
              })
              .onMessageEquals("stop-now", () -> {
                sim.send(self, ipi.get(0), new Smp.StopMachine("test", stopped));
                return Behaviors.same();
              })
              .onMessage(Smp.CpuStopped.class, s -> {
                log.add("stopped at " + sim.nowNanos() + " refs=" + s.perCpu().get("refs"));
                sim.startTimer(self, "restart", 10_000, "restart-now");
                return Behaviors.same();
              })
              .onMessageEquals("restart-now", () -> {
                sim.send(self, ipi.get(0), Smp.RestartMachine.INSTANCE);
                return Behaviors.same();
              })
              .onMessage(Cpu.ProgramFinished.class, done -> {
                log.add("finished at " + done.finishedAtNanos() + ": " + done.output().strip());
                return Behaviors.same();
              })
              .build();
        });
  }

  /** A step that prints its text, to see which branch ran. */
  record Say(String text) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.out(text);
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "say";
    }
  }

  @Test
  void ifRunsThenOnANonZeroResultAndElseOtherwise() {
    List<Cpu.ProgramFinished> done = new ArrayList<>();
    org.kmodsim.cpu.ExitStatus yes = new org.kmodsim.cpu.ExitStatus(0);
    org.kmodsim.cpu.ExitStatus no = new org.kmodsim.cpu.ExitStatus(1);
    SimEngine.shared().run(RunSpec.deterministic(1, "machine", sim -> Behaviors.setup(ctx -> {
      ActorRef<Cpu.Event> events = ctx.messageAdapter(Cpu.Event.class, e -> e);
      ActorRef<Cpu.Command> cpu =
          sim.spawn(ctx, Cpu.create(sim, 0, 1, Services.empty(), events), "cpu0");
      sim.send(ctx.getSelf(), cpu, new Cpu.RunProgram("branches", List.of(
          new org.kmodsim.cpu.If(yes, List.of(new Say("a")), List.of(new Say("b"))),
          new org.kmodsim.cpu.If(no, List.of(new Say("c")), List.of(new Say("d"))),
          new Say("e"))));
      return Behaviors.receive(Object.class)
          .onMessage(Cpu.ProgramFinished.class, finished -> {
            done.add(finished);
            return Behaviors.same();
          })
          .build();
    })));
    assertThat(done.get(0).output()).isEqualTo("ade");
  }

  @Test
  void measureRecordsTheVirtualTimeOfItsBlock() {
    List<Cpu.ProgramFinished> done = new ArrayList<>();
    SimEngine.shared().run(RunSpec.deterministic(1, "machine", sim -> Behaviors.setup(ctx -> {
      ActorRef<Cpu.Event> events = ctx.messageAdapter(Cpu.Event.class, e -> e);
      ActorRef<Cpu.Command> cpu =
          sim.spawn(ctx, Cpu.create(sim, 0, 1, Services.empty(), events), "cpu0");
      sim.send(ctx.getSelf(), cpu, new Cpu.RunProgram("timed", List.of(
          new org.kmodsim.cpu.Repeat(3, List.of(
              new org.kmodsim.cpu.Measure("work", List.of(new Spin(250), new Spin(50))),
              new Spin(1_000))))));
      return Behaviors.receive(Object.class)
          .onMessage(Cpu.ProgramFinished.class, finished -> {
            done.add(finished);
            return Behaviors.same();
          })
          .build();
    })));
    org.HdrHistogram.Histogram work = done.get(0).latencies().get("work");
    assertThat(work.getTotalCount()).isEqualTo(3);
    assertThat(work.getMinValue()).isEqualTo(300);
    assertThat(work.getMaxValue()).isEqualTo(300);
  }

  @Test
  void stopMachineWaitsForTheRunningStepAndHoldsTheCpuUntilRestart() {
    List<String> log = new ArrayList<>();
    RunResult run = SimEngine.shared().run(
        RunSpec.deterministic(1, "machine", sim -> stopMachineWhileSpinning(sim, log)));
    assertThat(log).as("run ended %s after %d steps", run.end(), run.steps()).containsExactly(
        "stopped at 1000 refs=1",
        "finished at 11000: 0:1@0\n0:2@11000");
  }
}
