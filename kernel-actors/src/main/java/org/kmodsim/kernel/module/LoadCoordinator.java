package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

/**
 * The loader's side of loads (kernel/module/main.c): the syscall gate, spawning one
 * {@link ModuleLoad} per request, and the module_mutex sections a load asks for: reserving the
 * name (add_unformed_module, with each era's rule for a second load of the same name), taking
 * the references on the modules it uses (ref_module, waiting up to 30 s for one still in init),
 * state changes and the unwind.
 *
 * <p>Owns (for the loader): 1. the loads in flight and the overflow count; 2. the loads waiting
 * for a name; 3. the loads waiting for a dependency's init.
 */
final class LoadCoordinator {
  /** The 30 s wait for a dependency's init ran out. */
  record DependencyTimeout(long id) implements ModuleLoader.Command {}

  private record DependencyWait(long id, ModuleLoad.UseModules request) {}

  private final ModuleLoader loader;
  private final List<ModuleLoad.AddUnformed> nameWaiters = new ArrayList<>();
  private final List<DependencyWait> dependencyWaiters = new ArrayList<>();
  private final java.util.TreeMap<String, ModuleLoad.Finished> awaitingInitRef =
      new java.util.TreeMap<>();
  private final java.util.TreeSet<String> initRefsDropped = new java.util.TreeSet<>();
  private int inFlight;
  private long overflows;
  private long sequence;

  LoadCoordinator(ModuleLoader loader) {
    this.loader = loader;
  }

  Behavior<ModuleLoader.Command> onLoadModule(ModuleLoader.LoadModule request) {
    return load(request.info().name(), request);
  }

  /** 2.4 init_module(name, image): a load into the slot create_module made. */
  Behavior<ModuleLoader.Command> onInitModule(ModuleLoader.InitModule init) {
    return load(init.name(), new ModuleLoader.LoadModule(init.image(), init.cred(), init.cpu(),
        init.replyTo()));
  }

  private Behavior<ModuleLoader.Command> load(String name, ModuleLoader.LoadModule request) {
    LoadInfo info = request.info();
    Errno error = loader.gate(request.cred());
    if (error == null && loader.era == Era.V2_4) {
      error = loader.calls24.checkInit(name, info);
    }
    if (error == null && loader.era.atLeast(Era.V4_X)
        && loader.deps.settings().blacklist().contains(info.name())) {
      loader.log(LogLine.err("Module " + info.name() + " is blacklisted"));
      error = Errno.EPERM;
    }
    if (error == null && info.flagsInvalid()) {
      error = Errno.EINVAL;
    }
    if (error == null && inFlight >= loader.deps.settings().pendingLoadsMax()) {
      overflows++;
      loader.sim.cover("module-loads-overflow");
      error = Errno.EBUSY;
    }
    if (error != null) {
      loader.sim.send(loader.self(), request.replyTo(), new ModuleLoader.LoadFailed(error));
      return loader;
    }
    if (loader.era == Era.V2_4) {
      loader.modules.get(name).filling = true;
    }
    inFlight++;
    loader.sim.spawn(loader.context(), ModuleLoad.create(loader.sim, loader.deps, loader.self(),
        request, loader.tainted), "load-" + info.name() + "-" + (++sequence));
    return loader;
  }

  Behavior<ModuleLoader.Command> onFromLoad(ModuleLoad.ToLoader message) {
    if (message instanceof ModuleLoad.AddUnformed) {
      addUnformed((ModuleLoad.AddUnformed) message);
    } else if (message instanceof ModuleLoad.UseModules) {
      useModules((ModuleLoad.UseModules) message, -1);
    } else if (message instanceof ModuleLoad.ChangeState) {
      changeState((ModuleLoad.ChangeState) message);
    } else if (message instanceof ModuleLoad.Unwind) {
      ModuleList.Entry entry = loader.modules.get(((ModuleLoad.Unwind) message).name());
      if (entry != null && loader.era == Era.V2_4) {
        loader.calls24.unfill(entry);
      } else if (entry != null) {
        loader.freeModule(entry);
      }
    } else if (message instanceof ModuleLoad.ToModule) {
      ModuleLoad.ToModule to = (ModuleLoad.ToModule) message;
      ModuleList.Entry entry = loader.modules.get(to.name());
      if (entry != null && entry.module != null) {
        if (to.command() instanceof Module.SysfsSetup) {
          entry.sysfs = true;
        }
        reply(entry.module, to.command());
      }
    } else if (message instanceof ModuleLoad.ToKallsyms) {
      reply(loader.deps.kallsyms(), ((ModuleLoad.ToKallsyms) message).command());
    } else {
      finished((ModuleLoad.Finished) message);
    }
    return loader;
  }

  /** The syscall's answer goes out only now, after the changes the load made before it. */
  private void finished(ModuleLoad.Finished finished) {
    if (finished.load() != null) {
      inFlight--;
    }
    if (loader.era == Era.V2_4 && finished.reply() instanceof ModuleLoader.LoadFailed) {
      loader.calls24.loadFinished(finished.name());
    }
    if (finished.reply() instanceof ModuleLoader.Loaded
        && !initRefsDropped.remove(finished.name())) {
      awaitingInitRef.put(finished.name(), finished); // answered once the count is final
      return;
    }
    reply(finished.caller(), finished.reply());
  }

