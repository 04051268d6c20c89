package org.kmodsim.kernel.module;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.kernel.Errno;
import org.kmodsim.sim.Sim;

/**
 * module_notify_list (kernel/module/main.c register_module_notifier, and the chain calls of
 * load_module, do_init_module and delete_module), run by the loader itself: each call sends the
 * event to one subscriber at a time and waits for its answer before the next, so the load or unload
 * goes on only when the last callback has returned. Calls for one module run one after the other;
 * an answer for a module with no call waiting is dropped. A callback that does not return blocks
 * the caller, as a callback that sleeps forever blocks insmod: after the hung-task time the call
 * reports a violation and goes on waiting.
 *
 * <p>Owns: 1. the subscribers, in subscription order; 2. the calls in progress, per module.
 */
final class ModuleNotifier {
  private static final class Running {
    final long id;
    final NotifierCall call;
    final Consumer<Errno> then;
    boolean started;

    Running(long id, NotifierCall call, Consumer<Errno> then) {
      this.id = id;
      this.call = call;
      this.then = then;
    }
  }

  private final Sim sim;
  private final ActorRef<ModuleLoader.Command> owner;
  private final ActorRef<ModuleEvent.Notified> answers;
  private final long hungNanos;
  private final List<ActorRef<ModuleEvent>> subscribers = new ArrayList<>();
  private final TreeMap<String, ArrayDeque<Running>> calls = new TreeMap<>();
  private long ids;

  /** {@code answers}: the owner's adapter for the subscribers' answers. */
  ModuleNotifier(
      Sim sim,
      ActorRef<ModuleLoader.Command> owner,
      ActorRef<ModuleEvent.Notified> answers,
      long hungNanos) {
    this.sim = sim;
    this.owner = owner;
    this.answers = answers;
    this.hungNanos = hungNanos;
  }

  void subscribe(ActorRef<ModuleEvent> subscriber) {
    subscribers.add(subscriber);
  }

  /**
   * blocking_notifier_call_chain: the callbacks subscribed now; {@code then} runs with the veto
   * (null unless a robust COMING was stopped) when they have all returned, at once for an empty
   * chain ({@code enabled} false: 2.4 has no module notifier).
   */
  void call(NotifierCall.Call call, boolean enabled, Consumer<Errno> then) {
    List<ActorRef<ModuleEvent>> chain = enabled ? List.copyOf(subscribers) : List.of();
    ArrayDeque<Running> queue = calls.computeIfAbsent(call.name(), n -> new ArrayDeque<>());
    queue.addLast(new Running(++ids, new NotifierCall(chain, call), then));
    if (queue.size() == 1) {
      advance(call.name());
    }
  }

  void onAnswered(ModuleEvent.Notified answered) {
    String name = answered.name();
    ArrayDeque<Running> queue = calls.get(name);
    if (queue == null || queue.isEmpty() || !queue.peekFirst().started) {
      return; // no callback of this module is running: not an answer we wait for
    }
    Running running = queue.peekFirst();
    sim.cancelTimer(owner, timerKey(running));
    Errno error = answered.veto();
    String callee = running.call.current().path().name();
    if (running.call.returned(error)) {
      sim.trace(
          owner, "module_notifier", name + " COMING vetoed by " + callee + ": " + error.name());
    }
    advance(name);
  }

  void onHung(ModuleLoader.NotifierHung hung) {
    ArrayDeque<Running> queue = calls.get(hung.name());
    Running running = queue == null ? null : queue.peekFirst();
    if (running != null && running.id == hung.call() && running.call.index() == hung.index()) {
      sim.violation(
          owner,
          "notifier-hung",
          "module notifier callback "
              + running.call.current().path().name()
              + " blocked on "
              + running.call.call().event()
              + " of "
              + hung.name());
    }
  }

  /** Calls the next callback of the module's running call, or ends it and starts the next. */
  private void advance(String name) {
    ArrayDeque<Running> queue = calls.get(name);
    while (queue != null && !queue.isEmpty()) {
      Running running = queue.peekFirst();
      running.started = true;
      ActorRef<ModuleEvent> callee = running.call.next();
      if (callee != null) {
        NotifierCall.Call call = running.call.call();
        sim.send(
            owner,
            callee,
            ModuleEvent.of(running.call.event(), name, call.address(), call.size(), answers));
        sim.startTimer(
            owner,
            timerKey(running),
            hungNanos,
            new ModuleLoader.NotifierHung(name, running.id, running.call.index()));
        return;
      }
      queue.pollFirst();
      if (queue.isEmpty()) {
        calls.remove(name);
      }
      running.then.accept(running.call.veto());
      ArrayDeque<Running> now = calls.get(name);
      if (now != queue || now.isEmpty() || now.peekFirst().started) {
        return; // then() started the next call itself, or nothing is left
      }
    }
  }

  private static String timerKey(Running running) {
    return "notifier-hung-" + running.id;
  }
}
