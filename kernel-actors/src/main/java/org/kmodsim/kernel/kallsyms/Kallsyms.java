package org.kmodsim.kernel.kallsyms;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.cpu.Capability;
import org.kmodsim.cpu.ServiceId;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.sim.Sim;

/**
 * The kernel symbol table (kernel/kallsyms.c, kernel/module/kallsyms.c, find_symbol in
 * kernel/module/main.c): vmlinux's symbols, the export tables and every loaded module's symbols, in
 * one {@link SymbolTable}. It answers kallsyms_lookup_name and kallsyms_lookup_size_offset (for
 * kprobes and the kernel's calls), runs the loader's queries against the table under its lock
 * (simplify_symbols, query_module), adds a module's symbols at COMING (refusing duplicate exports),
 * drops them when it is freed, and serves /proc/kallsyms, the 2.4 /proc/ksyms and
 * /proc/sys/kernel/kptr_restrict.
 *
 * <p>Owns: 1. the symbol table; 2. kptr_restrict (asked by the loader for /proc/modules).
 */
public final class Kallsyms extends AbstractBehavior<Kallsyms.Command> {
  public static final ServiceId<Command> KEY = new ServiceId<>("kallsyms", Command.class);

  public sealed interface Command {}

  /**
   * A question answered from the table under kallsyms' lock: what the module loader asks
   * (simplify_symbols, query_module's QM_SYMBOLS). A record, so that traces show its fields.
   */
  public interface Query<R> {
    R answer(SymbolTable table);
  }

  /** Runs {@code query} against the table and sends its answer to {@code replyTo}. */
  public record Read<R>(Query<R> query, ActorRef<R> replyTo) implements Command {}

  /** complete_formation: verify_exported_symbols, then make the module's symbols visible. */
  public record AddModule(String module, List<KernelSymbol> symbols, ActorRef<Added> replyTo)
      implements Command {
    public AddModule {
      symbols = List.copyOf(symbols);
    }
  }

  /** {@code duplicate} is null on success, else the symbol and its owner. */
  public record Added(String module, KernelSymbol duplicate) {}

  public record DropModule(String module) implements Command {}

  /** kallsyms_lookup_name(name): the address, 0 when unknown; {@code module:symbol} accepted. */
  public record LookupName(String name, ActorRef<Address> replyTo) implements Command {}

  public record Address(String name, long address) {}

  /** kallsyms_lookup_name with kallsyms_lookup_size_offset: the symbol and its size. */
  public record FindSymbol(String name, ActorRef<SymbolReply> replyTo) implements Command {}

  /** kallsyms_lookup_size_offset(address): the symbol that contains the address. */
  public record FindSymbolAt(long address, ActorRef<SymbolReply> replyTo) implements Command {}

  /** The answer to {@link FindSymbol} and {@link FindSymbolAt}. */
  public sealed interface SymbolReply {}

  public record Found(KernelSymbol symbol) implements SymbolReply {}

  public record NotFound(String what) implements SymbolReply {}

  /**
   * kallsyms_show_value(request's cred) with kptr_restrict as it is now, for another file that
   * prints kernel addresses (/proc/modules); the request comes back with the answer.
   */
  public record ShowValue(FileRequest request, ActorRef<ValueShown> replyTo) implements Command {}

  public record ValueShown(FileRequest request, boolean show) {}

  /** kptr_restrict as it is now, for %pK in printk (lib/vsprintf.c restricted_pointer). */
  public record KptrRestrictNow(ActorRef<KptrRestrictIs> replyTo) implements Command {}

  public record KptrRestrictIs(int value) {}

  private record File(FileRequest request) implements Command {}

  public static Behavior<Command> create(
      Sim sim, KallsymsSettings settings, ActorRef<Vfs.Command> vfs) {
    return Behaviors.setup(ctx -> new Kallsyms(ctx, sim, settings, vfs));
  }

  private final Sim sim;
  private final KallsymsSettings settings;
  private final SymbolTable table;
  private int kptrRestrict;

  private Kallsyms(
      ActorContext<Command> ctx, Sim sim, KallsymsSettings settings, ActorRef<Vfs.Command> vfs) {
    super(ctx);
    this.sim = sim;
    this.settings = settings;
    this.table = SymbolTable.forKernel(settings);
    this.kptrRestrict = settings.kptrRestrict();
    ActorRef<FileRequest> files = ctx.messageAdapter(FileRequest.class, File::new);
    String file = settings.era() == Era.V2_4 ? "/proc/ksyms" : "/proc/kallsyms";
    if (settings.hasKallsyms()) { // without CONFIG_KALLSYMS: no kernel/kallsyms.c, no file
      sim.send(ctx.getSelf(), vfs, new Vfs.Mount(file, files));
    }
    if (settings.hasKptrRestrict()) {
      sim.send(ctx.getSelf(), vfs, new Vfs.Mount("/proc/sys/kernel/kptr_restrict", files));
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Read.class, this::onRead)
        .onMessage(AddModule.class, this::onAddModule)
        .onMessage(DropModule.class, this::onDropModule)
        .onMessage(LookupName.class, this::onLookupName)
        .onMessage(ShowValue.class, this::onShowValue)
        .onMessage(KptrRestrictNow.class, this::onKptrRestrictNow)
        .onMessage(FindSymbol.class, this::onFindSymbol)
        .onMessage(FindSymbolAt.class, this::onFindSymbolAt)
        .onMessage(File.class, this::onFile)
        .build();
  }

