package org.kmodsim.kernel.module;

import java.util.HashSet;
import java.util.Set;
import org.kmodsim.kernel.Era;
import org.kmodsim.sim.Invariant;
import org.kmodsim.sim.Sim;
import org.kmodsim.sim.TraceEvent;

/**
 * Safety invariant: a module's count never goes below zero (kernel/module/main.c module_put's
 * {@code WARN_ON(ret < 0)}; 2.6's per-CPU sum; 2.4's {@code uc.usecount}). Checked after every
 * get, put and state change of a module the model traces, on the count {@code module_refcount}
 * reads from the {@link ModuleTable}; reported once per module name as a {@code
 * refcount-underflow}, unless the model's own check already reported that module.
 *
 * <p>A GOING or freed module is not checked. From 4.x on {@code try_stop_module} takes the base
 * reference away, so {@code module_refcount} of a module on its way out reads -1, as in the
 * kernel (and the module's count is published before the loader's state): there the rule is
 * "never below -1". The 2.6 per-CPU counters are summed only when {@code exact} (deterministic runs, where
 * every read is a consistent cut); in a concurrent run an unlocked sum may be caught between the
 * get on one CPU and the put on another, which is why the kernel sums them under stop_machine.
 */
final class RefcountNeverNegative implements Invariant {
  private static final Set<String> EVENTS =
      Set.of("try_module_get", "__module_get", "module_put", "module_state", "free_module",
          "violation:refcount-underflow");

  private final ModuleTable table;
  private final long lowest;
  private final Set<String> reported = new HashSet<>();

  RefcountNeverNegative(ModuleTable table, Era era) {
    this.table = table;
    // 4.x on: refcnt 0 (module_refcount -1) is "being unloaded", published before the state.
    this.lowest = era.compareTo(Era.V4_X) >= 0 ? -1 : 0;
  }

  /** Registers the invariant for this run, where the count can be read without a lock. */
  static void register(Sim sim, ModuleTable table, Era era) {
    // Deterministic mode runs one entity at a time: no run-ahead.
    if (era != Era.V2_6 || sim.runAheadNanos() == 0) {
      sim.monitor(new RefcountNeverNegative(table, era));
    }
  }

  @Override
  public String kind() {
    return "refcount-underflow";
  }

  @Override
  public Set<String> events() {
    return EVENTS;
  }

  @Override
  public synchronized String check(TraceEvent event) {
    if (event.kind().startsWith("violation:")) {
      // Reported already (by the model's own check, or by this one): once is enough.
      for (String word : event.detail().split("[^A-Za-z0-9_-]+")) {
        reported.add(word);
      }
      return null;
    }
    // The module's events name it first: "hello cpu0 true", "hello GOING".
    String name = event.detail().split(" ", 2)[0];
    ModuleTable.Instance module = table.pointer(name);
    if (module == null || module.freed() || !module.live() || reported.contains(name)) {
      return null;
    }
    long count = module.refcount();
    if (count >= lowest) {
      return null;
    }
    reported.add(name);
    return "module_refcount(" + name + ") = " + count + ": more module_put than gets";
  }
}
