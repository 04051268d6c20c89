package org.kmodsim.kernel.module;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.kmodsim.sim.Invariant;
import org.kmodsim.sim.Sim;

/**
 * Safety invariant: a resolved symbol's owner is coming or live (kernel/module/main.c
 * resolve_symbol takes ref_module on the exporter, and delete_module refuses a module that others
 * use, so an exporter cannot go while an importer is bound to its symbols). Checked after every
 * module state change and free the model traces, on the {@link ModuleTable}: a module that still
 * has holders (importers bound to its exports, {@code /sys/module/NAME/holders}) is COMING or LIVE
 * and not freed. Reported once per instance as {@code symbol-owner-gone}; only a forced unload
 * ({@code rmmod -f}, taint R) breaks it in the kernel.
 */
final class ResolvedOwnerLive implements Invariant {
  private static final Set<String> EVENTS =
      Set.of("module_state", "free_module", "violation:symbol-owner-gone");

  private final ModuleTable table;
  private final Set<ModuleTable.Instance> reported =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

  ResolvedOwnerLive(ModuleTable table) {
    this.table = table;
  }

  /** Registers the invariant for this run. */
  static void register(Sim sim, ModuleTable table) {
    sim.monitor(new ResolvedOwnerLive(table));
  }

  @Override
  public String kind() {
    return "symbol-owner-gone";
  }

  @Override
  public Set<String> events() {
    return EVENTS;
  }

  @Override
  public String check(String kind, String detail) {
    if (kind.startsWith("violation:")) {
      return null; // the model's own report: it names the module; ours would repeat it
    }
    for (ModuleTable.Instance owner : table.instances()) {
      if (owner.holders().isEmpty()) {
        continue;
      }
      ModuleState state = owner.state();
      boolean live = state == ModuleState.COMING || state == ModuleState.LIVE;
      if ((owner.freed() || !live) && reported.add(owner)) {
        return owner.name()
            + " is "
            + (owner.freed() ? "freed" : state.name())
            + " while "
            + String.join(", ", owner.holders())
            + " use its symbols";
      }
    }
    return null;
  }
}
