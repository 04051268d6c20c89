package org.kmodsim.kernel.module;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.Bug;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.kallsyms.Kallsyms;

/**
 * The loader's side of loads (kernel/module/main.c): the syscall gate, the 6.4+ idempotent
 * finit_module (concurrent calls on one file share the first caller's load and result), one {@link
 * ModuleLoad} per request, add_unformed_module with each era's rule for a second load of the same
 * name, the routing of the replies a load waits for, and the syscall's answer.
 *
 * <p>Owns (for the loader): 1. the loads in flight, by id and by name, and the overflow count; 2.
 * the finit_module calls in flight by inode and their waiters; 3. the loads waiting for a name; 4.
 * the loads waiting for kallsyms to resolve their imports, in the order asked; 5. through {@link
 * RefModule}, the loads waiting for a dependency's init.
 */
final class LoadCoordinator {
  private final ModuleInternal kernel;
  private final UserSpaceLinking calls24;
  private final RefModule refModule;
  private final ActorRef<SimplifySymbols.Result> resolved;
  private final ActorRef<Kallsyms.Added> added;
  private final TreeMap<Long, ModuleLoad> inFlight = new TreeMap<>();
  private final TreeMap<String, ModuleLoad> byName = new TreeMap<>();
  private final List<ModuleLoad> nameWaiters = new ArrayList<>();

  /** Kallsyms answers in the order it is asked (one channel each way). */
  private final ArrayDeque<ModuleLoad> resolving = new ArrayDeque<>();

  /** idempotent_init_module: the callers sleeping on the load of each inode. */
  private final TreeMap<String, List<ActorRef<ModuleLoader.LoadReply>>> idempotent =
      new TreeMap<>();

  private long overflows;

  LoadCoordinator(
      ModuleInternal kernel,
      UserSpaceLinking calls24,
      ActorRef<SimplifySymbols.Result> resolved,
      ActorRef<Kallsyms.Added> added) {
    this.kernel = kernel;
    this.calls24 = calls24;
    this.refModule = new RefModule(kernel);
    this.resolved = resolved;
    this.added = added;
  }

  /** init_module / finit_module; 2.4 init_module(name, image) loads into the slot {@code name}. */
  void load(String name, ModuleLoader.LoadModule request) {
    LoadInfo info = request.info();
    Errno error = kernel.gate(request.cred());
    if (error == null && kernel.era().userSpaceLinker()) {
      error = calls24.checkInit(name, info);
    }
    if (error == null && info.flagsInvalid()) {
      error = Errno.EINVAL;
    }
    if (error == null && kernel.era().coalesces(info) && idempotent.containsKey(info.inode())) {
      waitForFirst(request);
      return;
    }
    if (error == null
        && kernel.era().hasBlacklist()
        && kernel.settings().blacklist().contains(info.name())) {
      kernel.log(LogLine.err("Module " + info.name() + " is blacklisted"));
      error = Errno.EPERM;
    }
    if (error == null && inFlight.size() >= kernel.settings().pendingLoadsMax()) {
      overflow();
      error = Errno.EBUSY;
    }
    if (error != null) {
      kernel.send(request.replyTo(), new ModuleLoader.LoadFailed(error));
      return;
    }
    if (kernel.era().userSpaceLinker()) {
      calls24.startFilling(name);
    }
    if (kernel.era().coalesces(info)) {
      idempotent.put(info.inode(), new ArrayList<>());
    }
    ModuleLoad load = new ModuleLoad(kernel, this, kernel.nextId(), request);
    inFlight.put(load.id, load);
    load.run();
  }

  /** idempotent_wait_for_completion: sleep until the first caller's load returns. */
  private void waitForFirst(ModuleLoader.LoadModule request) {
    List<ActorRef<ModuleLoader.LoadReply>> waiters = idempotent.get(request.info().inode());
    if (waiters.size() >= kernel.settings().pendingLoadsMax()) {
      overflow();
      kernel.send(request.replyTo(), new ModuleLoader.LoadFailed(Errno.EBUSY));
      return;
    }
    waiters.add(request.replyTo());
    kernel.sim().cover("finit_module-coalesced");
    kernel.trace(
        "finit_module",
        request.info().name()
            + " cpu"
            + request.cpu()
            + " waits for the load of "
            + request.info().inode());
  }

  private void overflow() {
    overflows++;
    kernel.sim().cover("module-loads-overflow");
  }

