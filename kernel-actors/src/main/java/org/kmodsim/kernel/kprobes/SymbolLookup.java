package org.kmodsim.kernel.kprobes;

import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.ServiceId;

/**
 * The part of kallsyms that kprobes use: a name to its symbol, an address to the symbol that
 * contains it. Any symbol registry answering this protocol can serve the kprobe manager; until
 * the module subsystem's registry is bound, {@link BuiltinSymbols} answers it from the built-in
 * kernel table.
 */
public final class SymbolLookup {
  public static final ServiceId<Request> KEY =
      new ServiceId<>("kprobes-symbol-lookup", Request.class);

  private SymbolLookup() {}

  public sealed interface Request {
    ActorRef<Reply> replyTo();
  }

  /** kallsyms_lookup_name(name); {@code module:symbol} looks in one module only. */
  public record ByName(String name, ActorRef<Reply> replyTo) implements Request {}

  /** kallsyms_lookup_size_offset(address). */
  public record ByAddress(long address, ActorRef<Reply> replyTo) implements Request {}

  public sealed interface Reply {}

  public record Found(KernelSymbolInfo symbol) implements Reply {}

  public record NotFound(String what) implements Reply {}
}
