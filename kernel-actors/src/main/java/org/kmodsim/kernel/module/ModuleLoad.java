package org.kmodsim.kernel.module;

import com.typesafe.config.ConfigException;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.kallsyms.KernelSymbol;
import org.kmodsim.cpu.Step;
import org.kmodsim.sim.Sim;

/**
 * One load (load_module and do_init_module, kernel/module/main.c), as a story of the kernel's
 * steps in order: moduleSigCheck, checkModinfo ({@link EarlyModCheck}), layoutAndAllocate
 * ({@link ModuleFunctions}), addUnformedModule, simplifySymbols, refModules, completeFormation,
 * prepareComingModule, parseArgs, modSysfsSetup, doInitModule. Each completed step pushes its teardown; a failure runs them in reverse, so a
 * failed load leaves nothing behind and never calls exit. The module notifier chain is a step
 * like the others: the load waits until every callback has returned (COMING before parse_args
 * in the 4.x and 6.x eras, in 2.6 just before init; LIVE after init; GOING in the unwind once
 * COMING was announced, before the module is freed).
 *
 * <p>Owns: 1. the load's progress and its teardowns.
 */
public final class ModuleLoad extends AbstractBehavior<ModuleLoad.Command> {

  public sealed interface Command {}

  /** From the caller's CPU: init returned {@code result}. */
  public record InitDone(long result) implements Command {}

  record Unformed(ActorRef<Module.Command> module, long address) implements Command {}

  record Refused(Errno errno) implements Command {}

  record UsesTaken(Errno errno) implements Command {}

  private record ResolvedReply(SimplifySymbols.Result result) implements Command {}

  private record AddedReply(Kallsyms.Added added) implements Command {}

  private record ChainReturned(NotifierCall.Done done) implements Command {}

  /** What a load asks of the loader (module_mutex sections). */
  sealed interface ToLoader extends ModuleLoader.Command {}

  record AddUnformed(ActorRef<Command> load, ModuleDefinition definition, Set<Taint> taints,
      Map<String, List<Step>> functions, List<Step> exit) implements ToLoader {}

  /** {@code userResolved}: 2.4, the deps insmod found in /proc/ksyms, checked by init_module. */
  record UseModules(ActorRef<Command> load, String name, List<String> owners, Set<Taint> taints,
      boolean userResolved) implements ToLoader {}

  record ChangeState(String name, ModuleState state) implements ToLoader {}

  record Unwind(String name) implements ToLoader {}

  /** Run the module notifier chain for {@code event} of this module; the load waits for it. */
  record CallNotifier(String name, ModuleState event, ActorRef<NotifierCall.Done> replyTo)
      implements ToLoader {}

  /** pr_notice_once of the unsigned-module line was printed by this load. */
  record UnsignedNoticed(String name) implements ToLoader {}

  /** The load is over: the loader replies to the caller after the state changes before it. */
  record Finished(ActorRef<Command> load, String name, ActorRef<ModuleLoader.LoadReply> caller,
      ModuleLoader.LoadReply reply) implements ToLoader {}

  /** A message for the module, sent through the loader so it is ordered with the loader's. */
  record ToModule(String name, Module.Command command) implements ToLoader {}

  /** A request for kallsyms, through the loader so it follows the loader's DropModule. */
  record ToKallsyms(Kallsyms.Command command) implements ToLoader {}

  /**
   * {@code tainted} is the kernel's taint mask when the load starts; {@code unsignedNoticed} is
   * whether the once-per-boot unsigned-module notice was printed already.
   */
  static Behavior<Command> create(Sim sim, ModuleLoader.Deps deps,
      ActorRef<ModuleLoader.Command> loader, ModuleLoader.LoadModule request,
      Set<Taint> tainted, boolean unsignedNoticed) {
    return Behaviors.setup(ctx -> new ModuleLoad(ctx, sim, deps, loader, request, tainted,
        unsignedNoticed));
  }

  /** A completed step's undo; true when it waits for the notifier chain to return. */
  private interface Teardown {
    boolean run();
  }

  private final Sim sim;
  private final ModuleLoader.Deps deps;
  private final ActorRef<ModuleLoader.Command> loader;
  private final LoadInfo info;
  private final ModuleDefinition def;
  private final ActorRef<ModuleLoader.LoadReply> caller;
  private final Set<Taint> kernelTainted;
  private final Set<Taint> taints = EnumSet.noneOf(Taint.class);
  private final Era era;
  private final ArrayDeque<Teardown> teardowns = new ArrayDeque<>();
  private final ActorRef<NotifierCall.Done> chainReturned;
  private final boolean unsignedNoticed;
  private final Map<String, List<Step>> functions = new TreeMap<>();
  private List<Step> init;
  private List<Step> exit;
  private ActorRef<Module.Command> module;
  private long address;
  private boolean going;
  /** The error being unwound; null while the load goes forward. */
  private Errno unwinding;

