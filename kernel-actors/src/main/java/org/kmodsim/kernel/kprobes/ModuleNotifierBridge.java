package org.kmodsim.kernel.kprobes;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.kmodsim.kernel.module.ModuleEvent;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.sim.Sim;

/**
 * kprobes_module_callback's registration on the module notifier chain (kernel/kprobes.c
 * kprobe_module_nb): subscribes to the module loader and passes COMING and GOING to the kprobe
 * manager, which returns the callback (answers the chain) once it has handled them, so a GOING
 * module's probes are GONE before the module is freed. LIVE only concerns probes on init text,
 * which the model does not separate: the callback returns at once.
 */
final class ModuleNotifierBridge {
  private ModuleNotifierBridge() {}

  static Behavior<ModuleEvent> create(
      Sim sim, ActorRef<ModuleLoader.Command> loader, ActorRef<KprobeManager.Command> manager) {
    return Behaviors.setup(
        ctx -> {
          sim.send(ctx.getSelf(), loader, new ModuleLoader.Subscribe(ctx.getSelf()));
          return Behaviors.receive(ModuleEvent.class)
              .onMessage(
                  ModuleEvent.ModuleComing.class,
                  coming -> {
                    sim.send(
                        ctx.getSelf(),
                        manager,
                        new KprobeManager.ModuleComing(
                            coming.name(), coming.address(), coming.size(), coming.replyTo()));
                    return Behaviors.same();
                  })
              .onMessage(
                  ModuleEvent.ModuleGoing.class,
                  going -> {
                    sim.send(
                        ctx.getSelf(),
                        manager,
                        new KprobeManager.ModuleGoing(going.name(), going.replyTo()));
                    return Behaviors.same();
                  })
              .onMessage(
                  ModuleEvent.ModuleLive.class,
                  live -> {
                    sim.send(ctx.getSelf(), live.replyTo(), ModuleEvent.Notified.ok(live.name()));
                    return Behaviors.same();
                  })
              .build();
        });
  }
}
