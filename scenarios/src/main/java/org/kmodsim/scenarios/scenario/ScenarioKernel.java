package org.kmodsim.scenarios.scenario;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Services;
import org.kmodsim.cpu.smp.Smp;
import org.kmodsim.kernel.BootContext;
import org.kmodsim.kernel.Subsystem;

/**
 * The scenario's own part of the machine, booted after every kernel subsystem: the scenario steps,
 * the shared memory of litmus scenarios and the fault injector (when the scenario has faults to
 * inject during the run). It also keeps the command registry the machine ended up with, so the
 * runner can check what a scenario needs.
 */
final class ScenarioKernel implements Subsystem {
  private final List<Scenario.Fault> faults;
  private final ScenarioReport report = new ScenarioReport();
  private volatile Commands commands;

  ScenarioKernel(List<Scenario.Fault> faults) {
    this.faults = List.copyOf(faults);
  }

  @Override
  public String name() {
    return "scenario";
  }

  @Override
  public Services boot(BootContext boot, Services booted) {
    ScenarioSteps.register(boot.commands(), report);
    boot.sim().sharedState(ScenarioReport.REGION, report);
    commands = boot.commands();
    Services services =
        booted.with(
            Memory.KEY, boot.sim().spawn(boot.ctx(), Memory.create(boot.sim(), report), "memory"));
    if (faults.isEmpty()) {
      return services; // nothing to inject: no injector, and the runner adds no boot-end mark
    }
    return services.with(
        FaultInjector.KEY,
        boot.sim().spawn(boot.ctx(), FaultInjector.create(boot.sim(), faults), "faults"));
  }

  @Override
  public void cpusOnline(BootContext boot, Services all, List<ActorRef<Smp.Ipi>> cpus) {
    if (all.has(FaultInjector.KEY)) {
      boot.sim().send(null, all.get(FaultInjector.KEY), new FaultInjector.CpusOnline(cpus));
    }
  }

  ScenarioReport report() {
    return report;
  }

  /** The machine's command registry once booted (null before). */
  Commands commands() {
    return commands;
  }
}
