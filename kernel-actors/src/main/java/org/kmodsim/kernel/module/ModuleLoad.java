package org.kmodsim.kernel.module;

import com.typesafe.config.ConfigException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.Bug;
import org.kmodsim.cpu.Step;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.kallsyms.KernelSymbol;

/**
 * One load (load_module and do_init_module, kernel/module/main.c; 2.4 sys_init_module) as the
 * kernel's story: {@link #story} lists the steps in order, one line each, and each completed step
 * pushes its teardown; a failure runs the teardowns in reverse, so a failed load leaves nothing
 * behind and never calls exit. The load runs inside the loader (module_mutex), with no message for
 * what only the loader owns; it waits only for another actor: kallsyms (simplify_symbols, the
 * exports of complete_formation), the notifier chain, and the caller's CPU running init.
 *
 * <p>Owns: 1. the load's progress (the next step, whether it waits) and its teardowns; 2. what the
 * steps computed (taints, code, parameters, the module's list entry).
 */
public final class ModuleLoad {
  /** A named step: null to go on, an errno to fail; a step that waits calls {@link #await}. */
  private record Named(String name, Supplier<Errno> action) {}

  /** A completed step's undo. */
  private record Teardown(String name, Runnable undo) {}

  final long id;
  final LoadInfo info;
  final ModuleDefinition def;
  final ActorRef<ModuleLoader.LoadReply> caller;
  private final ModuleInternal kernel;
  private final LoadCoordinator loads;
  private final ModuleEra era;
  private final Set<Taint> kernelTainted;
  private final Set<Taint> taints = EnumSet.noneOf(Taint.class);
  private final List<Named> story;
  private final ArrayDeque<Teardown> teardowns = new ArrayDeque<>();
  private final int cpu;
  private int next;
  private boolean waiting;
  private boolean running;
  private boolean finished;
  private boolean going;

  /** The error being unwound; null while the load goes forward. */
  private Errno unwinding;

  private ModuleFunctions.Parsed code;
  private ModuleParams.Parsed params;
  private ModuleList.Entry entry;

  /** The modules whose exports simplify_symbols bound, in order (ref_module takes them). */
  private List<String> uses = List.of();

  ModuleLoad(
      ModuleInternal kernel, LoadCoordinator loads, long id, ModuleLoader.LoadModule request) {
    this.kernel = kernel;
    this.loads = loads;
    this.id = id;
    this.info = request.info();
    this.def = info.definition();
    this.caller = request.replyTo();
    this.cpu = request.cpu();
    this.era = kernel.era();
    this.kernelTainted = kernel.tainted();
    this.story = story();
  }

  /** load_module, then do_init_module; 2.6 announced COMING after the parameters and sysfs. */
  private List<Named> story() {
    EarlyModCheck checks =
        new EarlyModCheck(
            info,
            kernel.settings(),
            kernelTainted,
            taints,
            kernel.unsignedNoticed(),
            kernel::log,
            kernel::noticeUnsigned,
            kernel::taint);
    List<Named> steps =
        new ArrayList<>(
            List.of(
                new Named("moduleSigCheck", checks::moduleSigCheck),
                new Named("checkModstructVersion", checks::checkModstructVersion),
                new Named("checkModinfo", checks::checkModinfo),
                new Named("layoutAndAllocate", this::layoutAndAllocate),
                new Named("addUnformedModule", this::addUnformedModule),
                new Named("simplifySymbols", this::simplifySymbols),
                new Named("refModules", this::refModules),
                new Named("completeFormation", this::completeFormation)));
    Named coming = new Named("prepareComingModule", this::prepareComingModule);
    if (era.comingBeforeParams()) {
      steps.add(coming);
    }
    steps.add(new Named("parseArgs", this::parseArgs));
    steps.add(new Named("modSysfsSetup", this::modSysfsSetup));
    if (!era.comingBeforeParams()) {
      steps.add(coming);
    }
    steps.add(new Named("doInitModule", this::doInitModule));
    steps.add(new Named("moduleLive", this::moduleLive));
    steps.add(new Named("dropInitRef", this::dropInitRef));
    return List.copyOf(steps);
  }

