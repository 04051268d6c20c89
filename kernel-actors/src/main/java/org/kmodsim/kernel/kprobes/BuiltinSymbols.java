package org.kmodsim.kernel.kprobes;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.sim.Sim;

/**
 * Answers {@link SymbolLookup} from {@link BuiltinKernelText} (kernel/kallsyms.c for vmlinux
 * only): the kprobe manager's symbol source when no module-aware registry is booted.
 *
 * <p>Owns: 1. nothing mutable; the table is immutable.
 */
public final class BuiltinSymbols extends AbstractBehavior<SymbolLookup.Request> {

  public static Behavior<SymbolLookup.Request> create(Sim sim, BuiltinKernelText text) {
    return Behaviors.setup(ctx -> new BuiltinSymbols(ctx, sim, text));
  }

  private final Sim sim;
  private final BuiltinKernelText text;

  private BuiltinSymbols(ActorContext<SymbolLookup.Request> ctx, Sim sim, BuiltinKernelText text) {
    super(ctx);
    this.sim = sim;
    this.text = text;
  }

  @Override
  public Receive<SymbolLookup.Request> createReceive() {
    return newReceiveBuilder()
        .onMessage(SymbolLookup.ByName.class, this::onByName)
        .onMessage(SymbolLookup.ByAddress.class, this::onByAddress)
        .build();
  }

  private Behavior<SymbolLookup.Request> onByName(SymbolLookup.ByName request) {
    SymbolLookup.Reply reply =
        text.byName(request.name())
            .<SymbolLookup.Reply>map(SymbolLookup.Found::new)
            .orElse(new SymbolLookup.NotFound(request.name()));
    sim.send(getContext().getSelf(), request.replyTo(), reply);
    return this;
  }

  private Behavior<SymbolLookup.Request> onByAddress(SymbolLookup.ByAddress request) {
    SymbolLookup.Reply reply =
        text.byAddress(request.address())
            .<SymbolLookup.Reply>map(SymbolLookup.Found::new)
            .orElse(new SymbolLookup.NotFound(Long.toHexString(request.address())));
    sim.send(getContext().getSelf(), request.replyTo(), reply);
    return this;
  }
}
