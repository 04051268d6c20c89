package org.kmodsim.kernel;

import com.typesafe.config.Config;
import java.util.List;
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

  /** Settings read once per JVM, by configuration object (identity), era, CPU count and type. */
  private static final BuildCache<List<Object>, Object> SETTINGS = new BuildCache<>(64);

  /**
   * A subsystem's settings, read from this configuration once per JVM: an explorer boots thousands
   * of machines with one configuration object, and reading its keys on every boot costs more than a
   * small scenario. {@code read} must make an immutable value from the configuration, the era and
   * the CPU count alone; a value it rejects (an exception) is read again next time.
   */
  public <T> T settings(Class<T> type, java.util.function.Function<BootContext, T> read) {
    Last last = LAST.get(type);
    if (last != null && last.config == config && last.era == era && last.cpus == cpus) {
      return type.cast(last.value);
    }
    T value =
        type.cast(
            SETTINGS.get(
                List.of(new SameConfig(config), era, cpus, type), key -> read.apply(this)));
    LAST.put(type, new Last(config, era, cpus, value));
    return value;
  }

  /**
   * The last settings of each type, by the configuration object (identity), era and CPU count they
   * were read for: every boot of an explorer asks for them again with the same configuration, and
   * this answers without building a key or taking the memo's lock.
   */
  private static final java.util.concurrent.ConcurrentHashMap<Class<?>, Last> LAST =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** One type's last settings and what they were read for. */
  private record Last(Config config, Era era, int cpus, Object value) {}

  /** A configuration compared by identity: its own equals walks the whole tree. */
  private record SameConfig(Config config) {
    @Override
    public boolean equals(Object other) {
      return other instanceof SameConfig same && same.config == config;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(config);
    }
  }
}