  /** Runs steps (or, failing, teardowns) until one waits or the load is over. */
  void run() {
    if (running) {
      return; // a reply that came at once: the loop below goes on
    }
    running = true;
    try {
      while (!waiting && !finished) {
        if (unwinding != null) {
          if (teardowns.isEmpty()) {
            finish(new ModuleLoader.LoadFailed(unwinding));
          } else {
            teardowns.pop().undo().run();
          }
        } else {
          Errno error = story.get(next++).action().get();
          unwinding = unwinding == null ? error : unwinding;
        }
      }
    } finally {
      running = false;
    }
  }

  /** The reply a step waited for has come: the story goes on. */
  void resume() {
    waiting = false;
    run();
  }

  /** The reply a step waited for is a failure: the reverse unwind. */
  void fail(Errno errno) {
    Bug.on(errno == null, "a load fails without an errno");
    waiting = false;
    unwinding = unwinding == null ? errno : unwinding;
    run();
  }

  /** A step sends a request and waits for its reply; call before sending (it may come at once). */
  private Errno await() {
    waiting = true;
    return null;
  }

  public String name() {
    return def.name();
  }

  public ModuleDefinition definition() {
    return def;
  }

  ModuleList.Entry entry() {
    return entry;
  }

  Set<Taint> taints() {
    return Set.copyOf(taints);
  }

  List<Step> exit() {
    return code.exit();
  }

  Map<String, List<Step>> functions() {
    return code.functions();
  }

  Map<String, List<ParamValue>> parsedParams() {
    return params.values();
  }

  // The steps.

  /** The module's code laid out (parsed: a bad step is ENOEXEC, as a bad image). */
  private Errno layoutAndAllocate() {
    try {
      code = ModuleFunctions.parse(def, kernel.deps().commands());
    } catch (IllegalArgumentException | ConfigException e) {
      kernel.log(LogLine.err(def.name() + ": " + e.getMessage()));
      return Errno.ENOEXEC;
    }
    // What parse_args will write (2.4: what insmod wrote into the image); the module holds its
    // defaults until parseArgs runs.
    params = ModuleParams.forLoad(def, info, era.era());
    return null;
  }

  /** The name reserved (the era's rule for a second load; 2.4: into create_module's slot). */
  private Errno addUnformedModule() {
    await();
    loads.addUnformed(this);
    return null;
  }

  /** From {@link LoadCoordinator}: the module is in the list as {@code added}. */
  void unformed(ModuleList.Entry added) {
    entry = added;
    teardowns.push(new Teardown("freeModule", this::freeModule));
    resume();
  }

  /** Kallsyms resolves the imports (2.4: insmod resolved them in user space). */
  private Errno simplifySymbols() {
    if (info.userResolved() != null) {
      return null;
    }
    Set<Taint> tainted = EnumSet.noneOf(Taint.class);
    tainted.addAll(kernelTainted);
    tainted.addAll(taints);
    await();
    loads.resolve(
        this,
        new Kallsyms.Read<>(
            new SimplifySymbols.ResolveImports(
                def,
                info.ignoreModversions(),
                era.era(),
                SimplifySymbols.Options.of(kernel.settings()),
                tainted),
            loads.resolved()));
    return null;
  }

  void onResolved(SimplifySymbols.Result result) {
    result.log().forEach(kernel::log);
    taints.addAll(result.taints());
    kernel.taint(result.taints());
    if (result.error() != null) {
      fail(result.error());
    } else {
      uses = result.usesInOrder();
      resume();
    }
  }

  /** ref_module on each module used; waits while one of them is still in its init. */
  private Errno refModules() {
    boolean userResolved = info.userResolved() != null;
    return loads.refModules(this, userResolved ? info.userResolved() : uses, userResolved);
  }

  /** From {@link RefModule}: a step that waits for a dependency's init. */
  Errno awaitDependency() {
    return await();
  }

  /** The module's symbols into kallsyms (duplicate exports ENOEXEC), then state COMING. */
  private Errno completeFormation() {
    List<KernelSymbol> symbols =
        ModuleFunctions.kallsyms(
            def, code.functions().keySet(), entry.address, kernel.settings().modversions());
    await();
    kernel.send(
        kernel.deps().kallsyms(), new Kallsyms.AddModule(def.name(), symbols, loads.added()));
    return null;
  }

