package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.kmodsim.kernel.Era;
import org.kmodsim.sim.Invariant;
import org.kmodsim.sim.Sim;

/**
 * Safety invariant: a module's count never goes below zero (kernel/module/main.c module_put's
 * {@code WARN_ON(ret < 0)}; 2.6's per-CPU sum; 2.4's {@code uc.usecount}), on the count {@code
 * module_refcount} reads from the {@link ModuleTable}; reported once per module name as a {@code
 * refcount-underflow}, unless the model's own check already reported that module.
 *
 * <p>Where it is checked depends on how the era counts. With one counter (2.4's {@code
 * uc.usecount}, 4.x's {@code atomic_t refcnt}) every get and put changes that counter, so the count
 * is checked after each of them in deterministic runs (in a concurrent run those are the stress
 * tests' hot path) and after every state change the model traces. With 2.6's per-CPU counters
 * ({@code local_inc}/{@code local_dec} on {@code mod->ref[cpu]}) one CPU's counter may go negative
 * legitimately (a get on one CPU, the put on another), and only the sum means anything; the kernel
 * sums them in {@code module_refcount()}, and only the sum under stop_machine (try_stop_module, the
 * module's own check in {@link Module}) is exact. So in 2.6 this rule reads the sum only where it
 * is a consistent cut: at the end of the run ({@link Invariant#RUN_END}, every program finished). A
 * check after each get and put would read every CPU's counter there, which no kernel code does, and
 * it would make the gets and puts of different CPUs dependent, which defeats schedule reduction
 * ({@code explore percpu-stop-machine --strategy dpor}). A 2.6 sum read without stop_machine
 * (/proc/modules, /sys/module/NAME/refcnt, a {@code module_refcount} step) may be stale or
 * transiently negative, as in the kernel, and is not a violation. The 2.6 rule runs in
 * deterministic runs only.
 *
 * <p>A GOING or freed module is not checked. From 4.x on {@code try_stop_module} takes the base
 * reference away, so {@code module_refcount} of a module on its way out reads -1, as in the kernel
 * (and the module's count is published before the loader's state): there the rule is "never below
 * -1".
 */
final class RefcountNeverNegative extends OncePerModule {
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

  /** 2.6: the per-CPU sum at the end of the run only (see the class comment). */
  private static final Set<String> PER_CPU_EVENTS =
      Set.of(Invariant.RUN_END, "violation:refcount-underflow");

  private final ModuleTable table;
  private final Set<String> events;
  private final long lowest;

  RefcountNeverNegative(ModuleTable table, Era era, boolean everyGetAndPut) {
    this.table = table;
    this.events =
        ModuleEra.of(era).perCpuCounts()
            ? PER_CPU_EVENTS
            : everyGetAndPut ? ALL_EVENTS : STATE_EVENTS;
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

  @Override
  String checkRule(org.kmodsim.sim.ModelEvent event) {
    if (event.kind().equals(Invariant.RUN_END)) {
      // Every module the table holds, in name order (the table's own order is a hash's).
      List<String> broken = new ArrayList<>();
      for (String name : new TreeSet<>(table.names())) {
        String found = check(table.pointer(name));
        if (found != null) {
          broken.add(found);
        }
      }
      return broken.isEmpty() ? null : String.join("; ", broken);
    }
    return check(table.pointer(event.string("module")));
  }

  private String check(ModuleTable.Instance module) {
    if (module == null || module.freed() || !module.live() || reported(module.name())) {
      return null;
    }
    long count = module.refcount();
    if (count >= lowest || !report(module.name())) {
      return null;
    }
    return "module_refcount(" + module.name() + ") = " + count + ": more module_put than gets";
  }
}
