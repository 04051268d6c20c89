package org.kmodsim.kernel.kprobes;

import java.util.ArrayDeque;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.sim.Sim;

/**
 * kprobes' view of kallsyms when the symbol registry is booted: every question goes to the
 * registry first (its vmlinux symbols, as /proc/kallsyms shows them, and every loaded module's),
 * and what it does not know is answered from {@link BuiltinKernelText}, the vmlinux functions the
 * registry's small table leaves out (vfs_read, the int3 and page-fault entries, kprobes' own
 * code). The registry answers in order, so one queue pairs answers with questions.
 *
 * <p>Owns: 1. the questions waiting for the registry, in order.
 */
final class KernelSymbols extends AbstractBehavior<KernelSymbols.Command> {

  sealed interface Command {}

  private record Ask(SymbolLookup.Request request) implements Command {}

  private record Answer(SymbolLookup.Reply reply) implements Command {}

  /** The public face: a {@link SymbolLookup} address that forwards into this actor. */
  static Behavior<SymbolLookup.Request> front(
      Sim sim, ActorRef<Kallsyms.Command> kallsyms, BuiltinKernelText builtin) {
    return Behaviors.setup(ctx -> {
      ActorRef<Command> inner = sim.spawn(ctx, Behaviors.<Command>setup(
          c -> new KernelSymbols(c, sim, kallsyms, builtin)), "router");
      return Behaviors.receive(SymbolLookup.Request.class)
          .onAnyMessage(request -> {
            sim.send(ctx.getSelf(), inner, new Ask(request));
            return Behaviors.same();
          })
          .build();
    });
  }

  private final Sim sim;
  private final ActorRef<Kallsyms.Command> kallsyms;
  private final BuiltinKernelText builtin;
  private final ActorRef<SymbolLookup.Reply> answers;
  private final ArrayDeque<SymbolLookup.Request> waiting = new ArrayDeque<>();

  private KernelSymbols(ActorContext<Command> ctx, Sim sim, ActorRef<Kallsyms.Command> kallsyms,
      BuiltinKernelText builtin) {
    super(ctx);
    this.sim = sim;
    this.kallsyms = kallsyms;
    this.builtin = builtin;
    this.answers = ctx.messageAdapter(SymbolLookup.Reply.class, Answer::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Ask.class, this::onAsk)
        .onMessage(Answer.class, this::onAnswer)
        .build();
  }

  private Behavior<Command> onAsk(Ask ask) {
    waiting.addLast(ask.request());
    SymbolLookup.Request forward = ask.request() instanceof SymbolLookup.ByName
        ? new SymbolLookup.ByName(((SymbolLookup.ByName) ask.request()).name(), answers)
        : new SymbolLookup.ByAddress(((SymbolLookup.ByAddress) ask.request()).address(), answers);
    sim.send(getContext().getSelf(), kallsyms, new Kallsyms.Lookup(forward));
    return this;
  }

  private Behavior<Command> onAnswer(Answer answer) {
    SymbolLookup.Request request = waiting.pollFirst();
    org.kmodsim.cpu.Bug.on(request == null, "kallsyms answered a question nobody asked");
    SymbolLookup.Reply reply = answer.reply();
    if (!(reply instanceof SymbolLookup.Found)) {
      reply = request instanceof SymbolLookup.ByName
          ? builtin.byName(((SymbolLookup.ByName) request).name())
              .<SymbolLookup.Reply>map(SymbolLookup.Found::new).orElse(reply)
          : builtin.byAddress(((SymbolLookup.ByAddress) request).address())
              .<SymbolLookup.Reply>map(SymbolLookup.Found::new).orElse(reply);
    }
    sim.send(getContext().getSelf(), request.replyTo(), reply);
    return this;
  }
}
