package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

/**
 * ref_module for a load (kernel/module/main.c resolve_symbol_wait, ref_module): a strong
 * reference on each module the new one uses, waiting up to 30 s while one of them is still
 * COMING (in its init), then "gave up waiting for init of module". In 2.4 the owners are the
 * dependencies insmod found, and one that is gone is EINVAL.
 *
 * <p>Owns (for the loader): 1. the loads waiting for a dependency's init.
 */
final class RefModule {
  /** The 30 s wait for a dependency's init ran out. */
  record DependencyTimeout(long id) implements ModuleLoader.Command {}

  private record DependencyWait(long id, ModuleLoad.UseModules request) {}

  private final ModuleLoader loader;
  private final LongSupplier nextId;
  private final List<DependencyWait> dependencyWaiters = new ArrayList<>();

  /** {@code nextId}: the loader's sequence, shared with the names of the loads and modules. */
  RefModule(ModuleLoader loader, LongSupplier nextId) {
    this.loader = loader;
    this.nextId = nextId;
  }

  /** ref_module for each owner: a strong get that waits while the owner is COMING. */
  void useModules(ModuleLoad.UseModules use) {
    useModules(use, -1);
  }

  /** A module changed state: every waiting load looks at its owners again. */
  void retry() {
    List<DependencyWait> waiting = new ArrayList<>(dependencyWaiters);
    dependencyWaiters.clear();
    for (DependencyWait wait : waiting) {
      useModules(wait.request(), wait.id());
    }
  }

  void onDependencyTimeout(DependencyTimeout timeout) {
    for (Iterator<DependencyWait> it = dependencyWaiters.iterator(); it.hasNext(); ) {
      DependencyWait wait = it.next();
      if (wait.id() == timeout.id()) {
        it.remove();
        for (String owner : wait.request().owners()) {
          ModuleList.Entry entry = loader.modules.get(owner);
          if (entry != null && entry.state == ModuleState.COMING) {
            loader.log(LogLine.warn(wait.request().name() + ": gave up waiting for init of module "
                + owner + "."));
          }
        }
        reply(wait.request().load(), new ModuleLoad.UsesTaken(Errno.EBUSY));
      }
    }
  }

  private void useModules(ModuleLoad.UseModules use, long waitId) {
    ModuleList.Entry entry = loader.modules.get(use.name());
    if (entry == null) {
      return;
    }
    entry.taints.addAll(use.taints());
    loader.tainted.addAll(use.taints());
    boolean coming = false;
    for (String owner : use.owners()) {
      ModuleList.Entry target = loader.modules.get(owner);
      if (target == null || target.state == ModuleState.GOING
          || target.state == ModuleState.UNFORMED) {
        if (use.userResolved()) {
          loader.log(LogLine.err(
              "init_module: found dependency that is (no longer?) a module."));
          reply(use.load(), new ModuleLoad.UsesTaken(Errno.EINVAL));
          return;
        }
        loader.log(SimplifySymbols.unknownOwner(use.name(), owner, loader.era));
        reply(use.load(), new ModuleLoad.UsesTaken(Errno.ENOENT));
        return;
      }
      coming |= target.state == ModuleState.COMING;
    }
    if (coming) {
      long id = waitId >= 0 ? waitId : nextId.getAsLong();
      dependencyWaiters.add(new DependencyWait(id, use));
      if (waitId < 0) {
        loader.sim.startTimer(loader.self(), "dependency-wait-" + id,
            loader.deps.settings().dependencyWaitNanos(), new DependencyTimeout(id));
      }
      return;
    }
    if (waitId >= 0) {
      loader.sim.cancelTimer(loader.self(), "dependency-wait-" + waitId);
    }
    takeReferences(use, entry);
  }

  /** The references: each owner lists the new module among its users ("Used by"). */
  private void takeReferences(ModuleLoad.UseModules use, ModuleList.Entry entry) {
    for (String owner : use.owners()) {
      ModuleList.Entry target = loader.modules.get(owner);
      target.users.add(use.name());
      target.usedOnce |= loader.era == Era.V2_4; // init_module sets MOD_USED_ONCE on its deps
      entry.targets.add(owner);
      target.memory.addDependent(+1);
      loader.sim.send(loader.self(), target.module,
          new Module.SetHolders(List.copyOf(target.users)));
    }
    reply(use.load(), new ModuleLoad.UsesTaken(null));
  }

  private <T> void reply(ActorRef<T> to, T message) {
    loader.sim.send(loader.self(), to, message);
  }
}
