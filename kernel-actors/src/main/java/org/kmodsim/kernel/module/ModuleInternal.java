package org.kmodsim.kernel.module;

import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.kernel.Errno;
import org.kmodsim.sim.Sim;

/**
 * What the loader's collaborators may do under module_mutex, in the spirit of
 * kernel/module/internal.h: the load story ({@link ModuleLoad}), the load bookkeeping ({@link
 * LoadCoordinator}, {@link RefModule}), the unload ({@link Unload}), the 2.4 calls and the
 * autoclean walk ({@link UserSpaceLinking}, in the loader's {@code v24} package), the oops and the
 * files ({@link Oopses}, {@link ProcFiles}). {@link ModuleCore} implements it; a collaborator never
 * sees the loader's fields. Every change of module state (list membership, {@code mod->state}, the
 * holders, the taint mask) goes through one of these methods, so the loader stays its only writer.
 * Public for the {@code v24} package only (ArchitectureTest keeps every other package out, as
 * internal.h is included by kernel/module/ only).
 */
public interface ModuleInternal {
  ModuleEra era();

  ModuleSettings settings();

  ModuleLoader.Deps deps();

  Sim sim();

  /** The loader's own reference: the sender of everything a collaborator sends. */
  ActorRef<ModuleLoader.Command> self();

  /** The list, to read; it is changed only through the methods below. */
  ModuleList modules();

  <T> void send(ActorRef<T> to, T message);

  void log(LogLine line);

  void trace(org.kmodsim.sim.ModelEvent event);

  /** A model event of one free-text field. */
  default void trace(String kind, String detail) {
    trace(org.kmodsim.sim.EventType.text(kind).with(detail));
  }

  /** A sequence number, unique per loader (load, module and wait ids). */
  long nextId();

  /** The kernel's taint mask, a copy. */
  Set<Taint> tainted();

  /**
   * add_taint at the flags' own call sites (kernel/panic.c): the kernel's mask only grows, and the
   * first flag that makes lockdep unreliable prints "Disabling lock debugging due to kernel taint".
   */
  void taint(Collection<Taint> taints);

  /** proc_taint, a write of /proc/sys/kernel/tainted: add_taint(i, LOCKDEP_STILL_OK) from 3.9. */
  void taintFromProc(Collection<Taint> taints);

  /** 2.4's write of /proc/sys/kernel/tainted (proc_dointvec): the mask becomes what was written. */
  void setTaintedFromProc(Collection<Taint> taints);

  /** oops_enter's debug_locks_off(): lock debugging off without a message. */
  void debugLocksOff();

  /** pr_notice_once of "module verification failed": whether it was printed, and printing it. */
  boolean unsignedNoticed();

  void noticeUnsigned();

  /** The gate of every load and unload: CAP_SYS_MODULE, and modules_disabled (2.6+). */
  Errno gate(org.kmodsim.cpu.Cred cred);

  /**
   * add_unformed_module: a new struct module (its actor spawned, linked into the list and the
   * {@link ModuleTable} at {@code address}).
   */
  ModuleList.Entry addModule(ModuleLoad load, long address, long size);

  /** 2.4 create_module: a blank slot in the list. */
  void addSlot(ModuleList.Entry slot);

  /** mod->state changes (checked: only along UNFORMED, COMING, LIVE, GOING). */
  void setState(ModuleList.Entry entry, ModuleState state);

  /**
   * try_stop_module (or the 2.4 autoclean walk) stopped the module: GOING, announced by the
   * module's actor and the unload themselves.
   */
  void stopped(ModuleList.Entry entry);

  /** ref_module: {@code user} takes a strong reference on {@code owner}. */
  void addUse(ModuleList.Entry user, ModuleList.Entry owner);

  /** Drops the references {@code entry} holds on the modules it uses (their "Used by"). */
  void dropTargets(ModuleList.Entry entry);

  /** free_module: references, symbols, sysfs, the list; the actor stays as a tombstone. */
  void freeModule(ModuleList.Entry entry);

  /**
   * 2.4: a failed init restores the blank slot (the name stays listed {@code (uninitialized)}); the
   * module's code and symbols go.
   */
  void unfill(ModuleList.Entry entry);

  /** The module's /sys/module/NAME directory exists (mod_sysfs_setup) or not. */
  void sysfs(ModuleList.Entry entry, boolean present);

  /** modules_disabled: once set, no load or unload until reboot. */
  boolean modulesDisabled();

  void disableModules();

  /** The number of the next oops ({@code [#N]}). */
  int nextOops();

  /** "NAME(FLAGS)" of the last module unloaded, or null. */
  String lastUnloaded();

  /** The last module unloaded, for "Modules linked in: ... [last unloaded: ...]". */
  void lastUnloaded(ModuleList.Entry entry);

  /** Where a module's answer to try_stop_module or the 2.4 autoclean walk goes. */
  ActorRef<Module.StopResult> stopReplies();

  /** blocking_notifier_call_chain for {@code event} of the module; {@code then} gets the veto. */
  void notify(String name, ModuleState event, Consumer<Errno> then);
}
