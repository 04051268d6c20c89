package org.kmodsim.kernel.module;

import java.util.ArrayDeque;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.smp.Smp;
import org.kmodsim.kernel.Errno;

/**
 * delete_module (kernel/module/main.c; 2.4 and 2.6 kernel/module.c): the checks in the kernel's
 * order, try_stop_module (in 2.6 under stop_machine: every other CPU stopped at a safe point, its
 * per-CPU counters summed), the exit function run by the caller's CPU, the GOING notifier chain
 * (every callback returns before anything is freed), then free_module. Unloads run one at a time
 * (module_mutex); others queue. In 2.4 a create_module slot without an image is freed at once, and
 * delete_module(NULL) is the autoclean walk ({@link UserSpaceLinking#autoclean}).
 *
 * <p>The story, one method a step: {@link #deleteModule} (the checks), {@link #stopMachine} (2.6),
 * {@link #tryStopModule} (the module's actor owns the count), {@link #runExit} on the caller's CPU,
 * {@link #onExitDone} (the GOING chain), {@link #freeModule} and the answer.
 *
 * <p>Owns (for the loader): 1. the unload in progress and the queue; 2. the stop_machine round; 3.
 * the 2.6 unloaders waiting for a zero count; 4. the 2.4 autoclean call in progress.
 */
final class Unload {
  private final ModuleInternal kernel;
  private final ActorRef<Smp.CpuStopped> cpuStopped;
  private final ActorRef<Module.StopResult> stopReplied;
  private final ArrayDeque<ModuleLoader.DeleteModule> queue = new ArrayDeque<>();
  private final TreeSet<Integer> awaitedCpus = new TreeSet<>();
  private List<ActorRef<Smp.Ipi>> cpus = List.of();
  private final TreeMap<String, ModuleLoader.DeleteModule> waiting = new TreeMap<>();
  private final TreeMap<String, Long> waitingSince = new TreeMap<>();
  // The khungtaskd check that first saw each waiting unloader (Long.MAX_VALUE: none will).
  private final TreeMap<String, Long> seenAt = new TreeMap<>();
  private ModuleLoader.DeleteModule current;
  private final UserSpaceLinking calls24;
  private UserSpaceLinking.Autoclean autoclean;
  private boolean forced;
  private long perCpuSum;
  private String currentCounter;

  /** {@code cpuStopped}, {@code stopReplied}: the loader's adapters for the two replies. */
  Unload(
      ModuleInternal kernel,
      UserSpaceLinking calls24,
      ActorRef<Smp.CpuStopped> cpuStopped,
      ActorRef<Module.StopResult> stopReplied) {
    this.kernel = kernel;
    this.calls24 = calls24;
    this.cpuStopped = cpuStopped;
    this.stopReplied = stopReplied;
  }

  void onCpusOnline(ModuleLoader.CpusOnline online) {
    cpus = online.cpus();
  }

  void onDeleteModule(ModuleLoader.DeleteModule request) {
    if (current == null && autoclean == null) {
      deleteModule(request);
    } else {
      if (current != null && awaitedCpus.remove(request.cpu())) {
        perCpuSum += request.callerPerCpu().getOrDefault(currentCounter, 0L);
        stopMachineProgress();
      }
      queue.addLast(request);
    }
  }

  /** The checks of delete_module, in the order of the era. */
  private void deleteModule(ModuleLoader.DeleteModule request) {
    Errno error = kernel.gate(request.cred());
    if (error == null && kernel.era().userSpaceLinker() && request.name() != null) {
      error = UserSpaceLinking.nameError(request.name()); // get_mod_name: EINVAL, ENAMETOOLONG
    }
    ModuleList.Entry entry = null;
    if (error == null && (request.name() == null || request.name().isEmpty())) {
      error = kernel.era().userSpaceLinker() && request.name() == null ? null : Errno.EINVAL;
      if (error == null) {
        autoclean = calls24.autoclean(request);
        autoclean.start();
        autocleanProgress();
        return;
      }
    }
    if (error == null) {
      entry = kernel.modules().find(request.name());
      error = entry == null ? Errno.ENOENT : check(entry, request);
    }
    if (error == null && entry.blank()) {
      kernel.trace(ModuleTrace.FREE.with(entry.name, " (uninitialized)"));
      kernel.freeModule(entry); // 2.4: no image, no cleanup to run
      finish(request, null);
      return;
    }
    if (error != null) {
      reply(request.replyTo(), new ModuleLoader.DeleteFailed(error));
      next();
      return;
    }
    current = request;
    forced = request.force() && kernel.settings().forceUnload() && kernel.era().canForceUnload();
    if (kernel.era().stopMachine()) {
      currentCounter = entry.memory.perCpuCounter();
      stopMachine(request);
    } else {
      tryStopModule(entry, 0);
    }
  }

