package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.kmodsim.cpu.Step;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.sim.Access;
import org.kmodsim.sim.Sim;

/**
 * One loaded module (struct module, include/linux/module.h): the actor of its count, its code and
 * its parameters and, once freed, a tombstone ({@link FreedModule}) whose every touch is a
 * use-after-free. {@code mod->state}, the holders and the list are the loader's: this actor reads
 * them from its {@link ModuleTable.Instance} (written only by the loader), with no message. The
 * count is kept per era by a {@link RefcountModel}: the 2.4 usecount updated by non-atomic
 * read-modify-write, the 2.6 per-CPU counters held by the CPUs, the 4.x atomic refcnt with the
 * MODULE_REF_BASE bias.
 *
 * <p>Owns: 1. the count (and the 2.4 use flags), published in the {@link ModuleTable}; 2. the
 * parameter values (param_lock; parse_args's values once the loader has run it); 3. the code (the
 * parsed functions); 4. the answers for the /sys/module/NAME files.
 */
public final class Module {

  public sealed interface Command {}

  /** try_module_get (2.4 try_inc_mod_count; 2.6 the module_is_live check before the inc). */
  public record TryModuleGet(int cpu, ActorRef<RefReply> replyTo) implements Command {}

  /** module_put from a kernel actor, which waits for the {@link Got}. */
  public record ModulePut(int cpu, ActorRef<RefReply> replyTo) implements Command {}

  /**
   * __module_get ({@code delta} +1) or module_put (-1) from a CPU, which does not wait: an
   * atomic_inc or atomic_dec is not a round trip. The CPU checked that the module was not freed
   * when it issued the update; one that arrives after the free was issued before it.
   */
  public record PostedRef(int cpu, int delta) implements Command {}

  /**
   * 2.4 MOD_INC_USE_COUNT ({@code delta} +1) / MOD_DEC_USE_COUNT (-1): include/linux/module.h's
   * {@code atomic_inc(&mod->uc.usecount)} (atomic_dec), with the MOD_VISITED | MOD_USED_ONCE flags;
   * one atomic update, answered with the new count.
   */
  public record UseCountAdd(int cpu, int delta, ActorRef<CountReply> replyTo) implements Command {}

  /** A CPU calls one of the module's functions. */
  public record Enter(String function, ActorRef<EnterReply> replyTo) implements Command {}

  /** The module's code reads one of its parameters. */
  public record ReadParam(String param, ActorRef<ParamReply> replyTo) implements Command {}

  /**
   * From the loader at the end of do_init_module: drop the init reference, then init_module returns
   * {@code reply} to {@code callers} (the caller, and in 6.x the finit_module callers of the same
   * file that slept on it): the count they read afterwards is final.
   */
  public record DropInitRef(
      List<ActorRef<ModuleLoader.LoadReply>> callers, ModuleLoader.LoadReply reply)
      implements Command {
    public DropInitRef {
      callers = List.copyOf(callers);
    }
  }

  /**
   * From the loader: try_stop_module. {@code perCpuSum} is the 2.6 sum of the stopped CPUs'
   * counters. Replies {@link StopResult}.
   */
  public record TryStop(
      boolean force, long perCpuSum, boolean waitForZero, ActorRef<StopResult> replyTo)
      implements Command {}

  /**
   * {@code forced}: the module was in use and went only because of the force; {@code waiting}: it
   * was in use and is GOING while the unloader waits for the count to reach zero (2.6).
   */
  public record StopResult(
      String name, boolean stopped, boolean forced, boolean waiting, long refcount) {}

  /**
   * From the loader, 2.4 delete_module(NULL): reap this module if it was used once and is not in
   * use, unless it was visited since the last call ({@code justFreed} overrides that); a visited
   * module loses MOD_VISITED. Replies {@link StopResult}, {@code stopped} when reaped (GOING).
   */
  public record TryAutoclean(boolean justFreed, ActorRef<StopResult> replyTo) implements Command {}

