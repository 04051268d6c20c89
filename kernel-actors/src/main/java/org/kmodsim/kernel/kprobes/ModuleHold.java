package org.kmodsim.kernel.kprobes;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.kmodsim.sim.Sim;

/**
 * One registration's reference on the probed module (kernel/kprobes.c: try_module_get in
 * check_kprobe_address_safe, module_put once the probe is armed): a per-request child of the
 * manager that takes the reference, hands the answer back with the registration it belongs to,
 * holds it until the manager has inserted the probe, then drops it and stops. An rmmod in that
 * window finds the module in use.
 */
final class ModuleHold {
  /** The manager is done with the module: drop the reference. */
  enum Release {
    INSTANCE
  }

  private ModuleHold() {}

  static Behavior<Object> create(
      Sim sim,
      ModuleRefs refs,
      ActorRef<KprobeManager.Command> manager,
      KprobeManager.Register register,
      Registrar.Place place) {
    String module = place.symbol().owner();
    return Behaviors.setup(
        ctx -> {
          refs.tryGet(ctx.getSelf(), module, register.cpu(), ctx.getSelf());
          return Behaviors.receive(Object.class)
              .onAnyMessage(
                  answer -> {
                    boolean got = refs.granted(answer);
                    sim.send(
                        ctx.getSelf(),
                        manager,
                        new KprobeManager.ModuleHeld(register, place, got, ctx.getSelf()));
                    return got ? holding(sim, refs, module, register.cpu()) : Behaviors.stopped();
                  })
              .build();
        });
  }

  private static Behavior<Object> holding(Sim sim, ModuleRefs refs, String module, int cpu) {
    return Behaviors.receive(Object.class)
        .onMessageEquals(
            Release.INSTANCE,
            () ->
                Behaviors.setup(
                    ctx -> {
                      refs.put(ctx.getSelf(), module, cpu, ctx.getSelf());
                      return Behaviors.receive(Object.class)
                          .onAnyMessage(ack -> Behaviors.stopped())
                          .build();
                    }))
        .build();
  }
}
