package org.kmodsim.kernel.kprobes;

import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.kernel.module.Module;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.sim.Sim;

/**
 * try_module_get / module_put on the module whose text a probe goes into, as the kprobe manager
 * needs them while it checks and arms a probe (kernel/kprobes.c check_kprobe_address_safe), taken
 * on behalf of the registering CPU. Bound to the module subsystem's module actors when it is
 * booted; without it every get succeeds.
 */
public interface ModuleRefs {

  /** try_module_get(mod): the answer goes to {@code replyTo}; {@link #granted} reads it. */
  void tryGet(ActorRef<?> from, String module, int cpu, ActorRef<Object> replyTo);

  /** module_put(mod): an acknowledgement goes to {@code replyTo}. */
  void put(ActorRef<?> from, String module, int cpu, ActorRef<Object> replyTo);

  /** Whether a {@link #tryGet} answer took the reference. */
  boolean granted(Object answer);

  /** No module subsystem: gets always succeed (the manager still refuses GOING modules). */
  static ModuleRefs none(Sim sim) {
    return new ModuleRefs() {
      @Override
      public void tryGet(ActorRef<?> from, String module, int cpu, ActorRef<Object> replyTo) {
        sim.send(from, replyTo, Boolean.TRUE);
      }

      @Override
      public void put(ActorRef<?> from, String module, int cpu, ActorRef<Object> replyTo) {
        sim.send(from, replyTo, Boolean.TRUE);
      }

      @Override
      public boolean granted(Object answer) {
        return Boolean.TRUE.equals(answer);
      }
    };
  }

  /** The module actors, reached through the loader by name (the probed module's pointer). */
  static ModuleRefs loader(Sim sim, ActorRef<ModuleLoader.Command> loader) {
    return new ModuleRefs() {
      @Override
      public void tryGet(ActorRef<?> from, String module, int cpu, ActorRef<Object> replyTo) {
        ActorRef<Module.Reply> reply = narrow(replyTo);
        sim.send(
            from,
            loader,
            new ModuleLoader.Forward(module, new Module.TryModuleGet(cpu, reply.narrow()), reply));
      }

      @Override
      public void put(ActorRef<?> from, String module, int cpu, ActorRef<Object> replyTo) {
        ActorRef<Module.Reply> reply = narrow(replyTo);
        sim.send(
            from,
            loader,
            new ModuleLoader.Forward(module, new Module.ModulePut(cpu, reply.narrow()), reply));
      }

      @Override
      public boolean granted(Object answer) {
        return answer instanceof Module.Got g && g.ok();
      }

      @SuppressWarnings("unchecked")
      private ActorRef<Module.Reply> narrow(ActorRef<Object> any) {
        return (ActorRef<Module.Reply>) (ActorRef<?>) any;
      }
    };
  }
}