  /**
   * The load is over: init_module returns to its caller and to the callers of the same file
   * sleeping on it (0 or the same -errno). A success is answered by the module once it dropped its
   * init reference, so the count they read afterwards is final.
   */
  void finished(ModuleLoad load, ModuleLoader.LoadReply reply) {
    inFlight.remove(load.id);
    if (byName.get(load.name()) == load) {
      byName.remove(load.name());
    }
    if (kernel.era().userSpaceLinker() && reply instanceof ModuleLoader.LoadFailed) {
      calls24.loadFinished(load.name());
    }
    List<ActorRef<ModuleLoader.LoadReply>> callers = new ArrayList<>(List.of(load.caller));
    if (kernel.era().coalesces(load.info)) {
      callers.addAll(idempotent.remove(load.info.inode()));
    }
    if (reply instanceof ModuleLoader.Loaded) {
      kernel.send(load.entry().module, new Module.DropInitRef(callers, reply));
    } else {
      callers.forEach(caller -> kernel.send(caller, reply));
    }
  }

  // The replies a load waits for.

  ActorRef<SimplifySymbols.Result> resolved() {
    return resolved;
  }

  ActorRef<Kallsyms.Added> added() {
    return added;
  }

  /** simplify_symbols: asks kallsyms; its answers come back in the order of the questions. */
  void resolve(ModuleLoad load, Kallsyms.Read<SimplifySymbols.Result> resolve) {
    resolving.addLast(load);
    kernel.send(kernel.deps().kallsyms(), resolve);
  }

  void onResolved(SimplifySymbols.Result answer) {
    ModuleLoad load = resolving.pollFirst();
    Bug.on(load == null, "kallsyms resolved imports nobody asked for");
    load.onResolved(answer);
  }

  void onAdded(Kallsyms.Added answer) {
    ModuleLoad load = byName.get(answer.module());
    Bug.on(
        load == null, () -> "kallsyms added the symbols of " + answer.module() + ", not loading");
    load.onAdded(answer);
  }

  void onInitDone(ModuleLoader.InitDone done) {
    ModuleLoad load = inFlight.get(done.load());
    if (load != null) {
      load.onInitDone(done.result());
    }
  }

  Errno refModules(ModuleLoad load, List<String> owners, boolean userResolved) {
    return refModule.refModules(load, owners, userResolved);
  }

  void onDependencyTimeout(ModuleLoader.DependencyTimeout timeout) {
    refModule.onDependencyTimeout(timeout);
  }

  // add_unformed_module.

  /** add_unformed_module, with the era's rule for a name that is taken. */
  void addUnformed(ModuleLoad load) {
    if (kernel.era().userSpaceLinker()) {
      ModuleList.Entry entry = calls24.fill(load);
      if (entry == null) {
        load.fail(Errno.ENOENT);
      } else {
        unformed(load, entry);
      }
      return;
    }
    ModuleList.Entry existing = kernel.modules().get(load.name());
    if (existing != null) {
      Errno errno = kernel.era().duplicate(existing.state());
      if (errno != null) {
        load.fail(errno);
      } else {
        nameWaiters.add(load);
      }
      return;
    }
    ModuleList.Place place = kernel.modules().allocate(load.def.coreSize());
    if (place == null) {
      // module_alloc's PAGE_ALIGN(size) > MODULES_LEN is silent; 6.10+ execmem_vmalloc warns.
      if (kernel.era().era().atLeast(org.kmodsim.kernel.Era.V6_X)) {
        kernel.log(LogLine.warn("execmem: unable to allocate memory"));
      }
      load.fail(Errno.ENOMEM);
      return;
    }
    unformed(load, kernel.addModule(load, place.address(), place.size()));
  }

  private void unformed(ModuleLoad load, ModuleList.Entry entry) {
    byName.put(load.name(), load);
    load.unformed(entry);
  }

  /** A name's holder changed state: 6.x waiters get EEXIST or EBUSY, 4.x waiters retry. */
  void stateChanged(String name) {
    List<ModuleLoad> ready = new ArrayList<>();
    for (ModuleLoad load : List.copyOf(nameWaiters)) {
      ModuleList.Entry existing = kernel.modules().get(load.name());
      if (load.name().equals(name)
          && (existing == null
              || existing.state() == ModuleState.LIVE
              || existing.state() == ModuleState.GOING)) {
        nameWaiters.remove(load);
        ready.add(load);
      }
    }
    for (ModuleLoad load : ready) {
      ModuleList.Entry existing = kernel.modules().get(load.name());
      if (kernel.era().retriesAfterWait()) {
        addUnformed(load);
      } else {
        load.fail(
            existing != null && existing.state() == ModuleState.LIVE ? Errno.EEXIST : Errno.EBUSY);
      }
    }
    refModule.retry();
  }

  long overflows() {
    return overflows;
  }
}
