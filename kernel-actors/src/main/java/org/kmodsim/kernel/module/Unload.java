package org.kmodsim.kernel.module;

import java.util.ArrayDeque;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.cpu.smp.Smp;

/**
 * delete_module (kernel/module/main.c; 2.4 and 2.6 kernel/module.c): the checks in the kernel's
 * order, try_stop_module (in 2.6 under stop_machine: every other CPU stopped at a safe point, its
 * per-CPU counters summed), the exit function run by the caller's CPU, the GOING notifier chain
 * (every callback returns before anything is freed), then free_module. Unloads run one at a time
 * (module_mutex); others queue. In 2.4 a create_module slot without an image is freed at once,
 * and delete_module(NULL) is the {@link Autoclean} walk.
 *
 * <p>Owns (for the loader): 1. the unload in progress and the queue; 2. the stop_machine round;
 * 3. the unloads whose GOING chain is running; 4. the 2.4 autoclean call in progress.
 */
final class Unload {
  private final ModuleLoader loader;
  private final ArrayDeque<ModuleLoader.DeleteModule> queue = new ArrayDeque<>();
  private final TreeSet<Integer> awaitedCpus = new TreeSet<>();
  private List<ActorRef<Smp.Ipi>> cpus = List.of();
  private final TreeMap<String, ModuleLoader.DeleteModule> waiting = new TreeMap<>();
  private final TreeMap<String, ModuleLoader.ExitDone> going = new TreeMap<>();
  private ModuleLoader.DeleteModule current;
  private Autoclean autoclean;
  private boolean forced;
  private long perCpuSum;
  private String currentCounter;

  Unload(ModuleLoader loader) {
    this.loader = loader;
  }

  Behavior<ModuleLoader.Command> onCpusOnline(ModuleLoader.CpusOnline online) {
    cpus = online.cpus();
    return loader;
  }

  Behavior<ModuleLoader.Command> onDeleteModule(ModuleLoader.DeleteModule request) {
    if (current == null && autoclean == null) {
      start(request);
    } else {
      if (current != null && awaitedCpus.remove(request.cpu())) {
        perCpuSum += request.callerPerCpu().getOrDefault(currentCounter, 0L);
        stopMachineProgress();
      }
      queue.addLast(request);
    }
    return loader;
  }

  /** The checks of delete_module, in the order of the era. */
  private void start(ModuleLoader.DeleteModule request) {
    Errno error = loader.gate(request.cred());
    if (error == null && loader.era == Era.V2_4 && request.name() != null) {
      error = Module24Calls.nameError(request.name()); // get_mod_name: EINVAL, ENAMETOOLONG
    }
    ModuleList.Entry entry = null;
    if (error == null && (request.name() == null || request.name().isEmpty())) {
      error = loader.era == Era.V2_4 && request.name() == null ? null : Errno.EINVAL;
      if (error == null) {
        autoclean = new Autoclean(loader, request);
        autoclean.start();
        autocleanProgress();
        return;
      }
    }
    if (error == null) {
      entry = loader.modules.find(request.name());
      error = entry == null ? Errno.ENOENT : check(entry, request);
    }
    if (error == null && entry.blank()) {
      loader.sim.trace(loader.self(), "free_module", entry.name + " (uninitialized)");
      loader.freeModule(entry); // 2.4: no image, no cleanup to run
      finish(request, null);
      return;
    }
    if (error != null) {
      reply(request.replyTo(), new ModuleLoader.DeleteFailed(error));
      next();
      return;
    }
    current = request;
    forced = request.force() && loader.deps.settings().forceUnload() && loader.era != Era.V2_4;
    if (loader.era == Era.V2_6) {
      currentCounter = entry.memory.perCpuCounter();
      stopMachine(request);
    } else {
      tryStop(entry, 0);
    }
  }

  private Errno check(ModuleList.Entry entry, ModuleLoader.DeleteModule request) {
    boolean force = request.force() && loader.deps.settings().forceUnload();
    if (!entry.users.isEmpty()) {
      return loader.era == Era.V2_4 ? Errno.EBUSY : Errno.EWOULDBLOCK;
    }
    if (entry.blank()) {
      return entry.filling ? Errno.EBUSY : null; // 2.4 uninitialized: usecount 0
    }
    if (entry.state != ModuleState.LIVE) {
      return Errno.EBUSY;
    }
    if (entry.permanent() && !(force && loader.era != Era.V2_4)) {
      return Errno.EBUSY;
    }
    return null;
  }

  /** stop_machine: every CPU but the caller (asleep in this syscall) stops and reports. */
  private void stopMachine(ModuleLoader.DeleteModule request) {
    perCpuSum = request.callerPerCpu().getOrDefault(currentCounter, 0L);
    awaitedCpus.clear();
    ActorRef<Smp.CpuStopped> replyTo = loader.context()
        .messageAdapter(Smp.CpuStopped.class, ModuleLoader.CpuStoppedWrapper::new);
    for (int cpu = 0; cpu < cpus.size(); cpu++) {
      if (cpu != request.cpu()) {
        awaitedCpus.add(cpu);
        loader.sim.send(loader.self(), cpus.get(cpu), new Smp.StopMachine("delete_module",
            replyTo));
      }
    }
    for (ModuleLoader.DeleteModule queued : queue) {
      if (awaitedCpus.remove(queued.cpu())) {
        perCpuSum += queued.callerPerCpu().getOrDefault(currentCounter, 0L);
      }
    }
    stopMachineProgress();
  }

  Behavior<ModuleLoader.Command> onCpuStopped(ModuleLoader.CpuStoppedWrapper wrapper) {
    Smp.CpuStopped stopped = wrapper.stopped();
    if (current != null && awaitedCpus.remove(stopped.cpu())) {
      perCpuSum += stopped.perCpu().getOrDefault(currentCounter, 0L);
      stopMachineProgress();
    }
    return loader;
  }

