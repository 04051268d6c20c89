package org.kmodsim.kernel.kprobes;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.kmodsim.sim.Sim;

/**
 * One registration's try_module_get on the probed module: a per-request child of the manager
 * that asks the module and hands the answer back with the registration it belongs to, so
 * answers from different modules never get mixed up. Stops after one answer.
 */
final class ModuleHold {
  private ModuleHold() {}

  static Behavior<Boolean> create(
      Sim sim,
      ModuleRefs refs,
      ActorRef<KprobeManager.Command> manager,
      KprobeManager.Register register,
      Registrar.Place place) {
    return Behaviors.setup(ctx -> {
      refs.tryGet(ctx.getSelf(), place.symbol().module(), ctx.getSelf());
      return Behaviors.receive(Boolean.class)
          .onMessage(Boolean.class, got -> {
            sim.send(ctx.getSelf(), manager, new KprobeManager.ModuleHeld(register, place, got));
            return Behaviors.stopped();
          })
          .build();
    });
  }
}
