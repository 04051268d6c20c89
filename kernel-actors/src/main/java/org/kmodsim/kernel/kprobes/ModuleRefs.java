package org.kmodsim.kernel.kprobes;

import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.sim.Sim;

/**
 * try_module_get / module_put on the module whose text a probe goes into, as the kprobe manager
 * needs them while it checks and arms a probe (kernel/kprobes.c check_kprobe_address_safe). The
 * module subsystem binds this to its module actors; without one, every get succeeds.
 */
public interface ModuleRefs {

  /** try_module_get(mod): true or false goes to {@code replyTo}, sent from {@code from}. */
  void tryGet(ActorRef<?> from, String module, ActorRef<Boolean> replyTo);

  /** module_put(mod). */
  void put(ActorRef<?> from, String module);

  /** No module subsystem: gets always succeed (the manager still refuses GOING modules). */
  static ModuleRefs none(Sim sim) {
    return new ModuleRefs() {
      @Override
      public void tryGet(ActorRef<?> from, String module, ActorRef<Boolean> replyTo) {
        sim.send(from, replyTo, Boolean.TRUE);
      }

      @Override
      public void put(ActorRef<?> from, String module) {}
    };
  }
}