  void onAdded(Kallsyms.Added added) {
    KernelSymbol duplicate = added.duplicate();
    if (duplicate != null) {
      kernel.log(
          LogLine.err(
              def.name()
                  + ": exports duplicate symbol "
                  + duplicate.name()
                  + " (owned by "
                  + duplicate.ownerName()
                  + ")"));
      fail(Errno.ENOEXEC);
      return;
    }
    kernel.setState(entry, ModuleState.COMING);
    teardowns.push(new Teardown("bugCleanup", this::goingState));
    resume();
  }

  /** The COMING chain; a 6.x veto fails the load (the chain sent GOING to those before). */
  private Errno prepareComingModule() {
    await();
    kernel.notify(
        def.name(),
        ModuleState.COMING,
        veto -> {
          if (veto != null) {
            fail(veto);
          } else {
            teardowns.push(new Teardown("comingCleanup", this::comingCleanup));
            resume();
          }
        });
    return null;
  }

  /** parse_args: the values the setters wrote, or the setter's errno. */
  private Errno parseArgs() {
    params.log().forEach(kernel::log);
    if (params.error() != null) {
      return params.error();
    }
    entry.memory.argsParsed(true);
    return null;
  }

  /** mod_sysfs_setup: /sys/module/NAME appears. */
  private Errno modSysfsSetup() {
    kernel.sysfs(entry, true);
    return null;
  }

  /** do_one_initcall on the caller's CPU, which answers {@link ModuleLoader.InitDone}. */
  private Errno doInitModule() {
    if (code.init() == null) {
      return initReturned(0);
    }
    Errno injected = kernel.settings().failInit().get(def.name());
    if (injected != null) {
      // Fault injection (kmodsim.modules.fail-init): the init function returns -errno at once.
      return initReturned(injected.negative());
    }
    await();
    kernel.send(
        caller,
        new ModuleLoader.RunInit(def.name(), code.init(), kernel.self(), id, entry.instance()));
    return null;
  }

  void onInitDone(long result) {
    Errno error = initReturned(result);
    if (error != null) {
      fail(error);
    } else {
      resume();
    }
  }

  /** init's return: below 0 its errno; above 0 a warning (2.4: EBUSY). */
  private Errno initReturned(long ret) {
    if (ret < 0) {
      return errnoOf(ret);
    }
    if (ret > 0) {
      if (era.positiveInit() != null) {
        return era.positiveInit();
      }
      String function = era.initFunction();
      kernel.log(
          LogLine.warn(
              function
                  + ": '"
                  + def.name()
                  + "'->init suspiciously returned "
                  + ret
                  + ", it should follow 0/-E convention"));
      kernel.log(LogLine.warn(function + ": loading module anyway..."));
      List<String> frames =
          era.era() == Era.V2_6 ? List.of(function) : List.of(function, "load_module");
      OopsText.dumpStack(
              era.era(),
              cpu,
              1000 + cpu,
              "cpu" + cpu,
              Taint.taintedLine(kernel.tainted(), era.era()),
              frames)
          .forEach(kernel::log);
    }
    return null;
  }

  /** State LIVE, then the LIVE chain. */
  private Errno moduleLive() {
    kernel.setState(entry, ModuleState.LIVE);
    await();
    kernel.notify(def.name(), ModuleState.LIVE, veto -> resume());
    return null;
  }

  /** The module drops its init reference and answers: init_module returns 0. */
  private Errno dropInitRef() {
    finish(new ModuleLoader.Loaded(def.name()));
    return null;
  }

  private void finish(ModuleLoader.LoadReply reply) {
    Bug.on(finished, () -> "load of " + def.name() + " finished twice");
    finished = true;
    loads.finished(this, reply);
  }

  // Teardowns.

  /** free_module (add_unformed_module's undo); 2.4: the slot becomes blank again. */
  private void freeModule() {
    if (era.userSpaceLinker()) {
      kernel.unfill(entry);
    } else {
      kernel.freeModule(entry);
    }
  }

  /** bug_cleanup: the state goes to GOING (complete_formation's undo). */
  private void goingState() {
    if (!going) {
      going = true;
      kernel.setState(entry, ModuleState.GOING);
    }
  }

  /** coming_cleanup (and a failed init): state GOING, then the GOING chain, waited for. */
  private void comingCleanup() {
    goingState();
    await();
    kernel.notify(def.name(), ModuleState.GOING, veto -> resume());
  }

  static Errno errnoOf(long ret) {
    try {
      return Errno.ofNumber((int) ret);
    } catch (IllegalArgumentException e) {
      return Errno.EINVAL;
    }
  }
}
