package org.kmodsim.kernel.module;

import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Cred;
import org.kmodsim.cpu.ReceiveTable;
import org.kmodsim.cpu.ServiceId;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.smp.Smp;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.printk.KernelLog;
import org.kmodsim.sim.Sim;

/**
 * The module loader (kernel/module/main.c; 2.4 and 2.6 kernel/module.c), the actor of module_mutex
 * and the only writer of module state: list membership, {@code mod->state}, the holders ("Used
 * by"), the taint mask. A load is the story of a {@link ModuleLoad}, run here; an unload is {@link
 * Unload}'s checks, try_stop_module (under stop_machine in 2.6), the exit function run by the
 * caller's CPU, the GOING chain and free_module. Collaborators see the loader through {@link
 * ModuleInternal} only; the era's differences are {@link ModuleEra}'s.
 *
 * <p>Owns: 1. the module list ({@link ModuleList}) and, for lock-free readers, its image in the
 * {@link ModuleTable}; 2. the kernel taint mask, modules_disabled, the last unloaded module and the
 * once-per-boot unsigned notice; 3. loads in flight and their waiters ({@link LoadCoordinator}); 4.
 * the notifier chain ({@link ModuleNotifier}); 5. /proc/modules,
 * /proc/sys/kernel/{tainted,modules_disabled} and the /sys/module directory.
 */
public final class ModuleLoader extends AbstractBehavior<ModuleLoader.Command> {
  public static final ServiceId<Command> KEY = new ServiceId<>("module-loader", Command.class);

  public sealed interface Command {}

  /** init_module / finit_module (2.4: create_module + init_module) from a CPU. */
  public record LoadModule(LoadInfo info, Cred cred, int cpu, ActorRef<LoadReply> replyTo)
      implements Command {}

  /** 2.4 create_module(name, size): replies {@link Created} or {@link LoadFailed}. */
  public record CreateModule(String name, long size, Cred cred, ActorRef<LoadReply> replyTo)
      implements Command {}

  /**
   * 2.4 init_module(name, image): the image (the module as insmod linked it: its dependencies
   * resolved, its flags) goes into the create_module slot {@code name} and init runs on the
   * caller's CPU; replies as a load does. A 2.4 {@link LoadModule} is this call for the image's own
   * name.
   */
  public record InitModule(
      String name, LoadInfo image, Cred cred, int cpu, ActorRef<LoadReply> replyTo)
      implements Command {}

  /**
   * 2.4 query_module(name, which, buf, bufsize, &amp;ret): {@code name} null is the kernel itself,
   * {@code bufsize} below 0 a buffer large enough.
   */
  public record QueryModule(
      String name, int which, long bufsize, ActorRef<ModuleQuery.Answer> replyTo)
      implements Command {}

  /** From the caller's CPU: the init function of load {@code load} returned {@code result}. */
  public record InitDone(long load, long result) implements Command {}

  /**
   * delete_module(name, flags); {@code name} null is the 2.4 autoclean call. {@code callerPerCpu}
   * is the caller's per-CPU module counters: it sleeps in the syscall, so stop_machine does not
   * stop it.
   */
  public record DeleteModule(
      String name,
      boolean nonblock,
      boolean force,
      Cred cred,
      int cpu,
      Map<String, Long> callerPerCpu,
      ActorRef<DeleteReply> replyTo)
      implements Command {
    public DeleteModule {
      callerPerCpu = Map.copyOf(callerPerCpu);
    }
  }

  /** The caller's CPU ran the exit function: free the module. */
  public record ExitDone(String name, ActorRef<DeleteReply> replyTo) implements Command {}

  /**
   * A kernel actor reaches a module through its pointer: forwarded to the module's latest instance.
   * (Steps on CPUs read the pointer from the {@link ModuleTable} themselves.)
   */
  public record Forward(String name, Module.Command command, ActorRef<Module.Reply> notFound)
      implements Command {}

