package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.kmodsim.kernel.Errno;

/**
 * ref_module for a load (kernel/module/main.c resolve_symbol_wait, ref_module): a strong reference
 * on each module the new one uses, waiting up to 30 s while one of them is still COMING (in its
 * init), then "gave up waiting for init of module". In 2.4 the owners are the dependencies insmod
 * found, and one that is gone is EINVAL.
 *
 * <p>Owns (for the loader): 1. the loads waiting for a dependency's init.
 */
final class RefModule {
  private record DependencyWait(
      long id, ModuleLoad load, List<String> owners, boolean userResolved) {}

  private final ModuleInternal kernel;
  private final List<DependencyWait> dependencyWaiters = new ArrayList<>();

  RefModule(ModuleInternal kernel) {
    this.kernel = kernel;
  }

  /**
   * ref_module for each owner: null when the references are taken, or when the load now waits for
   * an owner's init (it resumes or fails later); an errno when an owner is gone.
   */
  Errno refModules(ModuleLoad load, List<String> owners, boolean userResolved) {
    ModuleList.Entry entry = load.entry();
    entry.taints.addAll(load.taints());
    kernel.taint(load.taints());
    return attempt(load, owners, userResolved, -1);
  }

  /** A module changed state: every waiting load looks at its owners again. */
  void retry() {
    List<DependencyWait> waiting = new ArrayList<>(dependencyWaiters);
    dependencyWaiters.clear();
    for (DependencyWait wait : waiting) {
      Errno error = attempt(wait.load(), wait.owners(), wait.userResolved(), wait.id());
      if (error != null) {
        wait.load().fail(error);
      } else if (!waits(wait.id())) {
        wait.load().resume();
      }
    }
  }

  void onDependencyTimeout(ModuleLoader.DependencyTimeout timeout) {
    for (Iterator<DependencyWait> it = dependencyWaiters.iterator(); it.hasNext(); ) {
      DependencyWait wait = it.next();
      if (wait.id() == timeout.id()) {
        it.remove();
        for (String owner : wait.owners()) {
          ModuleList.Entry entry = kernel.modules().get(owner);
          if (entry != null && entry.state() == ModuleState.COMING) {
            kernel.log(
                LogLine.warn(
                    wait.load().name() + ": gave up waiting for init of module " + owner + "."));
          }
        }
        wait.load().fail(Errno.EBUSY);
        return;
      }
    }
  }

  private boolean waits(long id) {
    return dependencyWaiters.stream().anyMatch(wait -> wait.id() == id);
  }

  private Errno attempt(ModuleLoad load, List<String> owners, boolean userResolved, long waitId) {
    boolean coming = false;
    for (String owner : owners) {
      ModuleList.Entry target = kernel.modules().get(owner);
      if (target == null
          || target.state() == ModuleState.GOING
          || target.state() == ModuleState.UNFORMED) {
        if (waitId >= 0) {
          kernel.sim().cancelTimer(kernel.self(), "dependency-wait-" + waitId);
        }
        if (userResolved) {
          kernel.log(LogLine.err("init_module: found dependency that is (no longer?) a module."));
          return Errno.EINVAL;
        }
        kernel.log(SimplifySymbols.unknownOwner(load.name(), owner, kernel.era().era()));
        return Errno.ENOENT;
      }
      coming |= target.state() == ModuleState.COMING;
    }
    if (coming) {
      long id = waitId >= 0 ? waitId : kernel.nextId();
      dependencyWaiters.add(new DependencyWait(id, load, owners, userResolved));
      if (waitId < 0) {
        kernel
            .sim()
            .startTimer(
                kernel.self(),
                "dependency-wait-" + id,
                kernel.settings().dependencyWaitNanos(),
                new ModuleLoader.DependencyTimeout(id));
        return load.awaitDependency();
      }
      return null;
    }
    if (waitId >= 0) {
      kernel.sim().cancelTimer(kernel.self(), "dependency-wait-" + waitId);
    }
    for (String owner : owners) {
      kernel.addUse(load.entry(), kernel.modules().get(owner));
    }
    return null;
  }
}