  /** From the loader: free_module. The actor stays as the tombstone of the freed memory. */
  public enum Free implements Command {
    INSTANCE
  }

  /** A request for a file of /sys/module/NAME, forwarded by the loader. */
  public record SysfsFile(FileRequest request) implements Command {}

  /** Replies to CPUs. */
  public sealed interface Reply {}

  /** To try_module_get and module_put (NotLoaded: a name that never designated a module). */
  public sealed interface RefReply extends Reply {}

  /** To the 2.4 use count's load and store. */
  public sealed interface CountReply extends Reply {}

  /** To a call into one of the module's functions. */
  public sealed interface EnterReply extends Reply {}

  /** To a read of one of the module's parameters. */
  public sealed interface ParamReply extends Reply {}

  public record Got(boolean ok, long refcount) implements RefReply {}

  public record Value(long value, String text) implements CountReply, ParamReply {}

  public record Code(List<Step> steps, ModuleTable.Instance module) implements EnterReply {
    public Code {
      steps = List.copyOf(steps);
    }
  }

  /** The module's memory was freed: the access is a use-after-free at {@code address}. */
  public record Oops(String module, long address, String access)
      implements RefReply, CountReply, EnterReply, ParamReply {}

  /** The name does not designate any module (answered by the loader). */
  public record NotLoaded(String module) implements RefReply, EnterReply, ParamReply {}

  /**
   * Everything a module needs at creation. {@code parsedParams}: the values parse_args writes
   * (computed by the load from the argument string); the module holds its defaults until the loader
   * has run parse_args ({@link ModuleTable.Instance#argsParsed}).
   */
  public record Spec(
      ModuleDefinition definition,
      Map<String, List<Step>> functions,
      long address,
      Set<Taint> taints,
      ModuleSettings settings,
      ActorRef<Vfs.Command> vfs,
      ActorRef<ModuleLoader.Command> loader,
      ModuleTable.Instance memory,
      Map<String, List<ParamValue>> parsedParams) {}

  public static Behavior<Command> create(Sim sim, Spec spec) {
    return Behaviors.setup(ctx -> new Owner(ctx, sim, spec).formed());
  }

  private Module() {}

  /**
   * The actor's behaviour while the module's memory exists (any loader state); free_module turns it
   * into a {@link FreedModule}.
   */
  static final class Owner {
    private final ActorContext<Command> ctx;
    private final Sim sim;
    private final Spec spec;
    private final String name;
    private final Era era;
    private final ModuleEra policy;
    private final RefcountModel count;
    private final Map<String, List<ParamValue>> params = new LinkedHashMap<>();
    private final ModuleSysfs sysfs;

    /** try_stop_module or autoclean succeeded: GOING for this actor before the loader says so. */
    private boolean stopped;

    private boolean argsApplied;

    Owner(ActorContext<Command> ctx, Sim sim, Spec spec) {
      this.ctx = ctx;
      this.sim = sim;
      this.spec = spec;
      this.name = spec.definition().name();
      this.era = spec.settings().era();
      this.policy = ModuleEra.of(era);
      this.count = RefcountModel.of(spec.settings());
      this.params.putAll(ModuleParams.defaults(spec.definition().params(), era));
      this.sysfs = new ModuleSysfs(spec.definition(), era);
    }

    Behavior<Command> formed() {
      return Behaviors.receive(Command.class)
          .onMessage(TryModuleGet.class, this::onTryModuleGet)
          .onMessage(ModulePut.class, this::onModulePut)
          .onMessage(PostedRef.class, this::onPostedRef)
          .onMessage(UseCountAdd.class, this::onUseCountAdd)
          .onMessage(Enter.class, this::onEnter)
          .onMessage(ReadParam.class, this::onReadParam)
          .onMessage(DropInitRef.class, this::onDropInitRef)
          .onMessage(TryStop.class, this::onTryStop)
          .onMessage(TryAutoclean.class, this::onTryAutoclean)
          .onMessageEquals(Free.INSTANCE, this::onFree)
          .onMessage(SysfsFile.class, this::onFile)
          .build();
    }