  /** find_module: replies {@link Module.Value} 1 when a formed module has that name. */
  public record FindModule(String name, ActorRef<Module.Value> replyTo) implements Command {}

  /** A CPU hit freed module memory: print the oops and count the violation. */
  public record ReportOops(int cpu, String comm, Module.Oops oops) implements Command {}

  /**
   * WARN_ON in module code: the warning report's lines (kernel/panic.c __warn), answered after
   * tainting W; the CPU prints them, so they come before its next printk.
   */
  public record ReportWarning(int cpu, String comm, WarnText.Site site, ActorRef<Warned> replyTo)
      implements Command {}

  /** The lines of a warning report. */
  public record Warned(List<LogLine> lines) {
    public Warned {
      lines = List.copyOf(lines);
    }
  }

  /** An indirect call to {@code target} without ENDBR64 (#CP, arch/x86/kernel/cet.c): the oops. */
  public record ReportMissingEndbr(int cpu, String comm, String target) implements Command {}

  public record Subscribe(ActorRef<ModuleEvent> subscriber) implements Command {}

  /** smp_init: the CPUs that stop_machine stops. */
  public record CpusOnline(List<ActorRef<Smp.Ipi>> cpus) implements Command {
    public CpusOnline {
      cpus = List.copyOf(cpus);
    }
  }

  /**
   * 2.6: a module_put on a module that is no longer live wakes the unloader sleeping in
   * delete_module until the count reaches zero (wake_up_process(mod->waiter)).
   */
  public record WakeUnloader(String name) implements Command {}

  record ProcFile(FileRequest request) implements Command {}

  /** kallsyms_show_value answered for a /proc/modules read. */
  record ProcModulesShown(Kallsyms.ValueShown shown) implements Command {}

  record StopReplied(Module.StopResult result) implements Command {}

  record CpuStoppedWrapper(Smp.CpuStopped stopped) implements Command {}

  record ResolvedReply(SimplifySymbols.Result resolved) implements Command {}

  record AddedReply(Kallsyms.Added added) implements Command {}

  /** A notifier subscriber's answer. */
  record NotifierAnswered(ModuleEvent.Notified notified) implements Command {}

  /** khungtaskd's check found the 2.6 unloader of {@code name} still blocked (D state). */
  record UnloadHung(String name, long since) implements Command {}

  /** The hung-task time passed while callback {@code index} of notifier call {@code call} ran. */
  record NotifierHung(String name, long call, int index) implements Command {}

  /** The 30 s wait of a load for a dependency's init ran out. */
  record DependencyTimeout(long id) implements Command {}

  /** Replies of a load to the CPU. */
  public sealed interface LoadReply {}

  public record LoadFailed(Errno errno) implements LoadReply {}

  /**
   * do_init_module: the caller's CPU runs init, then sends {@link InitDone} with {@code load} to
   * {@code loader}. {@code instance} names this load of the module (its statics are its own).
   */
  public record RunInit(
      String name, List<Step> init, ActorRef<Command> loader, long load, String instance)
      implements LoadReply {
    public RunInit {
      init = List.copyOf(init);
    }

    public RunInit(String name, List<Step> init, ActorRef<Command> loader, long load) {
      this(name, init, loader, load, name);
    }
  }

  public record Loaded(String name) implements LoadReply {}

  /** 2.4 create_module's return value: the address of the new struct module. */
  public record Created(String name, long address) implements LoadReply {}

  /** Replies of an unload to the CPU. */
  public sealed interface DeleteReply {}

  public record DeleteFailed(Errno errno) implements DeleteReply {}

  /** The module is GOING: the caller's CPU runs exit (of {@code instance}), then ExitDone. */
  public record RunExit(String name, List<Step> exit, String instance) implements DeleteReply {
    public RunExit {
      exit = List.copyOf(exit);
    }

    public RunExit(String name, List<Step> exit) {
      this(name, exit, name);
    }
  }

