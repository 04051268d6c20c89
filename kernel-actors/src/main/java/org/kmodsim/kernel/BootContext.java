package org.kmodsim.kernel;

import com.typesafe.config.Config;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.smp.PerCpuAreas;
import org.kmodsim.sim.Sim;

/**
 * What a {@link Subsystem} gets at boot: the run's engine, the machine actor's context to spawn
 * children in, the whole merged configuration (subsystems read their {@code *Settings} from it
 * here, never in actors), the era, the CPU count, the command registry, and the per-CPU areas
 * (allocated before the CPUs come online; kernel actors may read them without a lock).
 */
public record BootContext(
    Sim sim,
    ActorContext<?> ctx,
    Config config,
    Era era,
    int cpus,
    Commands commands,
    PerCpuAreas perCpu) {
  /** A machine whose per-CPU areas nobody outside the CPUs reads. */
  public BootContext(
      Sim sim, ActorContext<?> ctx, Config config, Era era, int cpus, Commands commands) {
    this(sim, ctx, config, era, cpus, commands, new PerCpuAreas(sim, cpus));
  }
}
