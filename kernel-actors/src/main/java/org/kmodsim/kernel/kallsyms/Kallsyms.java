package org.kmodsim.kernel.kallsyms;

import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.cpu.Capability;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.cpu.ServiceId;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.kernel.kprobes.KallsymsView;
import org.kmodsim.kernel.kprobes.SymbolLookup;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleQuery;
import org.kmodsim.kernel.module.ModuleSettings;
import org.kmodsim.kernel.module.SimplifySymbols;
import org.kmodsim.kernel.module.Taint;
import org.kmodsim.sim.Sim;

/**
 * The symbol registry (kernel/kallsyms.c, kernel/module/kallsyms.c, find_symbol in
 * kernel/module/main.c): resolves a loading module's imports, adds a module's symbols at COMING
 * (refusing duplicate exports), drops them when it is freed, answers kallsyms_lookup_name, and
 * serves /proc/kallsyms, the 2.4 /proc/ksyms and /proc/sys/kernel/kptr_restrict.
 *
 * <p>Owns: 1. the symbol table; 2. kptr_restrict (asked by the loader for /proc/modules).
 */
public final class Kallsyms extends AbstractBehavior<Kallsyms.Command> {
  public static final ServiceId<Command> KEY = new ServiceId<>("kallsyms", Command.class);

  public sealed interface Command {}

  /** simplify_symbols for a loading module. */
  public record Resolve(ModuleDefinition definition, boolean ignoreVersions, Set<Taint> tainted,
      ActorRef<Resolved> replyTo) implements Command {}

  public record Resolved(SimplifySymbols.Result result) {}

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

  public record LookupName(String name, ActorRef<Address> replyTo) implements Command {}

  public record Address(String name, long address) {}

  /**
   * 2.4 query_module(name, QM_SYMBOLS): the exports of module {@code module} (null: of the
   * kernel) with their /proc/ksyms names; sent by the loader after its checks.
   */
  public record QuerySymbols(String module, long bufsize, ActorRef<ModuleQuery.Answer> replyTo)
      implements Command {}

  /** kallsyms_lookup_size_offset and friends, as kprobes use them (answered in order). */
  public record Lookup(SymbolLookup.Request request) implements Command {}

  /**
   * kallsyms_show_value(request's cred) with kptr_restrict as it is now, for another file that
   * prints kernel addresses (/proc/modules); the request comes back with the answer.
   */
  public record ShowValue(FileRequest request, ActorRef<ValueShown> replyTo) implements Command {}

  public record ValueShown(FileRequest request, boolean show) {}

  private record File(FileRequest request) implements Command {}

  public static Behavior<Command> create(Sim sim, ModuleSettings settings,
      ActorRef<Vfs.Command> vfs) {
    return Behaviors.setup(ctx -> new Kallsyms(ctx, sim, settings, vfs));
  }

  private final Sim sim;
  private final ModuleSettings settings;
  private final SymbolTable table;
  private final SimplifySymbols.Options options;
  private int kptrRestrict;

  private Kallsyms(ActorContext<Command> ctx, Sim sim, ModuleSettings settings,
      ActorRef<Vfs.Command> vfs) {
    super(ctx);
    this.sim = sim;
    this.settings = settings;
    this.table = SymbolTable.withBuiltins(settings.era());
    this.options = new SimplifySymbols.Options(settings.modversions(), settings.forceLoad(),
        settings.allowMissingNamespaceImports());
    this.kptrRestrict = settings.kptrRestrict();
    ActorRef<FileRequest> files = ctx.messageAdapter(FileRequest.class, File::new);
    String file = settings.era() == Era.V2_4 ? "/proc/ksyms" : "/proc/kallsyms";
    sim.send(ctx.getSelf(), vfs, new Vfs.Mount(file, files));
    if (settings.era() != Era.V2_4) {
      sim.send(ctx.getSelf(), vfs, new Vfs.Mount("/proc/sys/kernel/kptr_restrict", files));
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Resolve.class, this::onResolve)
        .onMessage(AddModule.class, this::onAddModule)
        .onMessage(DropModule.class, this::onDropModule)
        .onMessage(LookupName.class, this::onLookupName)
        .onMessage(ShowValue.class, this::onShowValue)
        .onMessage(Lookup.class, this::onLookup)
        .onMessage(QuerySymbols.class, this::onQuerySymbols)
        .onMessage(File.class, this::onFile)
        .build();
  }

  private Behavior<Command> onLookup(Lookup lookup) {
    sim.send(getContext().getSelf(), lookup.request().replyTo(),
        KallsymsView.answer(table, lookup.request()));
    return this;
  }

  private Behavior<Command> onResolve(Resolve resolve) {
    SimplifySymbols.Result result = SimplifySymbols.resolveImports(resolve.definition(),
        resolve.ignoreVersions(), table, settings.era(), options, resolve.tainted());
    sim.send(getContext().getSelf(), resolve.replyTo(), new Resolved(result));
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

  private Behavior<Command> onQuerySymbols(QuerySymbols query) {
    List<KernelSymbol> symbols = query.module() == null ? table.kernelSymbols()
        : table.moduleSymbols().getOrDefault(query.module(), List.of());
    List<Long> values = new java.util.ArrayList<>();
    List<String> names = new java.util.ArrayList<>();
    for (KernelSymbol symbol : symbols) {
      if (symbol.exported()) {
        values.add(symbol.address());
        names.add(SymbolTable.versioned(symbol, settings.modversions()));
      }
    }
    sim.send(getContext().getSelf(), query.replyTo(),
        ModuleQuery.symbols(values, names, query.bufsize()));
    return this;
  }

  private Behavior<Command> onLookupName(LookupName lookup) {
    sim.send(getContext().getSelf(), lookup.replyTo(),
        new Address(lookup.name(), table.lookupName(lookup.name())));
    return this;
  }

  private Behavior<Command> onShowValue(ShowValue query) {
    boolean show = settings.showValue(kptrRestrict,
        query.request().cred().has(Capability.CAP_SYSLOG));
    sim.send(getContext().getSelf(), query.replyTo(), new ValueShown(query.request(), show));
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
