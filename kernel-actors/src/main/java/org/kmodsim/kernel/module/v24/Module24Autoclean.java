package org.kmodsim.kernel.module.v24;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.kmodsim.kernel.module.Module;
import org.kmodsim.kernel.module.ModuleInternal;
import org.kmodsim.kernel.module.ModuleList;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.module.ModuleState;
import org.kmodsim.kernel.module.ModuleTrace;
import org.kmodsim.kernel.module.UserSpaceLinking;

/**
 * 2.4 delete_module(NULL), the automatic reaping of {@code rmmod -a} and kerneld (2.4
 * kernel/module.c sys_delete_module): one walk of the module list, newest first. A module with no
 * users, MOD_AUTOCLEAN, running and not deleted is asked (the module owns its count and flags)
 * whether it is used once and not in use; if so it is freed, unless MOD_VISITED says it was used
 * since the last call, which only clears the flag. A module freed here marks the modules it used
 * MOD_JUST_FREED when it was their last user: they go in the same call. The walk restarts while
 * something was freed. So an unused module goes on the second consecutive call.
 *
 * <p>Owns: 1. the walk of one call (the caller, the names, the position, whether it freed).
 */
final class Module24Autoclean implements UserSpaceLinking.Autoclean {
  private final ModuleInternal kernel;
  private final ModuleLoader.DeleteModule request;
  private List<String> walk = List.of();
  private int position;
  private boolean changed;
  private boolean done;
  private String reaping;

  Module24Autoclean(ModuleInternal kernel, ModuleLoader.DeleteModule request) {
    this.kernel = kernel;
    this.request = request;
  }

  @Override
  public void start() {
    kernel.sim().cover("autoclean-call");
    restart();
  }

  @Override
  public boolean done() {
    return done;
  }

  @Override
  public String reaping() {
    return reaping;
  }

  private void restart() {
    walk = new ArrayList<>();
    for (ModuleList.Entry entry : kernel.modules().newestFirst()) {
      walk.add(entry.name());
    }
    position = 0;
    changed = false;
    next();
  }

  /** Asks the next candidate, or ends the call (restarting while it freed something). */
  private void next() {
    while (position < walk.size()) {
      ModuleList.Entry entry = kernel.modules().get(walk.get(position++));
      if (entry != null && candidate(entry)) {
        kernel.send(
            entry.module(), new Module.TryAutoclean(entry.justFreed(), kernel.stopReplies()));
        return;
      }
    }
    if (changed) {
      restart();
      return;
    }
    for (ModuleList.Entry entry : kernel.modules().newestFirst()) {
      entry.justFreed(false);
    }
    done = true;
    kernel.send(request.replyTo(), new ModuleLoader.Deleted(""));
  }

  /**
   * refs NULL, MOD_AUTOCLEAN, MOD_RUNNING, not MOD_DELETED. A module without exit is left alone, as
   * delete_module by name leaves it in this model.
   */
  private static boolean candidate(ModuleList.Entry entry) {
    return entry.users().isEmpty()
        && entry.autoclean()
        && entry.state() == ModuleState.LIVE
        && !entry.permanent();
  }

  /** The module's answer: free it (its exit runs on the caller's CPU first), or go on. */
  @Override
  public void onReplied(Module.StopResult result) {
    ModuleList.Entry entry = kernel.modules().get(result.name());
    if (!result.stopped() || entry == null) {
      next();
      return;
    }
    kernel.stopped(entry);
    kernel.trace(
        ModuleTrace.STATE.with(entry.name(), entry.state(), ModuleState.GOING, " (autoclean)"));
    reaping = entry.name();
    kernel.send(
        request.replyTo(), new ModuleLoader.RunExit(entry.name(), entry.exit(), entry.instance()));
  }

  /**
   * free_module(mod, 1): the modules it used that have no user left are MOD_JUST_FREED. A null
   * entry (already gone) only moves the walk on.
   */
  @Override
  public void freed(ModuleList.Entry entry) {
    TreeSet<String> used = new TreeSet<>(entry == null ? List.of() : entry.targets());
    if (entry != null) {
      kernel.freeModule(entry);
    }
    for (String name : used) {
      ModuleList.Entry owner = kernel.modules().get(name);
      if (owner != null && owner.users().isEmpty()) {
        owner.justFreed(true);
      }
    }
    reaping = null;
    changed = true;
    next();
  }
}
