package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;

/**
 * The lock-free side of kernel/kprobes.c, as the CPUs' int3 handlers and kretprobe trampolines see
 * it (get_kprobe under rcu_read_lock, pre_handler_kretprobe's instance pool, kprobe_fault_handler,
 * the plain {@code nmissed++}), and the RCU grace periods that unregistration waits for. Pure; the
 * {@link KprobeManager} sends what it answers.
 *
 * <p>Owns: 1. the grace periods in progress (who is inside a read-side section). Reads the
 * manager's {@link ProbeRegistry} and its global disarm switch.
 */
final class HitPath {
  private final KprobeEra era;
  private final ProbeRegistry probes;
  private final long trapNanos;
  private final GracePeriods<Runnable> grace = new GracePeriods<>();

  HitPath(KprobeEra era, ProbeRegistry probes, long trapNanos) {
    this.era = era;
    this.probes = probes;
    this.trapNanos = trapNanos;
  }

  /**
   * The int3 handler's get_kprobe() at the first armed address in [from, to): a hit enters the
   * read-side section on {@code cpu}; a recursion runs no handler.
   */
  TrapReply trap(KprobeManager.Trap trap, boolean allDisarmed) {
    long address = probes.table().firstArmed(trap.from(), trap.to(), allDisarmed);
    if (address == 0) {
      return TrapReply.NotProbed.INSTANCE;
    }
    List<Kprobe> here = probes.table().at(address);
    Kprobe freed = here.stream().filter(p -> p.ownerFreed).findFirst().orElse(null);
    if (freed != null) {
      return freed(freed, address);
    }
    List<ProbeView> views = new ArrayList<>();
    List<Boolean> instances = new ArrayList<>();
    for (Kprobe probe : here) {
      if (!probe.isDisabled()) {
        views.add(probe.view());
        instances.add(!trap.reentering() && takeInstance(probe));
      }
    }
    if (trap.reentering()) {
      return new TrapReply.Reentered(address, views);
    }
    grace.enter(trap.cpu());
    return new TrapReply.Hit(address, views, instances, trapNanos);
  }

  /** The kretprobe entry hook's instance: from the pool, or none when all are in use. */
  private static boolean takeInstance(Kprobe probe) {
    if (!probe.spec.kretprobe() || probe.instancesInUse >= probe.maxactive) {
      return false;
    }
    probe.instancesInUse++;
    return true;
  }

  /** The trampoline's lookup of its instance's probe. */
  TrapReply kretprobeReturn(KprobeManager.KretprobeReturn ret) {
    Kprobe probe = probes.get(ret.key());
    if (probe != null && probe.ownerFreed) {
      return freed(probe, probe.address);
    }
    if (probe == null || !probe.registered || probe.id != ret.id()) {
      return TrapReply.Orphan.INSTANCE; // unregistered meanwhile: the instance is just freed
    }
    grace.enter(ret.cpu());
    return new TrapReply.Hit(
        probe.address, List.of(probe.view()), List.of(Boolean.TRUE), trapNanos);
  }

  private TrapReply freed(Kprobe probe, long fallback) {
    long struct = probes.structAddress(probe, fallback);
    return new TrapReply.Freed(probe.key, struct, era.faultMessage(struct));
  }

  /** The CPU left its section and gave instances back: the grace periods that ended. */
  List<Runnable> quiescent(KprobeManager.Quiescent quiescent) {
    for (KprobeManager.Instance instance : quiescent.releaseInstances()) {
      Kprobe probe = probes.get(instance.key());
      if (probe != null
          && probe.registered
          && probe.id == instance.id()
          && probe.instancesInUse > 0) {
        probe.instancesInUse--;
      }
    }
    return grace.exit(quiescent.cpu());
  }

  /** synchronize_rcu(): true when no CPU is inside, so {@code bottom} may run now. */
  boolean startGracePeriod(Runnable bottom) {
    return grace.start(bottom);
  }

  /** This CPU is inside a read-side section (a handler runs on it). */
  boolean inside(int cpu) {
    return grace.inside(cpu);
  }

  /** kprobe_fault_handler(): the fault_handler of the probe whose handler faulted. */
  TrapReply faultInHandler(long id) {
    Kprobe probe = probes.byId(id);
    return probe == null
        ? TrapReply.NotProbed.INSTANCE
        : new TrapReply.FaultHandler(probe.key, probe.spec.fault());
  }

  /** The load half of {@code nmissed++}. */
  long readCounter(ProbeKey key, KprobeManager.Counter counter) {
    Kprobe probe = probes.get(key);
    if (probe == null) {
      return 0;
    }
    return counter == KprobeManager.Counter.NMISSED ? probe.nmissed : probe.kretprobeNmissed;
  }

  /** The store half: false when the value is stale (another CPU's increment is lost). */
  boolean writeCounter(ProbeKey key, KprobeManager.Counter counter, long value) {
    Kprobe probe = probes.get(key);
    if (probe == null) {
      return true;
    }
    long before = counter == KprobeManager.Counter.NMISSED ? probe.nmissed : probe.kretprobeNmissed;
    if (counter == KprobeManager.Counter.NMISSED) {
      probe.nmissed = value;
    } else {
      probe.kretprobeNmissed = value;
    }
    return value == before + 1;
  }
}