  public record Deleted(String name) implements DeleteReply {}

  /** Boot-time collaborators. */
  public record Deps(
      ModuleSettings settings,
      Commands commands,
      KernelLog log,
      ActorRef<Vfs.Command> vfs,
      ActorRef<Kallsyms.Command> kallsyms,
      ModuleTable table) {}

  public static Behavior<Command> create(Sim sim, Deps deps) {
    return Behaviors.setup(ctx -> new ModuleLoader(ctx, sim, deps));
  }

  private final Deps deps;
  private final ModuleList modules;
  private final ModuleCore kernel;
  private final ModuleNotifier notifier;
  private final UserSpaceLinking calls24;
  private final LoadCoordinator loads;
  private final Unload unload;
  private final ActorRef<Kallsyms.ValueShown> procModulesShown;

  private ModuleLoader(ActorContext<Command> ctx, Sim sim, Deps deps) {
    super(ctx);
    this.deps = deps;
    ModuleEra era = ModuleEra.of(deps.settings().era());
    this.modules = new ModuleList(era);
    this.notifier =
        new ModuleNotifier(
            sim,
            ctx.getSelf(),
            ctx.messageAdapter(ModuleEvent.Notified.class, NotifierAnswered::new),
            deps.settings().hungTaskNanos());
    // One adapter per reply class (a second one would replace it): the unload in progress, or
    // the autoclean walk, is the only one waiting for a StopResult.
    ActorRef<Module.StopResult> stopReplies =
        ctx.messageAdapter(Module.StopResult.class, StopReplied::new);
    this.kernel = new ModuleCore(ctx, sim, deps, era, modules, notifier, stopReplies);
    this.calls24 = era.userSpaceLinking(kernel);
    this.loads =
        new LoadCoordinator(
            kernel,
            calls24,
            ctx.messageAdapter(SimplifySymbols.Result.class, ResolvedReply::new),
            ctx.messageAdapter(Kallsyms.Added.class, AddedReply::new));
    kernel.loads(loads);
    this.unload =
        new Unload(
            kernel,
            calls24,
            ctx.messageAdapter(Smp.CpuStopped.class, CpuStoppedWrapper::new),
            stopReplies);
    this.procModulesShown = ctx.messageAdapter(Kallsyms.ValueShown.class, ProcModulesShown::new);
    ActorRef<FileRequest> files = ctx.messageAdapter(FileRequest.class, ProcFile::new);
    for (String path : ProcFiles.mounts(era)) {
      sim.send(ctx.getSelf(), deps.vfs(), new Vfs.Mount(path, files));
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return RECEIVE.receive(this);
  }

  /** Built once for the loader of every run ({@link ReceiveTable}). */
  private static final ReceiveTable<ModuleLoader, Command> RECEIVE =
      ReceiveTable.<ModuleLoader, Command>builder()
          .on(LoadModule.class, (l, m) -> l.on(() -> l.loads.load(m.info().name(), m)))
          .on(InitModule.class, (l, m) -> l.on(() -> l.loads.load(m.name(), asLoad(m))))
          .on(CreateModule.class, (l, m) -> l.on(() -> l.calls24.createModule(m)))
          .on(QueryModule.class, (l, m) -> l.on(() -> l.calls24.queryModule(m)))
          .on(ResolvedReply.class, (l, m) -> l.on(() -> l.loads.onResolved(m.resolved())))
          .on(AddedReply.class, (l, m) -> l.on(() -> l.loads.onAdded(m.added())))
          .on(InitDone.class, (l, m) -> l.on(() -> l.loads.onInitDone(m)))
          .on(DependencyTimeout.class, (l, m) -> l.on(() -> l.loads.onDependencyTimeout(m)))
          .on(NotifierAnswered.class, (l, m) -> l.on(() -> l.notifier.onAnswered(m.notified())))
          .on(NotifierHung.class, (l, m) -> l.on(() -> l.notifier.onHung(m)))
          .on(UnloadHung.class, (l, m) -> l.on(() -> l.unload.onHung(m)))
          .on(DeleteModule.class, (l, m) -> l.on(() -> l.unload.onDeleteModule(m)))
          .on(CpuStoppedWrapper.class, (l, m) -> l.on(() -> l.unload.onCpuStopped(m.stopped())))
          .on(StopReplied.class, (l, m) -> l.on(() -> l.unload.onStopReplied(m.result())))
          .on(ExitDone.class, (l, m) -> l.on(() -> l.unload.onExitDone(m)))
          .on(CpusOnline.class, (l, m) -> l.on(() -> l.unload.onCpusOnline(m)))
          .on(WakeUnloader.class, ModuleLoader::onWakeUnloader)
          .on(Forward.class, ModuleLoader::onForward)
          .on(FindModule.class, ModuleLoader::onFindModule)
          .on(ReportOops.class, (l, m) -> l.on(() -> Oopses.report(l.kernel, m)))
          .on(ReportWarning.class, (l, m) -> l.on(() -> Oopses.warn(l.kernel, m)))
          .on(ReportMissingEndbr.class, (l, m) -> l.on(() -> Oopses.missingEndbr(l.kernel, m)))
          .on(Subscribe.class, (l, m) -> l.on(() -> l.notifier.subscribe(m.subscriber())))
          .on(ProcFile.class, ModuleLoader::onProcFile)
          .on(ProcModulesShown.class, ModuleLoader::onProcModulesShown)
          .build();

  private Behavior<Command> on(Runnable handler) {
    handler.run();
    return this;
  }

  private static LoadModule asLoad(InitModule init) {
    return new LoadModule(init.image(), init.cred(), init.cpu(), init.replyTo());
  }

  private Behavior<Command> onForward(Forward forward) {
    ModuleTable.Instance module = deps.table().pointer(forward.name());
    if (module == null) {
      kernel.send(forward.notFound(), new Module.NotLoaded(forward.name()));
    } else {
      kernel.send(module.module(), forward.command());
    }
    return this;
  }

  private Behavior<Command> onFindModule(FindModule find) {
    ModuleList.Entry entry = modules.find(find.name());
    kernel.send(find.replyTo(), new Module.Value(entry == null ? 0 : 1, null));
    return this;
  }

  private Behavior<Command> onWakeUnloader(WakeUnloader wake) {
    ModuleList.Entry entry = modules.get(wake.name());
    if (entry != null) {
      unload.countChanged(entry);
    }
    return this;
  }

  private Behavior<Command> onProcFile(ProcFile file) {
    FileRequest request = file.request();
    if (request.path().startsWith("/sys/module")) {
      // A module's own files are the module's, in order with the loader's messages.
      ModuleList.Entry entry = ProcFiles.sysModuleOwner(modules, request);
      if (entry == null) {
        kernel.send(request.replyTo(), ProcFiles.sysModule(modules, request));
      } else {
        kernel.send(entry.module, new Module.SysfsFile(request));
      }
    } else if (ProcFiles.needsShowValue(kernel, request)) {
      // kptr_restrict is Kallsyms's: ask it now, so a write to it applies to the next read.
      kernel.send(deps.kallsyms(), new Kallsyms.ShowValue(request, procModulesShown));
    } else {
      FileReply reply = ProcFiles.answer(kernel, request, false);
      kernel.send(request.replyTo(), reply);
      if (reply instanceof FileReply.Written && request.path().equals(HungTaskWatchdog.PATH)) {
        unload.watchdogWoken(); // khungtaskd sleeps the new timeout from now
      }
    }
    return this;
  }

  private Behavior<Command> onProcModulesShown(ProcModulesShown shown) {
    FileRequest request = shown.shown().request();
    kernel.send(request.replyTo(), ProcFiles.answer(kernel, request, shown.shown().show()));
    return this;
  }
}