    /** mod->state as the loader wrote it, GOING once this actor agreed to stop. */
    private ModuleState state() {
      return stopped ? ModuleState.GOING : spec.memory().state();
    }

    /** The parameter values: parse_args's once the loader has run it (load_module). */
    private Map<String, List<ParamValue>> params() {
      if (!argsApplied && spec.memory().argsParsed()) {
        argsApplied = true;
        params.putAll(spec.parsedParams());
      }
      return params;
    }

    private Behavior<Command> onTryModuleGet(TryModuleGet get) {
      long before = spec.memory().refcount();
      boolean ok = count.tryGet(state(), get.cpu());
      long after = published();
      sim.trace(ctx.getSelf(), ModuleTrace.TRY_MODULE_GET.with(get.cpu(), name, ok, before, after));
      answer(get.replyTo(), new Got(ok, after));
      return Behaviors.same();
    }

    private Behavior<Command> onModulePut(ModulePut put) {
      long before = spec.memory().refcount();
      if (!count.put(put.cpu())) {
        sim.violation(ctx.getSelf(), "refcount-underflow", "module_put(" + name + ") below zero");
      }
      long refcount = published();
      sim.trace(ctx.getSelf(), ModuleTrace.MODULE_PUT.with(put.cpu(), name, before, refcount));
      if (state() == ModuleState.GOING && policy.perCpuCounts()) {
        // 2.6: a module_put on a module that is not live wakes the waiting unloader.
        sim.send(ctx.getSelf(), spec.loader(), new ModuleLoader.WakeUnloader(name));
      }
      answer(put.replyTo(), new Got(state() == ModuleState.LIVE, refcount));
      return Behaviors.same();
    }

    private Behavior<Command> onPostedRef(PostedRef ref) {
      if (ref.delta() > 0) {
        count.get(ref.cpu());
        published();
        reportFlags();
        return Behaviors.same();
      }
      long before = spec.memory().refcount();
      if (!count.put(ref.cpu())) {
        sim.violation(ctx.getSelf(), "refcount-underflow", "module_put(" + name + ") below zero");
      }
      long after = published();
      if (sim.traces(ModuleTrace.MODULE_PUT)) { // a concurrent run's hot path: built if read
        sim.trace(ctx.getSelf(), ModuleTrace.MODULE_PUT.with(ref.cpu(), name, before, after));
      }
      reportFlags();
      return Behaviors.same();
    }

    private Behavior<Command> onUseCountAdd(UseCountAdd add) {
      if (add.delta() > 0) {
        count.get(add.cpu());
      } else if (!count.put(add.cpu())) {
        sim.violation(ctx.getSelf(), "refcount-underflow", name + " usecount " + count.usecount());
      }
      published();
      answer(add.replyTo(), new Value(count.usecount(), null));
      return Behaviors.same();
    }

    private Behavior<Command> onEnter(Enter enter) {
      // The code is fixed at load: calls into the module commute (schedule reduction).
      sim.accessOwn(ctx.getSelf(), "code", Access.READ);
      List<Step> steps = spec.functions().get(enter.function());
      if (steps == null) {
        reply(enter.replyTo(), new NotLoaded(name + "." + enter.function()));
      } else {
        reply(enter.replyTo(), new Code(steps, spec.memory()));
      }
      return Behaviors.same();
    }