  private Errno check(ModuleList.Entry entry, ModuleLoader.DeleteModule request) {
    boolean force = request.force() && kernel.settings().forceUnload();
    if (!entry.users.isEmpty()) {
      return kernel.era().inUse();
    }
    if (entry.blank()) {
      return entry.filling ? Errno.EBUSY : null; // 2.4 uninitialized: usecount 0
    }
    if (entry.state() != ModuleState.LIVE) {
      return Errno.EBUSY;
    }
    if (entry.permanent() && !(force && kernel.era().canForceUnload())) {
      return Errno.EBUSY;
    }
    return null;
  }

  /** stop_machine: every CPU but the caller (asleep in this syscall) stops and reports. */
  private void stopMachine(ModuleLoader.DeleteModule request) {
    perCpuSum = request.callerPerCpu().getOrDefault(currentCounter, 0L);
    awaitedCpus.clear();
    for (int cpu = 0; cpu < cpus.size(); cpu++) {
      if (cpu != request.cpu()) {
        awaitedCpus.add(cpu);
        kernel.send(cpus.get(cpu), new Smp.StopMachine("delete_module", cpuStopped));
      }
    }
    for (ModuleLoader.DeleteModule queued : queue) {
      if (awaitedCpus.remove(queued.cpu())) {
        perCpuSum += queued.callerPerCpu().getOrDefault(currentCounter, 0L);
      }
    }
    stopMachineProgress();
  }

  void onCpuStopped(Smp.CpuStopped stopped) {
    if (current != null && awaitedCpus.remove(stopped.cpu())) {
      perCpuSum += stopped.perCpu().getOrDefault(currentCounter, 0L);
      stopMachineProgress();
    }
  }

  private void stopMachineProgress() {
    if (awaitedCpus.isEmpty() && current != null) {
      ModuleList.Entry entry = kernel.modules().find(current.name());
      kernel.sim().cover("stop_machine-summed");
      tryStopModule(entry, perCpuSum);
    }
  }

  /** try_stop_module: the module's actor, owner of the count, decides. */
  private void tryStopModule(ModuleList.Entry entry, long sum) {
    boolean waitForZero = kernel.era().waitsForZero(current.nonblock());
    kernel.send(entry.module, new Module.TryStop(forced, sum, waitForZero, stopReplied));
  }

  void onStopReplied(Module.StopResult result) {
    if (autoclean != null) {
      autoclean.onReplied(result);
      autocleanProgress();
      return;
    }
    ModuleLoader.DeleteModule request = current;
    current = null;
    ModuleList.Entry entry = kernel.modules().get(result.name());
    if (result.stopped() && entry != null) {
      // GOING before the CPUs restart: a try_module_get after stop_machine reads it and fails.
      kernel.stopped(entry);
    }
    restartMachine(request);
    if (!result.stopped() || entry == null) {
      reply(request.replyTo(), new ModuleLoader.DeleteFailed(kernel.era().inUse()));
      next();
      return;
    }
    if (result.waiting()) {
      // 2.6 without O_NONBLOCK: GOING now (no new try_module_get), the caller sleeps until the
      // last module_put brings the count to zero; module_mutex is dropped meanwhile.
      kernel.trace(
          ModuleTrace.STATE.with(entry.name, entry.state(), ModuleState.GOING, " (waiting)"));
      waiting.put(entry.name, request);
      watchHung(entry.name);
      next();
      return;
    }
    if (result.forced() || (forced && entry.permanent())) {
      kernel.taint(List.of(Taint.FORCED_RMMOD));
      kernel.trace(
          org.kmodsim.sim.EventType.text("taint").with("R forced unload of " + entry.name));
    }
    if (entry.state() != ModuleState.GOING) { // the module's actor says when it agreed to stop
      kernel.trace(ModuleTrace.STATE.with(entry.name, entry.state(), ModuleState.GOING, ""));
    }
    runExit(request, entry);
    next();
  }

  /** mod->exit() runs on the caller's CPU, which then sends {@link ModuleLoader.ExitDone}. */
  private void runExit(ModuleLoader.DeleteModule request, ModuleList.Entry entry) {
    reply(
        request.replyTo(),
        new ModuleLoader.RunExit(
            entry.name, entry.exit == null ? List.of() : entry.exit, entry.instance()));
  }

  /** 2.6: the end of stop_machine, every CPU but the caller goes on. */
  private void restartMachine(ModuleLoader.DeleteModule request) {
    if (!kernel.era().stopMachine()) {
      return;
    }
    for (int cpu = 0; cpu < cpus.size(); cpu++) {
      if (cpu != request.cpu()) {
        kernel.send(cpus.get(cpu), Smp.RestartMachine.INSTANCE);
      }
    }
  }

