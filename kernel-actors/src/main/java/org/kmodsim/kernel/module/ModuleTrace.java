package org.kmodsim.kernel.module;

import org.kmodsim.sim.EventType;

/**
 * kernel/module's trace vocabulary: the reference count's gets and puts with the count before and
 * after ({@code try_module_get(hello) = true refcnt 1→2}), the state changes of {@code mod->state}
 * ({@code hello: LIVE → GOING}), the free, an oops in module memory and the module notifier's veto;
 * a module function's entry and return on a CPU (its init, its exit, a function {@code call}ed),
 * which the Perfetto trace draws as a slice.
 */
public final class ModuleTrace {
  /**
   * try_module_get on {@code cpu}: whether it got a reference, module_refcount before and after.
   */
  public static final EventType TRY_MODULE_GET =
      EventType.of(
          "try_module_get",
          "try_module_get({module}) = {ok}  refcnt {refcnt}→{refcnt_after}",
          "cpu",
          "module",
          "ok",
          "refcnt",
          "refcnt_after");

  /** module_put on {@code cpu}, module_refcount before and after. */
  public static final EventType MODULE_PUT =
      EventType.of(
          "module_put",
          "module_put({module})  refcnt {refcnt}→{refcnt_after}",
          "cpu",
          "module",
          "refcnt",
          "refcnt_after");

  /** __module_get on {@code cpu}: a reference taken without the state check. */
  public static final EventType MODULE_GET =
      EventType.of(
          "__module_get",
          "__module_get({module})  refcnt {refcnt}→{refcnt_after}",
          "cpu",
          "module",
          "refcnt",
          "refcnt_after");

  /** mod->state changed; {@code note} says how ({@code " (waiting)"}) or is empty. */
  public static final EventType STATE =
      EventType.of("module_state", "{module}: {from} → {to}{note}", "module", "from", "to", "note");

  /** free_module: the module's memory is given back. */
  public static final EventType FREE =
      EventType.of("free_module", "free_module({module}){note}", "module", "note");

  /** Module code or data used after the module was freed (or with its count at zero). */
  public static final EventType OOPS =
      EventType.of("oops", "Oops: {access} of {module}", "cpu", "module", "access");

  /**
   * A CPU entered a function of {@code module}: {@code hello_init} (do_one_initcall(mod->init)),
   * {@code hello_exit} (mod->exit in delete_module) or a function the module's code calls.
   */
  public static final EventType FUNCTION_ENTRY =
      EventType.of("module_function", "{function}() [{module}]", "cpu", "module", "function");

  /** The function entered last on {@code cpu} returned {@code ret}. */
  public static final EventType FUNCTION_RETURN =
      EventType.of(
          "module_function_return",
          "{function}() [{module}] returned {ret}",
          "cpu",
          "module",
          "function",
          "ret");

  private ModuleTrace() {}

  /** The kernel name of a module's init function, as module_init(hello_init) names it. */
  public static String initName(String module) {
    return module + "_init";
  }

  /** The kernel name of a module's exit function, as module_exit(hello_exit) names it. */
  public static String exitName(String module) {
    return module + "_exit";
  }
}