  private ModuleLoad(ActorContext<Command> ctx, Sim sim, ModuleLoader.Deps deps,
      ActorRef<ModuleLoader.Command> loader, ModuleLoader.LoadModule request,
      Set<Taint> tainted, boolean unsignedNoticed) {
    super(ctx);
    this.sim = sim;
    this.deps = deps;
    this.loader = loader;
    this.info = request.info();
    this.def = info.definition();
    this.caller = request.replyTo();
    this.kernelTainted = EnumSet.noneOf(Taint.class);
    this.kernelTainted.addAll(tainted);
    this.era = deps.settings().era();
    this.unsignedNoticed = unsignedNoticed;
    this.chainReturned = ctx.messageAdapter(NotifierCall.Done.class, ChainReturned::new);
    start();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Unformed.class, this::onUnformed)
        .onMessage(Refused.class, refused -> fail(refused.errno()))
        .onMessage(ResolvedReply.class, this::onResolved)
        .onMessage(UsesTaken.class, this::onUsesTaken)
        .onMessage(AddedReply.class, this::onExportsAdded)
        .onMessage(InitDone.class, this::onInitDone)
        .onMessage(ChainReturned.class, this::onChainReturned)
        .build();
  }

  /** load_module up to add_unformed_module. */
  private void start() {
    EarlyModCheck checks = new EarlyModCheck(info, deps.settings(), kernelTainted, taints,
        unsignedNoticed, this::log, () -> send(loader, new UnsignedNoticed(def.name())));
    Errno error = checks.moduleSigCheck();
    if (error == null) {
      error = checks.checkModstructVersion();
    }
    if (error == null) {
      error = checks.checkModinfo();
    }
    if (error == null) {
      error = parseFunctions();
    }
    if (error != null) {
      fail(error);
      return;
    }
    send(loader, new AddUnformed(getContext().getSelf(), def, Set.copyOf(taints), functions,
        exit));
  }

  private Behavior<Command> onUnformed(Unformed unformed) {
    module = unformed.module();
    address = unformed.address();
    teardowns.push(this::freeModule);
    if (info.userResolved() != null) {
      send(loader, new UseModules(getContext().getSelf(), def.name(), info.userResolved(),
          Set.copyOf(taints), true));
      return this;
    }
    ActorRef<SimplifySymbols.Result> replyTo =
        getContext().messageAdapter(SimplifySymbols.Result.class, ResolvedReply::new);
    Set<Taint> tainted = EnumSet.noneOf(Taint.class);
    tainted.addAll(kernelTainted);
    tainted.addAll(taints);
    send(loader, new ToKallsyms(new Kallsyms.Read<>(new SimplifySymbols.ResolveImports(def,
        info.ignoreModversions(), era, SimplifySymbols.Options.of(deps.settings()), tainted),
        replyTo)));
    return this;
  }

  private Behavior<Command> onResolved(ResolvedReply reply) {
    SimplifySymbols.Result result = reply.result();
    result.log().forEach(this::log);
    taints.addAll(result.taints());
    if (result.error() != null) {
      return fail(result.error());
    }
    send(loader, new UseModules(getContext().getSelf(), def.name(), result.usesInOrder(),
        Set.copyOf(taints), false));
    return this;
  }

  private Behavior<Command> onUsesTaken(UsesTaken taken) {
    if (taken.errno() != null) {
      return fail(taken.errno());
    }
    ActorRef<Kallsyms.Added> replyTo =
        getContext().messageAdapter(Kallsyms.Added.class, AddedReply::new);
    List<KernelSymbol> symbols = ModuleFunctions.kallsyms(def, functions.keySet(), address,
        deps.settings().modversions());
    send(loader, new ToKallsyms(new Kallsyms.AddModule(def.name(), symbols, replyTo)));
    return this;
  }

  /**
   * complete_formation done: state COMING, then (4.x, 6.x) the COMING notifier chain before
   * parse_args; 2.6's sys_init_module called it after load_module (params, sysfs), before init.
   */
  private Behavior<Command> onExportsAdded(AddedReply reply) {
    KernelSymbol duplicate = reply.added().duplicate();
    if (duplicate != null) {
      log(LogLine.err(def.name() + ": exports duplicate symbol " + duplicate.name()
          + " (owned by " + duplicate.ownerName() + ")"));
      return fail(Errno.ENOEXEC);
    }
    send(loader, new ChangeState(def.name(), ModuleState.COMING));
    teardowns.push(this::goingState);
    if (comingBeforeParams()) {
      return notifyChain(ModuleState.COMING);
    }
    return parseArgs();
  }

  private Behavior<Command> onChainReturned(ChainReturned returned) {
    NotifierCall.Done done = returned.done();
    if (unwinding != null) {
      return unwind();
    }
    if (done.event() == ModuleState.LIVE) {
      return live();
    }
    if (done.veto() != null) {
      return fail(done.veto()); // the chain already sent GOING to the callbacks before
    }
    teardowns.push(this::comingCleanup);
    return comingBeforeParams() ? parseArgs() : doInitModule();
  }

  /** parse_args, then mod_sysfs_setup. */
  private Behavior<Command> parseArgs() {
    ModuleParams.Parsed parsed = ModuleParams.parse(def.name(), info.args(), def.params(),
        ModuleParams.defaults(def.params(), era), era);
    parsed.log().forEach(this::log);
    if (parsed.error() != null) {
      return fail(parsed.error());
    }
    send(loader, new ToModule(def.name(), new Module.SetParams(parsed.values())));
    send(loader, new ToModule(def.name(), new Module.SysfsSetup(List.of())));
    if (!comingBeforeParams()) {
      return notifyChain(ModuleState.COMING);
    }
    return doInitModule();
  }

  /** do_init_module: the caller's CPU runs init and answers {@link InitDone}. */
  private Behavior<Command> doInitModule() {
    if (init == null) {
      return onInitDone(new InitDone(0));
    }
    Errno injected = deps.settings().failInit().get(def.name());
    if (injected != null) {
      // Fault injection (kmodsim.modules.fail-init): the init function returns -errno at once.
      return onInitDone(new InitDone(injected.negative()));
    }
    send(loader, new Finished(null, def.name(), caller,
        new ModuleLoader.RunInit(init, getContext().getSelf())));
    return this;
  }

  private Behavior<Command> onInitDone(InitDone done) {
    long ret = done.result();
    if (ret < 0) {
      return fail(errnoOf(ret));
    }
    if (ret > 0) {
      if (era == Era.V2_4) {
        return fail(Errno.EBUSY);
      }
      String function = era == Era.V2_6 ? "sys_init_module" : "do_init_module";
      log(LogLine.warn(function + ": '" + def.name() + "'->init suspiciously returned " + ret
          + ", it should follow 0/-E convention"));
      log(LogLine.warn(function + ": loading module anyway..."));
    }
    send(loader, new ChangeState(def.name(), ModuleState.LIVE));
    return notifyChain(ModuleState.LIVE);
  }

  /** The LIVE chain has returned: drop the init reference, init_module returns 0. */
  private Behavior<Command> live() {
    send(loader, new ToModule(def.name(), Module.DropInitRef.INSTANCE));
    send(loader, new Finished(getContext().getSelf(), def.name(), caller,
        new ModuleLoader.Loaded(def.name())));
    return Behaviors.stopped();
  }

  /** The reverse unwind: every completed step's teardown, last first. */
  private Behavior<Command> fail(Errno errno) {
    unwinding = errno;
    return unwind();
  }

  /** Runs teardowns until one waits for the notifier chain (it resumes us) or none is left. */
  private Behavior<Command> unwind() {
    while (!teardowns.isEmpty()) {
      if (teardowns.pop().run()) {
        return this;
      }
    }
    send(loader, new Finished(getContext().getSelf(), def.name(), caller,
        new ModuleLoader.LoadFailed(unwinding)));
    return Behaviors.stopped();
  }

  private Behavior<Command> notifyChain(ModuleState event) {
    send(loader, new CallNotifier(def.name(), event, chainReturned));
    return this;
  }

  /** 4.x, 6.x (≈3.19+): COMING is announced before parse_args; 2.6 announced it before init. */
  private boolean comingBeforeParams() {
    return era.atLeast(Era.V4_X);
  }

  // Teardowns.

  /** free_module: unlink and free (add_unformed_module's undo). */
  private boolean freeModule() {
    send(loader, new Unwind(def.name()));
    return false;
  }

  /** bug_cleanup: the state goes to GOING (complete_formation's undo). */
  private boolean goingState() {
    if (!going) {
      going = true;
      send(loader, new ChangeState(def.name(), ModuleState.GOING));
    }
    return false;
  }

  /** coming_cleanup (and a failed init): state GOING, then the GOING chain, waited for. */
  private boolean comingCleanup() {
    goingState();
    notifyChain(ModuleState.GOING);
    return true;
  }

  /** Parses init, exit and the named functions (a bad step is ENOEXEC, as a bad image). */
  private Errno parseFunctions() {
    try {
      ModuleFunctions.Parsed parsed = ModuleFunctions.parse(def, deps.commands());
      init = parsed.init();
      exit = parsed.exit();
      functions.putAll(parsed.functions());
      return null;
    } catch (IllegalArgumentException | ConfigException e) {
      log(LogLine.err(def.name() + ": " + e.getMessage()));
      return Errno.ENOEXEC;
    }
  }

  static Errno errnoOf(long ret) {
    try {
      return Errno.ofNumber((int) ret);
    } catch (IllegalArgumentException e) {
      return Errno.EINVAL;
    }
  }

  private void log(LogLine line) {
    deps.log().printk(getContext().getSelf(), line.level(), line.text());
  }

  private <T> void send(ActorRef<T> to, T message) {
    sim.send(getContext().getSelf(), to, message);
  }
}