  /** do_init_module's last step is done: init_module returns to its caller. */
  void initRefDropped(String name) {
    ModuleLoad.Finished finished = awaitingInitRef.remove(name);
    if (finished != null) {
      reply(finished.caller(), finished.reply());
    } else {
      initRefsDropped.add(name); // the load's Finished is still on its way
    }
  }

  Behavior<ModuleLoader.Command> onDependencyTimeout(DependencyTimeout timeout) {
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
    return loader;
  }

  /** add_unformed_module, with the era's rule for a name that is taken. */
  private void addUnformed(ModuleLoad.AddUnformed add) {
    if (loader.era == Era.V2_4) {
      loader.calls24.fill(add, this);
      return;
    }
    String name = add.definition().name();
    ModuleList.Entry existing = loader.modules.get(name);
    if (existing != null) {
      Errno errno = duplicate(existing);
      if (errno != null) {
        reply(add.load(), new ModuleLoad.Refused(errno));
      } else {
        nameWaiters.add(add);
      }
      return;
    }
    long[] place = loader.modules.allocate(add.definition().coreSize());
    ModuleList.Entry entry = spawnModule(add, place[0], place[1]);
    reply(add.load(), new ModuleLoad.Unformed(entry.module, place[0]));
  }

  /** The module actor for a load, entered in the list (in 2.4 in place of its slot). */
  ModuleList.Entry spawnModule(ModuleLoad.AddUnformed add, long address, long size) {
    String name = add.definition().name();
    ActorRef<Module.Command> module = loader.sim.spawn(loader.context(), Module.create(loader.sim,
        new Module.Spec(add.definition(), add.functions(), address, add.taints(),
            loader.deps.settings(), loader.deps.vfs(), loader.self())),
        "module-" + name + "-" + (++sequence));
    ModuleList.Entry entry = new ModuleList.Entry(name, add.definition(), module, address,
        size, add.taints());
    entry.exit = add.exit();
    loader.modules.add(entry);
    loader.instances.put(name, module);
    loader.tainted.addAll(add.taints());
    return entry;
  }

  /** Null: wait for the other load to finish; else the answer now. */
  private Errno duplicate(ModuleList.Entry existing) {
    if (existing.state == ModuleState.LIVE || loader.era.compareTo(Era.V4_X) < 0) {
      return Errno.EEXIST;
    }
    if (existing.state == ModuleState.GOING && loader.era == Era.V6_X) {
      return Errno.EBUSY;
    }
    return null;
  }

  /** A name's holder changed state: 6.x waiters get EEXIST or EBUSY, 4.x waiters retry. */
  void stateChanged(String name) {
    List<ModuleLoad.AddUnformed> ready = new ArrayList<>();
    for (Iterator<ModuleLoad.AddUnformed> it = nameWaiters.iterator(); it.hasNext(); ) {
      ModuleLoad.AddUnformed add = it.next();
      ModuleList.Entry existing = loader.modules.get(add.definition().name());
      if (add.definition().name().equals(name) && (existing == null
          || existing.state == ModuleState.LIVE || existing.state == ModuleState.GOING)) {
        it.remove();
        ready.add(add);
      }
    }
    for (ModuleLoad.AddUnformed add : ready) {
      ModuleList.Entry existing = loader.modules.get(add.definition().name());
      if (loader.era == Era.V6_X) {
        reply(add.load(), new ModuleLoad.Refused(existing != null
            && existing.state == ModuleState.LIVE ? Errno.EEXIST : Errno.EBUSY));
      } else {
        addUnformed(add);
      }
    }
    List<DependencyWait> waiting = new ArrayList<>(dependencyWaiters);
    dependencyWaiters.clear();
    for (DependencyWait wait : waiting) {
      useModules(wait.request(), wait.id());
    }
  }

  /** ref_module for each owner: a strong get that waits while the owner is COMING. */
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
      long id = waitId >= 0 ? waitId : ++sequence;
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
    for (String owner : use.owners()) {
      ModuleList.Entry target = loader.modules.get(owner);
      target.users.add(use.name());
      target.usedOnce |= loader.era == Era.V2_4; // init_module sets MOD_USED_ONCE on its deps
      entry.targets.add(owner);
      loader.sim.send(loader.self(), target.module, new Module.DependencyRef(+1));
      loader.sim.send(loader.self(), target.module,
          new Module.SetHolders(List.copyOf(target.users)));
    }
    reply(use.load(), new ModuleLoad.UsesTaken(null));
  }

  private void changeState(ModuleLoad.ChangeState change) {
    ModuleList.Entry entry = loader.modules.get(change.name());
    if (entry == null) {
      return;
    }
    boolean announced = entry.state == ModuleState.COMING || entry.state == ModuleState.LIVE;
    loader.setState(entry, change.state());
    if (change.state() == ModuleState.GOING && announced) {
      loader.publish(new ModuleEvent.ModuleGoing(entry.name));
    }
  }

  long overflows() {
    return overflows;
  }

  private <T> void reply(ActorRef<T> to, T message) {
    loader.sim.send(loader.self(), to, message);
  }
}