    private Behavior<Command> onReadParam(ReadParam read) {
      // A read of the parameters, unless this one is the first since parse_args applied them.
      sim.accessOwn(
          ctx.getSelf(),
          "params",
          argsApplied || !spec.memory().argsParsed() ? Access.READ : Access.WRITE);
      ParamSpec param = spec.definition().param(read.param());
      if (param == null) {
        reply(read.replyTo(), new NotLoaded(name + "." + read.param()));
        return Behaviors.same();
      }
      List<ParamValue> value = params().get(param.name());
      long number = value.isEmpty() ? 0 : value.get(0).number();
      reply(read.replyTo(), new Value(number, ModuleParams.show(param, value, era)));
      return Behaviors.same();
    }

    private Behavior<Command> onDropInitRef(DropInitRef drop) {
      count.dropInitRef();
      published();
      for (ActorRef<ModuleLoader.LoadReply> caller : drop.callers()) {
        sim.send(ctx.getSelf(), caller, drop.reply());
      }
      return Behaviors.same();
    }

    private Behavior<Command> onTryStop(TryStop stop) {
      boolean going = count.tryStop(stop.force() || stop.waitForZero(), stop.perCpuSum());
      boolean inUse = going && count.forcedLastStop;
      if (count instanceof RefcountModel.PerCpu26 perCpu && perCpu.negativeSum < 0) {
        sim.violation(
            ctx.getSelf(), "refcount-underflow", name + " per-CPU sum " + perCpu.negativeSum);
      }
      published();
      sim.send(
          ctx.getSelf(),
          stop.replyTo(),
          new StopResult(
              name,
              going,
              inUse && stop.force(),
              inUse && !stop.force(),
              spec.memory().refcount()));
      if (going) {
        stopped = true;
        sim.trace(
            ctx.getSelf(), ModuleTrace.STATE.with(name, ModuleState.LIVE, ModuleState.GOING, ""));
      }
      return Behaviors.same();
    }

    private Behavior<Command> onTryAutoclean(TryAutoclean autoclean) {
      count.setUsedOnce(count.usedOnce() || spec.memory().usedByModule());
      boolean reap = count.tryAutoclean(autoclean.justFreed());
      reportFlags();
      sim.send(
          ctx.getSelf(),
          autoclean.replyTo(),
          new StopResult(name, reap, false, false, count.refcount()));
      if (reap) {
        stopped = true;
        sim.trace(
            ctx.getSelf(),
            ModuleTrace.STATE.with(name, ModuleState.LIVE, ModuleState.GOING, " (autoclean)"));
      }
      return Behaviors.same();
    }

    private Behavior<Command> onFree() {
      sim.trace(ctx.getSelf(), ModuleTrace.FREE.with(name, ""));
      return FreedModule.create(ctx, sim, name, spec.address());
    }

    private Behavior<Command> onFile(SysfsFile file) {
      FileRequest request = file.request();
      List<LogLine> ignored = new ArrayList<>();
      sim.send(
          ctx.getSelf(),
          request.replyTo(),
          sysfs.handle(
              request,
              state(),
              spec.memory().refcount(),
              spec.memory().holders(),
              spec.taints(),
              params(),
              ignored));
      return Behaviors.same();
    }

    /**
     * Stores the count where lock-free readers (module_refcount, /proc/modules) find it, before any
     * reply leaves: a CPU that got its reference never reads an older count. Returns the count as
     * module_refcount would show it.
     */
    private long published() {
      spec.memory().publishCount(count.refcount());
      return spec.memory().refcount();
    }

    /** A reply to a CPU's get, put or count update, after its 2.4 flags are published. */
    private <R extends Reply> void answer(ActorRef<R> to, R reply) {
      reportFlags();
      reply(to, reply);
    }

    /** 2.4: stores MOD_USED_ONCE and MOD_VISITED where the loader's readers find them. */
    private void reportFlags() {
      if (policy.hasUseFlags()) {
        spec.memory().publishUseFlags(count.flags24());
      }
    }

    private <R extends Reply> void reply(ActorRef<R> to, R reply) {
      sim.send(ctx.getSelf(), to, reply);
    }
  }
}
