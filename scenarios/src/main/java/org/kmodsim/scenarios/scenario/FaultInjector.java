package org.kmodsim.scenarios.scenario;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.cpu.ServiceId;
import org.kmodsim.cpu.smp.Smp;
import org.kmodsim.sim.Sim;

/**
 * Injects a scenario's {@code stop-cpu} faults: once the boot commands are done it arms one timer
 * per fault, stops the CPU with a stop_machine IPI when it fires (the CPU finishes its current step
 * first) and restarts it after the fault's duration, if it has one.
 *
 * <p>Owns: 1. the CPUs' IPI addresses; 2. the faults and whether they have been armed.
 */
final class FaultInjector extends AbstractBehavior<FaultInjector.Command> {
  static final ServiceId<Command> KEY = new ServiceId<>("scenario-faults", Command.class);

  sealed interface Command {}

  record CpusOnline(List<ActorRef<Smp.Ipi>> cpus) implements Command {
    CpusOnline {
      cpus = List.copyOf(cpus);
    }
  }

  /** The boot commands have finished: fault times count from now. */
  enum BootDone implements Command {
    INSTANCE
  }

  private record Fire(int fault) implements Command {}

  private record Restart(int fault) implements Command {}

  private record Stopped(Smp.CpuStopped stopped) implements Command {}

  static Behavior<Command> create(Sim sim, List<Scenario.Fault> faults) {
    return Behaviors.setup(ctx -> new FaultInjector(ctx, sim, faults));
  }

  private final Sim sim;
  private final List<Scenario.Fault> faults;
  private final ActorRef<Smp.CpuStopped> stoppedAdapter;
  private List<ActorRef<Smp.Ipi>> cpus = new ArrayList<>();
  private boolean armed;

  private FaultInjector(ActorContext<Command> ctx, Sim sim, List<Scenario.Fault> faults) {
    super(ctx);
    this.sim = sim;
    this.faults = List.copyOf(faults);
    this.stoppedAdapter = ctx.messageAdapter(Smp.CpuStopped.class, Stopped::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(CpusOnline.class, this::onCpusOnline)
        .onMessageEquals(BootDone.INSTANCE, this::onBootDone)
        .onMessage(Fire.class, this::onFire)
        .onMessage(Restart.class, this::onRestart)
        .onMessage(Stopped.class, this::onStopped)
        .build();
  }

  private Behavior<Command> onCpusOnline(CpusOnline online) {
    cpus = online.cpus();
    return this;
  }

  private Behavior<Command> onBootDone() {
    if (armed) {
      return this;
    }
    armed = true;
    for (int i = 0; i < faults.size(); i++) {
      sim.startTimer(getContext().getSelf(), "fault-" + i, faults.get(i).atNanos(), new Fire(i));
    }
    return this;
  }

  private Behavior<Command> onFire(Fire fire) {
    Scenario.Fault fault = faults.get(fire.fault());
    sim.trace(getContext().getSelf(), ScenarioTrace.FAULT.with(fault.cpu(), "stop (stop_machine)"));
    sim.send(
        getContext().getSelf(),
        cpus.get(fault.cpu()),
        new Smp.StopMachine("fault: stop-cpu", stoppedAdapter));
    if (fault.durationNanos() > 0) {
      sim.startTimer(
          getContext().getSelf(),
          "restart-" + fire.fault(),
          fault.durationNanos(),
          new Restart(fire.fault()));
    }
    return this;
  }

  private Behavior<Command> onStopped(Stopped stopped) {
    // The CPU traces its own stop (cpu_stopped).
    return this;
  }

  private Behavior<Command> onRestart(Restart restart) {
    Scenario.Fault fault = faults.get(restart.fault());
    sim.trace(getContext().getSelf(), ScenarioTrace.FAULT.with(fault.cpu(), "restarted"));
    sim.send(getContext().getSelf(), cpus.get(fault.cpu()), Smp.RestartMachine.INSTANCE);
    return this;
  }
}
