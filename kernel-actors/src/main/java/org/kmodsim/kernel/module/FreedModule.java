package org.kmodsim.kernel.module;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.sim.Sim;

/**
 * A {@link Module} after free_module (kernel/module/main.c): the tombstone of the freed memory. Any
 * access by a CPU is a use-after-free and answers {@link Module.Oops} at the address it touched;
 * the loader's requests find nothing to stop and no /sys/module directory.
 *
 * <p>Owns nothing: the module's name and address, for the oops.
 */
final class FreedModule {
  private final ActorContext<Module.Command> ctx;
  private final Sim sim;
  private final String name;
  private final long address;

  private FreedModule(ActorContext<Module.Command> ctx, Sim sim, String name, long address) {
    this.ctx = ctx;
    this.sim = sim;
    this.name = name;
    this.address = address;
  }

  static Behavior<Module.Command> create(
      ActorContext<Module.Command> ctx, Sim sim, String name, long address) {
    return new FreedModule(ctx, sim, name, address).freed();
  }

  /** The freed memory: any access by a CPU is a use-after-free. */
  private Behavior<Module.Command> freed() {
    return Behaviors.receive(Module.Command.class)
        .onMessage(Module.TryModuleGet.class, m -> ownerGone(m.replyTo()))
        .onMessage(Module.ModulePut.class, m -> fault(m.replyTo(), 0x10, "write"))
        .onMessage(Module.PostedRef.class, m -> Behaviors.same()) // issued before the free
        .onMessage(Module.UseCountAdd.class, m -> fault(m.replyTo(), 0x10, "write"))
        .onMessage(Module.Enter.class, m -> fault(m.replyTo(), 0x1000, "instruction fetch"))
        .onMessage(Module.ReadParam.class, m -> fault(m.replyTo(), 0x2000, "read"))
        .onMessage(Module.SysfsFile.class, this::onFile)
        .onMessage(Module.TryStop.class, m -> notStopped(m.replyTo()))
        .onMessage(Module.TryAutoclean.class, m -> notStopped(m.replyTo()))
        .onMessage(Module.Command.class, m -> Behaviors.same())
        .build();
  }

  /**
   * try_module_get through an owner pointer whose registration is gone: the caller found no owner
   * (the device was unregistered by exit), so it fails without touching freed memory.
   */
  private Behavior<Module.Command> ownerGone(ActorRef<Module.RefReply> replyTo) {
    sim.send(ctx.getSelf(), replyTo, new Module.Got(false, 0));
    return Behaviors.same();
  }

  private Behavior<Module.Command> fault(
      ActorRef<? super Module.Oops> replyTo, long offset, String access) {
    sim.send(ctx.getSelf(), replyTo, new Module.Oops(name, address + offset, access));
    return Behaviors.same();
  }

  private Behavior<Module.Command> onFile(Module.SysfsFile file) {
    sim.send(ctx.getSelf(), file.request().replyTo(), new FileReply.Failed(Errno.ENOENT, true));
    return Behaviors.same();
  }

  private Behavior<Module.Command> notStopped(ActorRef<Module.StopResult> replyTo) {
    sim.send(ctx.getSelf(), replyTo, new Module.StopResult(name, false, false, false, 0));
    return Behaviors.same();
  }
}
