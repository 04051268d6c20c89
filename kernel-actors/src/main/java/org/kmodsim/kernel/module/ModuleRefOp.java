package org.kmodsim.kernel.module;

/**
 * The reference-count operations of the step language, by their kernel names (include/linux/
 * module.h): {@code try_module_get}, {@code __module_get}, {@code module_put}, {@code
 * module_refcount}, {@code MOD_IN_USE}, and the 2.4 {@code MOD_INC_USE_COUNT} and {@code
 * MOD_DEC_USE_COUNT}, with what each is in an era. Pure; {@link ModuleRefSteps} runs them.
 */
enum ModuleRefOp {
  TRY_GET("try_module_get", ""),
  GET("__module_get", ""),
  PUT("module_put", ""),
  REFCOUNT("module_refcount", ""),
  IN_USE("MOD_IN_USE", " (2.4)"),
  INC_USE_COUNT("MOD_INC_USE_COUNT", " (2.4)"),
  DEC_USE_COUNT("MOD_DEC_USE_COUNT", " (2.4)");

  /** The command: the kernel's name. */
  final String command;

  /** The command's synopsis; the 2.4 ones say so. */
  final String synopsis;

  ModuleRefOp(String command, String era) {
    this.command = command;
    this.synopsis = command + " MODULE" + era;
  }

  /**
   * What the operation is in {@code era}. MOD_INC/DEC_USE_COUNT is the 2.4 non-atomic macro; later
   * eras kept it as a deprecated wrapper (2.5/2.6 marked the module unsafe): there it is
   * __module_get / module_put, so the samples load everywhere.
   */
  ModuleRefOp in(ModuleEra era) {
    if (era.hasUseCountMacros() || !isUseCountMacro()) {
      return this;
    }
    return this == INC_USE_COUNT ? GET : PUT;
  }

  /** MOD_INC_USE_COUNT or MOD_DEC_USE_COUNT, the 2.4 macros. */
  boolean isUseCountMacro() {
    return this == INC_USE_COUNT || this == DEC_USE_COUNT;
  }

  /** module_refcount and MOD_IN_USE read the count; the others change it. */
  boolean readsCount() {
    return this == REFCOUNT || this == IN_USE;
  }
}
