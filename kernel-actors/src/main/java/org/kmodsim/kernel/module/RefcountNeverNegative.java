package org.kmodsim.kernel.module;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.kmodsim.kernel.Era;
import org.kmodsim.sim.Invariant;
import org.kmodsim.sim.Sim;

/**
 * Safety invariant: a module's count never goes below zero (kernel/module/main.c module_put's
 * {@code WARN_ON(ret < 0)}; 2.6's per-CPU sum; 2.4's {@code uc.usecount}). Checked after every
 * state change of a module the model traces and, in deterministic runs, after every get and put too
 * (in a concurrent run those are the stress tests' hot path), on the count {@code module_refcount}
 * reads from the {@link ModuleTable}; reported once per module name as a {@code
 * refcount-underflow}, unless the model's own check already reported that module.
 *
 * <p>A GOING or freed module is not checked. From 4.x on {@code try_stop_module} takes the base
 * reference away, so {@code module_refcount} of a module on its way out reads -1, as in the kernel
 * (and the module's count is published before the loader's state): there the rule is "never below
 * -1". With 2.6's per-CPU counters it runs in deterministic runs only, where every read is a
 * consistent cut: in a concurrent run an unlocked sum may be caught between the get on one CPU and
 * the put on another, which is why the kernel sums them under stop_machine.
 */
final class RefcountNeverNegative implements Invariant, org.kmodsim.sim.StateDigest {
  /** The state changes: rare, checked in every run. */
  private static final Set<String> STATE_EVENTS =
      Set.of("module_state", "free_module", "violation:refcount-underflow");

  /** And every get and put: in deterministic runs, off the concurrent hot path. */
  private static final Set<String> ALL_EVENTS =
      Set.of(
          "try_module_get",
          "__module_get",
          "module_put",
          "module_state",
          "free_module",
          "violation:refcount-underflow");

  private final ModuleTable table;
  private final Set<String> events;
  private final long lowest;
  // Read and written by the CPUs' threads at once in concurrent mode: no lock on the hot path.
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  RefcountNeverNegative(ModuleTable table, Era era, boolean everyGetAndPut) {
    this.table = table;
    this.events = everyGetAndPut ? ALL_EVENTS : STATE_EVENTS;
    // 4.x on: refcnt 0 (module_refcount -1) is "being unloaded", published before the state.
    this.lowest = era.compareTo(Era.V4_X) >= 0 ? -1 : 0;
  }

  /** Registers the invariant for this run, where the count can be read without a lock. */
  static void register(Sim sim, ModuleTable table, Era era) {
    // Deterministic mode runs one entity at a time: no run-ahead.
    boolean deterministic = sim.runAheadNanos() == 0;
    if (era != Era.V2_6 || deterministic) {
      sim.monitor(new RefcountNeverNegative(table, era, deterministic));
    }
  }

  @Override
  public String kind() {
    return "refcount-underflow";
  }

  @Override
  public Set<String> events() {
    return events;
  }

  /** It keeps only the modules it has reported. */
  @Override
  public boolean changesOnlyWhenReporting() {
    return true;
  }

  /** What it keeps: the modules it has reported (a rule is reported once per module). */
  @Override
  public long stateDigest() {
    long sum = 0;
    for (String module : reported) {
      sum += org.kmodsim.sim.Seeds.hash(module);
    }
    return sum;
  }

  @Override
  public String check(org.kmodsim.sim.ModelEvent event) {
    if (event.kind().startsWith("violation:")) {
      // Reported already (by the model's own check, or by this one): once is enough.
      for (String word : event.text().split("[^A-Za-z0-9_-]+")) {
        reported.add(word);
      }
      return null;
    }
    String name = event.string("module");
    ModuleTable.Instance module = table.pointer(name);
    if (module == null || module.freed() || !module.live() || reported.contains(name)) {
      return null;
    }
    long count = module.refcount();
    if (count >= lowest || !reported.add(name)) {
      return null;
    }
    return "module_refcount(" + name + ") = " + count + ": more module_put than gets";
  }
}
