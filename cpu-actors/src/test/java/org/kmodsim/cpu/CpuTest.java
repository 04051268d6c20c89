package org.kmodsim.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.smp.Smp;
import org.kmodsim.sim.testkit.SimProbe;
import org.kmodsim.sim.testkit.SimTestKit;

/** The CPU actor under the deterministic test kit: the machine and the IPI sender are probes. */
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

  /** One CPU under the test kit, reporting to the probe {@code machine}. */
  private static ActorRef<Cpu.Command> cpu0(SimTestKit kit, SimProbe<Cpu.Event> machine) {
    return kit.spawn(Cpu.create(kit.sim(), 0, 1, Services.empty(), machine.ref()), "cpu0");
  }

  /** Runs {@code steps} on a fresh CPU and returns what the machine heard when it finished. */
  private static Cpu.ProgramFinished runToEnd(String name, List<Step> steps) {
    try (SimTestKit kit = SimTestKit.deterministic(1)) {
      SimProbe<Cpu.Event> machine = kit.probe(Cpu.Event.class, "machine");
      ActorRef<Cpu.Command> cpu = cpu0(kit, machine);
      machine.send(cpu, new Cpu.RunProgram(name, steps));
      machine.expectMessage(Cpu.CpuOnline.class);
      Cpu.ProgramFinished done = machine.expectMessage(Cpu.ProgramFinished.class);
      machine.expectNoMessage();
      return done;
    }
  }

  @Test
  void ifRunsThenOnANonZeroResultAndElseOtherwise() {
    ExitStatus yes = new ExitStatus(0);
    ExitStatus no = new ExitStatus(1);
    Cpu.ProgramFinished done =
        runToEnd(
            "branches",
            List.of(
                new If(yes, List.of(new Say("a")), List.of(new Say("b"))),
                new If(no, List.of(new Say("c")), List.of(new Say("d"))),
                new Say("e")));
    assertThat(done.output()).isEqualTo("ade");
  }

  @Test
  void eachRunsItsBodyOnTheItemsInTurnAcrossWaitsUntilTheBodyStopsGoingOn() {
    Each<String> body =
        (cpu, item, next) ->
            cpu.sleepFor(
                100, (c, woken) -> item.equals("stop") ? c.printing("! ") : print(c, item, next));
    Step each = Step.of("each", cpu -> Each.of(cpu, List.of("a", "b", "stop", "c"), body));
    Step none = Step.of("none", cpu -> Each.of(cpu, List.<String>of(), body));
    Cpu.ProgramFinished done = runToEnd("each", List.of(each, none, new Say("end")));
    assertThat(done.output()).isEqualTo("a b ! end");
  }

  @Test
  void eachGoesOnWithItsAfterOnceTheLastItemIsDoneAndNotWhenTheBodyStops() {
    Each<String> body =
        (cpu, item, next) ->
            cpu.sleepFor(
                100, (c, woken) -> item.equals("stop") ? c.printing("! ") : print(c, item, next));
    Each.Next after = c -> c.printing("after ");
    Step all = Step.of("all", cpu -> Each.of(cpu, List.of("a", "b"), body, after));
    Step stopped = Step.of("stopped", cpu -> Each.of(cpu, List.of("c", "stop", "d"), body, after));
    Step none = Step.of("none", cpu -> Each.of(cpu, List.<String>of(), body, after));
    Cpu.ProgramFinished done = runToEnd("each", List.of(all, stopped, none, new Say("end")));
    assertThat(done.output()).isEqualTo("a b after c ! after end");
  }

  private static StepResult print(CpuContext cpu, String item, Each.Next next) {
    cpu.out(item + " ");
    return next.apply(cpu);
  }

  /** A per-call object of the test: what {@link #local} steps find. */
  record Register(StringBuilder seen) {}

  @Test
  void aCallsPerCallObjectIsFoundByItsStepsAndByNestedCallsButNotAfterIt() {
    Step show =
        Step.instant(
            "show",
            cpu -> {
              Register register = cpu.local(Register.class);
              cpu.out(register == null ? "-" : register.seen().append('+').toString());
            });
    Step nested = Step.instant("nested", cpu -> cpu.call("inner", List.of(show), 1));
    Step outer =
        Step.instant(
            "outer",
            cpu -> cpu.call("outer", List.of(show, nested), 1, new Register(new StringBuilder())));
    Cpu.ProgramFinished done = runToEnd("locals", List.of(show, outer, show));
    assertThat(done.output()).isEqualTo("-+++-");
  }

  /**
   * A program reads back the status a called frame left (as system() returns a command's wait
   * status), and then sets its own: the last exit wins.
   */
  @Test
  void aProgramReadsTheExitStatusACalledFrameLeftAndThenSetsItsOwn() {
    Step status = Step.instant("status", cpu -> cpu.out("status " + cpu.exitStatus() + "\n"));
    Step command = Step.instant("command", cpu -> cpu.call("sh", List.of(new ExitStatus(3)), 1));
    Step own = Step.instant("own", cpu -> cpu.exit(0));
    Cpu.ProgramFinished done = runToEnd("caller", List.of(status, command, status, own, status));
    assertThat(done.output()).isEqualTo("status 0\nstatus 3\nstatus 0\n");
    assertThat(done.exitStatus()).isZero();
  }

  @Test
  void measureRecordsTheVirtualTimeOfItsBlock() {
    Cpu.ProgramFinished done =
        runToEnd(
            "timed",
            List.of(
                new Repeat(
                    3,
                    List.of(
                        new Measure("work", List.of(new Spin(250), new Spin(50))),
                        new Spin(1_000)))));
    Histogram work = done.latencies().get("work");
    assertThat(work.getTotalCount()).isEqualTo(3);
    assertThat(work.getMinValue()).isEqualTo(300);
    assertThat(work.getMaxValue()).isEqualTo(300);
  }

  /**
   * A program on one CPU is stop_machine()d while it spins: the CPU must finish the spin (a step is
   * not preemptible), report its per-CPU data, stay stopped until the restart, then finish.
   */
  @Test
  void stopMachineWaitsForTheRunningStepAndHoldsTheCpuUntilRestart() {
    List<String> log = new ArrayList<>();
    try (SimTestKit kit = SimTestKit.deterministic(1)) {
      SimProbe<Cpu.Event> machine = kit.probe(Cpu.Event.class, "machine");
      SimProbe<Smp.CpuStopped> stopper = kit.probe(Smp.CpuStopped.class, "stopper");
      ActorRef<Cpu.Command> cpu = cpu0(kit, machine);
      machine.send(
          cpu,
          new Cpu.RunProgram(
              "work", List.of(new LocalInc("refs"), new Spin(1_000), new LocalInc("refs"))));
      ActorRef<Smp.Ipi> ipi = machine.expectMessage(Cpu.CpuOnline.class).ipi();
      kit.advance(500);
      stopper.send(ipi, new Smp.StopMachine("test", stopper.ref()));
      Smp.CpuStopped stopped = stopper.expectMessage(Smp.CpuStopped.class);
      log.add("stopped at " + kit.nowNanos() + " refs=" + stopped.perCpu().get("refs"));
      machine.expectNoMessage(10_000);
      stopper.send(ipi, Smp.RestartMachine.INSTANCE);
      Cpu.ProgramFinished done = machine.expectMessage(Cpu.ProgramFinished.class);
      log.add("finished at " + done.finishedAtNanos() + ": " + done.output().strip());
      machine.expectNoMessage();
    }
    assertThat(log)
        .containsExactly("stopped at 1000 refs=1", "finished at 11000: 0:1@0\n0:2@11000");
  }
}