  /** The count of a module changed: a 2.6 unloader waiting for zero wakes up. */
  void countChanged(ModuleList.Entry entry) {
    ModuleLoader.DeleteModule request = waiting.get(entry.name);
    if (request != null && entry.refcount() == 0) {
      waiting.remove(entry.name);
      waitingSince.remove(entry.name);
      seenAt.remove(entry.name);
      kernel.sim().cancelTimer(kernel.self(), "hung-unload-" + entry.name);
      kernel.sim().cover("delete_module-woken");
      runExit(request, entry);
    }
  }

  /**
   * The unloader sleeps in D state (kernel/hung_task.c check_hung_task): the first khungtaskd check
   * after now sees it (sets last_switch_count), the next one reports it.
   */
  private void watchHung(String name) {
    long now = kernel.sim().nowNanos();
    waitingSince.put(name, now);
    armHung(name, kernel.watchdog().nextCheckAfter(now));
  }

  /** The report of unloader {@code name}, seen by the check at {@code seen}: at the next check. */
  private void armHung(String name, long seen) {
    seenAt.put(name, seen);
    HungTaskWatchdog watchdog = kernel.watchdog();
    long report = seen == Long.MAX_VALUE ? Long.MAX_VALUE : watchdog.nextCheckAfter(seen);
    String key = "hung-unload-" + name;
    if (report == Long.MAX_VALUE) {
      kernel.sim().cancelTimer(kernel.self(), key); // a timeout of 0: khungtaskd never checks
      return;
    }
    long now = kernel.sim().nowNanos();
    kernel
        .sim()
        .startTimer(
            kernel.self(),
            key,
            report - now,
            new ModuleLoader.UnloadHung(name, waitingSince.get(name)));
  }

  /**
   * hung_task_timeout_secs was written: khungtaskd woke and sleeps the whole new timeout from now,
   * so an unloader it has seen is reported at its next check, and one it has not at the one after.
   */
  void watchdogWoken() {
    long now = kernel.sim().nowNanos();
    for (String name : List.copyOf(waiting.keySet())) {
      long seen = seenAt.getOrDefault(name, Long.MAX_VALUE);
      armHung(name, seen <= now ? seen : kernel.watchdog().nextCheckAfter(now));
    }
  }

  /**
   * A check of khungtaskd: the unloader still waits since then, so it is reported (once: the model
   * does not count hung_task_warnings down) and the liveness violation names the task.
   */
  void onHung(ModuleLoader.UnloadHung hung) {
    ModuleLoader.DeleteModule request = waiting.get(hung.name());
    Long since = waitingSince.get(hung.name());
    if (request == null || since == null || since != hung.since()) {
      return;
    }
    String comm = "cpu" + request.cpu();
    int pid = 1000 + request.cpu();
    // 2.6.32 prints the timeout; 4.x and later jiffies - last_switch_time, since the seeing check.
    String seconds =
        kernel.era().era().atLeast(org.kmodsim.kernel.Era.V4_X)
            ? Long.toString((kernel.sim().nowNanos() - seenAt.get(hung.name())) / 1_000_000_000L)
            : kernel.watchdog().timeoutSecs();
    String tainted = Taint.taintedLine(kernel.tainted(), kernel.era().era());
    HungTask.lines(kernel.era().era(), comm, pid, seconds, tainted).forEach(kernel::log);
    kernel
        .sim()
        .violation(
            kernel.self(),
            "hung-task",
            "task "
                + comm
                + ":"
                + pid
                + " blocked in delete_module("
                + hung.name()
                + ") for more than "
                + seconds
                + " seconds");
  }

  /** exit() has run on the caller's CPU: the GOING notifier chain, waited for, then free. */
  void onExitDone(ModuleLoader.ExitDone done) {
    ModuleList.Entry entry = kernel.modules().get(done.name());
    if (entry == null) {
      finish(null, done);
      return;
    }
    kernel.notify(entry.name, ModuleState.GOING, veto -> freeModule(done));
  }

  /** Every GOING callback has returned: free_module, and delete_module returns. */
  private void freeModule(ModuleLoader.ExitDone done) {
    ModuleList.Entry entry = kernel.modules().get(done.name());
    boolean reaped = autoclean != null && done.name().equals(autoclean.reaping());
    if (entry != null) {
      kernel.lastUnloaded(entry);
    }
    if (reaped) {
      autoclean.freed(entry);
      autocleanProgress();
    } else {
      if (entry != null) {
        kernel.freeModule(entry);
      }
      finish(null, done);
    }
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
      deleteModule(queue.pollFirst());
    }
  }

  private <T> void reply(ActorRef<T> to, T message) {
    kernel.send(to, message);
  }
}
