package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

/**
 * The loader's side of loads (kernel/module/main.c): the syscall gate, the 6.4+ idempotent
 * finit_module (concurrent calls on one file share the first caller's load and result), spawning
 * one {@link ModuleLoad} per request, and the module_mutex sections a load asks for: reserving
 * the name (add_unformed_module, with each era's rule for a second load of the same name),
 * taking the references on the modules it uses ({@link RefModule}), state changes, the notifier
 * chain and the unwind.
 *
 * <p>Owns (for the loader): 1. the loads in flight and the overflow count; 2. the finit_module
 * calls in flight by inode and their waiters; 3. the loads waiting for a name; 4. through
 * {@link RefModule}, the loads waiting for a dependency's init.
 */
final class LoadCoordinator {
  /** idempotent_init_module: the caller loading a file, and the callers sleeping on it. */
  private record Idempotent(ActorRef<ModuleLoader.LoadReply> first,
      List<ActorRef<ModuleLoader.LoadReply>> waiters) {}

  private final ModuleLoader loader;
  private final List<ModuleLoad.AddUnformed> nameWaiters = new ArrayList<>();
  private final RefModule refModule;
  private final TreeMap<String, ModuleLoad.Finished> awaitingInitRef = new TreeMap<>();
  private final TreeSet<String> initRefsDropped = new TreeSet<>();
  private final TreeMap<String, Idempotent> idempotent = new TreeMap<>();
  private int inFlight;
  private long overflows;
  private long sequence;

  LoadCoordinator(ModuleLoader loader) {
    this.loader = loader;
    this.refModule = new RefModule(loader, () -> ++sequence);
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
    if (error == null && info.flagsInvalid()) {
      error = Errno.EINVAL;
    }
    if (error == null && coalesces(info) && idempotent.containsKey(info.inode())) {
      return waitForFirst(request);
    }
    if (error == null && loader.era.atLeast(Era.V4_X)
        && loader.deps.settings().blacklist().contains(info.name())) {
      loader.log(LogLine.err("Module " + info.name() + " is blacklisted"));
      error = Errno.EPERM;
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
    if (coalesces(info)) {
      idempotent.put(info.inode(), new Idempotent(request.replyTo(), new ArrayList<>()));
    }
    loader.sim.spawn(loader.context(), ModuleLoad.create(loader.sim, loader.deps, loader.self(),
        request, loader.tainted, loader.unsignedNoticed), "load-" + info.name() + "-"
        + (++sequence));
    return loader;
  }

  /** 6.4+: a finit_module of a file that another call is loading is coalesced with it. */
  private boolean coalesces(LoadInfo info) {
    return loader.era == Era.V6_X && info.inode() != null
        && info.syscall().equals("finit_module");
  }

  /** idempotent_wait_for_completion: sleep until the first caller's load returns. */
  private Behavior<ModuleLoader.Command> waitForFirst(ModuleLoader.LoadModule request) {
    Idempotent first = idempotent.get(request.info().inode());
    if (first.waiters().size() >= loader.deps.settings().pendingLoadsMax()) {
      overflows++;
      loader.sim.cover("module-loads-overflow");
      reply(request.replyTo(), new ModuleLoader.LoadFailed(Errno.EBUSY));
      return loader;
    }
    first.waiters().add(request.replyTo());
    loader.sim.cover("finit_module-coalesced");
    loader.sim.trace(loader.self(), "finit_module", request.info().name() + " cpu"
        + request.cpu() + " waits for the load of " + request.info().inode());
    return loader;
  }

  /** The syscall returns; callers of the same file waiting on it return the same (0 or -errno). */
  private void answer(ModuleLoad.Finished finished) {
    reply(finished.caller(), finished.reply());
    for (Map.Entry<String, Idempotent> entry : idempotent.entrySet()) {
      if (entry.getValue().first().equals(finished.caller())) {
        idempotent.remove(entry.getKey());
        for (ActorRef<ModuleLoader.LoadReply> waiter : entry.getValue().waiters()) {
          reply(waiter, finished.reply());
        }
        return;
      }
    }
  }

  Behavior<ModuleLoader.Command> onFromLoad(ModuleLoad.ToLoader message) {
    if (message instanceof ModuleLoad.AddUnformed) {
      addUnformed((ModuleLoad.AddUnformed) message);
    } else if (message instanceof ModuleLoad.CallNotifier) {
      ModuleLoad.CallNotifier call = (ModuleLoad.CallNotifier) message;
      loader.callNotifier(call.name(), call.event(), call.replyTo());
    } else if (message instanceof ModuleLoad.UnsignedNoticed) {
      loader.unsignedNoticed = true;
    } else if (message instanceof ModuleLoad.UseModules) {
      refModule.useModules((ModuleLoad.UseModules) message);
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
    if (finished.reply() instanceof ModuleLoader.RunInit) {
      reply(finished.caller(), finished.reply());
    } else {
      answer(finished);
    }
  }

  /** do_init_module's last step is done: init_module returns to its caller. */
  void initRefDropped(String name) {
    ModuleLoad.Finished finished = awaitingInitRef.remove(name);
    if (finished != null) {
      answer(finished);
    } else {
      initRefsDropped.add(name); // the load's Finished is still on its way
    }
  }

  Behavior<ModuleLoader.Command> onDependencyTimeout(RefModule.DependencyTimeout timeout) {
    refModule.onDependencyTimeout(timeout);
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
    ModuleTable.Instance memory = loader.deps.table().allocate(name, address, ++sequence);
    ActorRef<Module.Command> module = loader.sim.spawn(loader.context(), Module.create(loader.sim,
        new Module.Spec(add.definition(), add.functions(), address, add.taints(),
            loader.deps.settings(), loader.deps.vfs(), loader.self(), memory)),
        "module-" + name + "-" + sequence);
    loader.deps.table().link(memory, module);
    ModuleList.Entry entry = new ModuleList.Entry(name, add.definition(), memory, size,
        add.taints());
    entry.exit = add.exit();
    loader.modules.add(entry);
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
    refModule.retry();
  }

  private void changeState(ModuleLoad.ChangeState change) {
    ModuleList.Entry entry = loader.modules.get(change.name());
    if (entry == null) {
      return;
    }
    loader.setState(entry, change.state());
  }

  long overflows() {
    return overflows;
  }

  private <T> void reply(ActorRef<T> to, T message) {
    loader.sim.send(loader.self(), to, message);
  }
}
