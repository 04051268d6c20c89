package org.kmodsim.kernel.module;

/**
 * The module notifier chain (kernel/module/main.c, blocking_notifier_call_chain on
 * module_notify_list): what {@link ModuleLoader.Subscribe} subscribers receive.
 */
public sealed interface ModuleEvent {
  String name();

  /** MODULE_STATE_COMING: linked, exports visible, before parameters and init. */
  record ModuleComing(String name, long address, long size) implements ModuleEvent {}

  /** MODULE_STATE_LIVE: init succeeded. */
  record ModuleLive(String name) implements ModuleEvent {}

  /** MODULE_STATE_GOING: init failed or the module is being unloaded (after exit). */
  record ModuleGoing(String name) implements ModuleEvent {}
}
