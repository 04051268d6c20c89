package org.kmodsim.kernel.module;

import java.util.Set;
import org.kmodsim.sim.Sim;

/**
 * Safety invariant: no code runs in a freed module because a reference said it could
 * (kernel/module/main.c try_module_get: a caller that got a reference may call into the module, so
 * a successful get must never be on freed module memory). Checked on every successful {@code
 * try_module_get} the model traces, against the instance the {@link ModuleTable} holds for the
 * name; reported once per name as a {@code use-after-free}, unless the model has reported one for
 * that module already.
 *
 * <p>The other way into freed code, a call through a stale pointer with no reference at all, is the
 * fault the model itself takes (the instruction fetch in {@link ModuleSteps}): that is an oops,
 * reported by the loader.
 */
final class FreedModuleNeverEntered extends OncePerModule {
  private static final Set<String> EVENTS = Set.of("try_module_get", "violation:use-after-free");

  private final ModuleTable table;

  FreedModuleNeverEntered(ModuleTable table) {
    this.table = table;
  }

  /** Registers the invariant for this run. */
  static void register(Sim sim, ModuleTable table) {
    sim.monitor(new FreedModuleNeverEntered(table));
  }

  @Override
  public String kind() {
    return "use-after-free";
  }

  @Override
  public Set<String> events() {
    return EVENTS;
  }

  @Override
  String checkRule(org.kmodsim.sim.ModelEvent event) {
    // try_module_get: the module, the CPU, whether the get succeeded.
    if (!event.flag("ok")) {
      return null;
    }
    String name = event.string("module");
    ModuleTable.Instance module = table.pointer(name);
    if (module == null || !module.freed() || !report(name)) {
      return null;
    }
    return "try_module_get("
        + name
        + ") succeeded on freed module memory at "
        + Long.toHexString(module.address());
  }
}