  private void stopMachineProgress() {
    if (awaitedCpus.isEmpty() && current != null) {
      ModuleList.Entry entry = loader.modules.find(current.name());
      loader.sim.cover("stop_machine-summed");
      tryStop(entry, perCpuSum);
    }
  }

  private void tryStop(ModuleList.Entry entry, long sum) {
    ActorRef<Module.StopResult> replyTo = loader.context()
        .messageAdapter(Module.StopResult.class, ModuleLoader.StopReplied::new);
    boolean waitForZero = loader.era == Era.V2_6 && !current.nonblock();
    loader.sim.send(loader.self(), entry.module,
        new Module.TryStop(forced, sum, waitForZero, replyTo));
  }

  Behavior<ModuleLoader.Command> onStopReplied(ModuleLoader.StopReplied replied) {
    ModuleLoader.DeleteModule request = current;
    Module.StopResult result = replied.result();
    current = null;
    ModuleList.Entry entry = loader.modules.get(result.name());
    if (result.stopped() && entry != null) {
      // GOING before the CPUs restart: a try_module_get after stop_machine reads it and fails.
      entry.setState(ModuleState.GOING);
    }
    restartMachine(request);
    if (!result.stopped() || entry == null) {
      reply(request.replyTo(), new ModuleLoader.DeleteFailed(
          loader.era == Era.V2_4 ? Errno.EBUSY : Errno.EWOULDBLOCK));
      next();
      return loader;
    }
    if (result.waiting()) {
      // 2.6 without O_NONBLOCK: GOING now (no new try_module_get), the caller sleeps until the
      // last module_put brings the count to zero; module_mutex is dropped meanwhile.
      loader.sim.trace(loader.self(), "module_state", entry.name + " GOING (waiting)");
      waiting.put(entry.name, request);
      next();
      return loader;
    }
    if (result.forced() || (forced && entry.permanent())) {
      loader.tainted.add(Taint.FORCED_RMMOD);
      loader.sim.trace(loader.self(), "taint", "R forced unload of " + entry.name);
    }
    loader.sim.trace(loader.self(), "module_state", entry.name + " GOING");
    reply(request.replyTo(), new ModuleLoader.RunExit(entry.name,
        entry.exit == null ? List.of() : entry.exit));
    next();
    return loader;
  }

  /** 2.6: the end of stop_machine, every CPU but the caller goes on. */
  private void restartMachine(ModuleLoader.DeleteModule request) {
    if (loader.era != Era.V2_6) {
      return;
    }
    for (int cpu = 0; cpu < cpus.size(); cpu++) {
      if (cpu != request.cpu()) {
        loader.sim.send(loader.self(), cpus.get(cpu), Smp.RestartMachine.INSTANCE);
      }
    }
  }

  /** The count of a module changed: a 2.6 unloader waiting for zero wakes up. */
  void countChanged(ModuleList.Entry entry) {
    ModuleLoader.DeleteModule request = waiting.get(entry.name);
    if (request != null && entry.refcount() == 0) {
      waiting.remove(entry.name);
      loader.sim.cover("delete_module-woken");
      reply(request.replyTo(), new ModuleLoader.RunExit(entry.name,
          entry.exit == null ? List.of() : entry.exit));
    }
  }

  /** exit() has run on the caller's CPU: the GOING notifier chain, waited for. */
  Behavior<ModuleLoader.Command> onExitDone(ModuleLoader.ExitDone done) {
    ModuleList.Entry entry = loader.modules.get(done.name());
    if (entry == null) {
      finish(null, done);
      return loader;
    }
    going.put(entry.name, done);
    loader.callNotifier(entry.name, ModuleState.GOING, loader.self().narrow());
    return loader;
  }

  /** Every GOING callback has returned: free_module, and delete_module returns. */
  Behavior<ModuleLoader.Command> onGoingReturned(NotifierCall.Done returned) {
    ModuleLoader.ExitDone done = going.remove(returned.name());
    ModuleList.Entry entry = loader.modules.get(returned.name());
    if (done == null) {
      return loader;
    }
    boolean reaped = autoclean != null && done.name().equals(autoclean.reaping());
    if (entry != null) {
      String letters = Taint.moduleString(entry.taints);
      loader.lastUnloaded = entry.name + (letters.isEmpty() ? "" : "(" + letters + ")");
    }
    if (reaped) {
      autoclean.freed(entry);
      autocleanProgress();
    } else {
      if (entry != null) {
        loader.freeModule(entry);
      }
      finish(null, done);
    }
    return loader;
  }

  /** A module answered the autoclean walk. */
  Behavior<ModuleLoader.Command> onAutocleanReplied(Autoclean.Replied replied) {
    if (autoclean != null) {
      autoclean.onReplied(replied.result());
      autocleanProgress();
    }
    return loader;
  }

  /** When the autoclean call has replied, the queued unloads go on. */
  private void autocleanProgress() {
    if (autoclean != null && autoclean.done()) {
      autoclean = null;
      next();
    }
  }

  private void finish(ModuleLoader.DeleteModule request, ModuleLoader.ExitDone done) {
    if (request != null) {
      reply(request.replyTo(), new ModuleLoader.Deleted(""));
      next();
    } else {
      reply(done.replyTo(), new ModuleLoader.Deleted(done.name()));
    }
  }

  private void next() {
    while (current == null && autoclean == null && !queue.isEmpty()) {
      start(queue.pollFirst());
    }
  }

  private <T> void reply(ActorRef<T> to, T message) {
    loader.sim.send(loader.self(), to, message);
  }
}