  private Behavior<Command> onRead(Read<?> read) {
    answer(read);
    return this;
  }

  private <R> void answer(Read<R> read) {
    sim.send(getContext().getSelf(), read.replyTo(), read.query().answer(table));
  }

  private Behavior<Command> onFindSymbol(FindSymbol find) {
    return found(find.replyTo(), table.find(find.name()), find.name());
  }

  private Behavior<Command> onFindSymbolAt(FindSymbolAt find) {
    return found(find.replyTo(), table.findAt(find.address()), Long.toHexString(find.address()));
  }

  private Behavior<Command> found(ActorRef<SymbolReply> to, KernelSymbol symbol, String what) {
    sim.send(getContext().getSelf(), to, symbol == null ? new NotFound(what) : new Found(symbol));
    return this;
  }

  private Behavior<Command> onAddModule(AddModule add) {
    for (KernelSymbol symbol : add.symbols()) {
      if (symbol.exported()) {
        KernelSymbol existing = table.findAnyExport(symbol.name());
        if (existing != null) {
          sim.send(getContext().getSelf(), add.replyTo(), new Added(add.module(), existing));
          return this;
        }
      }
    }
    table.addModule(add.module(), add.symbols());
    sim.send(getContext().getSelf(), add.replyTo(), new Added(add.module(), null));
    return this;
  }

  private Behavior<Command> onDropModule(DropModule drop) {
    table.dropModule(drop.module());
    return this;
  }

  private Behavior<Command> onLookupName(LookupName lookup) {
    sim.send(
        getContext().getSelf(),
        lookup.replyTo(),
        new Address(lookup.name(), settings.hasKallsyms() ? table.lookupName(lookup.name()) : 0));
    return this;
  }

  private Behavior<Command> onShowValue(ShowValue query) {
    boolean show =
        settings.showValue(kptrRestrict, query.request().cred().has(Capability.CAP_SYSLOG));
    sim.send(getContext().getSelf(), query.replyTo(), new ValueShown(query.request(), show));
    return this;
  }

  private Behavior<Command> onKptrRestrictNow(KptrRestrictNow query) {
    sim.send(getContext().getSelf(), query.replyTo(), new KptrRestrictIs(kptrRestrict));
    return this;
  }

  private Behavior<Command> onFile(File file) {
    FileRequest request = file.request();
    sim.send(getContext().getSelf(), request.replyTo(), answer(request));
    return this;
  }

  private FileReply answer(FileRequest request) {
    if (request instanceof FileRequest.List) {
      return new FileReply.Failed(Errno.ENOTDIR, true);
    }
    if (request.path().equals("/proc/sys/kernel/kptr_restrict")) {
      return kptrRestrict(request);
    }
    if (request instanceof FileRequest.Write) {
      return new FileReply.Failed(Errno.EACCES, true);
    }
    if (request.path().equals("/proc/ksyms")) {
      return new FileReply.Content(table.renderKsyms(settings.modversions()));
    }
    boolean show = settings.showValue(kptrRestrict, request.cred().has(Capability.CAP_SYSLOG));
    return new FileReply.Content(table.renderKallsyms(show, settings.kallsymsAll()));
  }

  /** kptr_restrict: 0644, 0..2, and writing needs CAP_SYS_ADMIN (proc_dointvec_minmax_sysadmin). */
  private FileReply kptrRestrict(FileRequest request) {
    if (request instanceof FileRequest.Read) {
      return new FileReply.Content(kptrRestrict + "\n");
    }
    if (!request.cred().isRoot()) {
      return new FileReply.Failed(Errno.EACCES, true);
    }
    if (!request.cred().has(Capability.CAP_SYS_ADMIN)) {
      return new FileReply.Failed(Errno.EPERM, false);
    }
    String data = ((FileRequest.Write) request).data().trim();
    try {
      int value = Integer.parseInt(data);
      if (value < 0 || value > 2) {
        return new FileReply.Failed(Errno.EINVAL, false);
      }
      kptrRestrict = value;
      return new FileReply.Written(((FileRequest.Write) request).data().length());
    } catch (NumberFormatException e) {
      return new FileReply.Failed(Errno.EINVAL, false);
    }
  }
}
