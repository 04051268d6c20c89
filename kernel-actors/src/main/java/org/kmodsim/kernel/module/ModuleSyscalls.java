package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.FunctionName;
import org.kmodsim.cpu.Request;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.cpu.Then;
import org.kmodsim.kernel.KernelTrace;

/**
 * The kernel half of the module system calls, on the calling CPU: the entry points of
 * kernel/module/main.c ({@code SYSCALL_DEFINE3(init_module)}, {@code finit_module}, {@code
 * SYSCALL_DEFINE2(delete_module)}) and of 2.4 kernel/module.c ({@code sys_create_module}, {@code
 * sys_init_module}, {@code sys_query_module}). Each sends the call to the loader; when the loader
 * hands back the module's init (do_init_module) or exit (delete_module), that code runs here, in
 * the caller's context, as a nested call, and only then does the call return: the continuation sees
 * the final answer only. User space (org.kmodsim.userspace) calls these; the kernel never calls
 * user space.
 */
public final class ModuleSyscalls {
  private ModuleSyscalls() {}

  /** init_module(2) / finit_module(2): {@link ModuleLoader.Loaded} or a failure, init done. */
  public static StepResult initModule(
      CpuContext cpu, LoadInfo info, Then<ModuleLoader.LoadReply> returned) {
    return cpu.request(
        ModuleLoader.KEY,
        replyTo -> new ModuleLoader.LoadModule(info, cpu.cred(), cpu.cpuId(), replyTo),
        ModuleLoader.LoadReply.class,
        runInit(
            traced(cpu, info.syscall(), loadArgs(info), ModuleSyscalls::returnValue, returned)));
  }

  /** 2.4 init_module(name, image) into the slot create_module made. */
  public static StepResult initModule24(
      CpuContext cpu, String name, LoadInfo image, Then<ModuleLoader.LoadReply> returned) {
    return cpu.request(
        ModuleLoader.KEY,
        replyTo -> new ModuleLoader.InitModule(name, image, cpu.cred(), cpu.cpuId(), replyTo),
        ModuleLoader.LoadReply.class,
        runInit(returned));
  }

  /** 2.4 create_module(name, size): {@link ModuleLoader.Created} or a failure. */
  public static StepResult createModule(
      CpuContext cpu, String name, long size, Then<ModuleLoader.LoadReply> returned) {
    return cpu.request(
        ModuleLoader.KEY,
        replyTo -> new ModuleLoader.CreateModule(name, size, cpu.cred(), replyTo),
        ModuleLoader.LoadReply.class,
        returned);
  }

  /** 2.4 query_module(name, which, buf, bufsize, &amp;ret). */
  public static StepResult queryModule(
      CpuContext cpu, String name, int which, long bufsize, Then<ModuleQuery.Answer> returned) {
    return cpu.request(
        ModuleLoader.KEY,
        replyTo -> new ModuleLoader.QueryModule(name, which, bufsize, replyTo),
        ModuleQuery.Answer.class,
        returned);
  }

  /**
   * delete_module(2), carrying this CPU's per-CPU module counters (2.6: the caller sleeps in the
   * call, so stop_machine does not stop it); exit runs here before the call returns.
   */
  public static StepResult deleteModule(
      CpuContext cpu,
      String name,
      boolean nonblock,
      boolean force,
      Then<ModuleLoader.DeleteReply> returned) {
    return cpu.request(
        ModuleLoader.KEY,
        replyTo ->
            new ModuleLoader.DeleteModule(
                name, nonblock, force, cpu.cred(), cpu.cpuId(), moduleCounters(cpu), replyTo),
        ModuleLoader.DeleteReply.class,
        runExit(
            traced(
                cpu,
                "delete_module",
                List.of(KernelTrace.quoted(name), deleteFlags(nonblock, force)),
                ModuleSyscalls::returnValue,
                returned)));
  }

  /**
   * The continuation {@code returned}, after the call's return is traced as the CPU's {@code
   * syscall} event: call, arguments, return value, and when it entered the kernel.
   */
  private static <R> Then<R> traced(
      CpuContext cpu,
      String call,
      List<String> args,
      java.util.function.ToLongFunction<R> value,
      Then<R> returned) {
    long start = cpu.sim().nowNanos();
    return (c, reply) -> {
      c.trace(
          KernelTrace.syscall(c.cpuId(), c.task(), call, args, value.applyAsLong(reply), start));
      return returned.apply(c, reply);
    };
  }

  private static String deleteFlags(boolean nonblock, boolean force) {
    List<String> flags = new ArrayList<>();
    if (nonblock) {
      flags.add("O_NONBLOCK");
    }
    if (force) {
      flags.add("O_TRUNC");
    }
    return flags.isEmpty() ? "0" : String.join("|", flags);
  }

  private static List<String> loadArgs(LoadInfo info) {
    String params = KernelTrace.quoted(info.args());
    return info.syscall().equals("finit_module")
        ? List.of(info.name() + ".ko", params, "0")
        : List.of(info.name() + ".ko image", params);
  }

  /** The C return value of a load: -errno when it failed, else 0. */
  public static long returnValue(ModuleLoader.LoadReply reply) {
    return reply instanceof ModuleLoader.LoadFailed failed ? failed.errno().negative() : 0;
  }

  /** The C return value of delete_module: -errno when it failed, else 0. */
  public static long returnValue(ModuleLoader.DeleteReply reply) {
    return reply instanceof ModuleLoader.DeleteFailed failed ? failed.errno().negative() : 0;
  }

  private static Map<String, Long> moduleCounters(CpuContext cpu) {
    Map<String, Long> counters = new TreeMap<>();
    cpu.perCpu()
        .snapshot()
        .forEach(
            (key, value) -> {
              if (key.startsWith("module:") && !key.endsWith(":seq")) {
                counters.put(key, value);
              }
            });
    return counters;
  }

  /** do_init_module on this CPU: the init body, then init's return to the load. */
  private static Then<ModuleLoader.LoadReply> runInit(Then<ModuleLoader.LoadReply> returned) {
    return (cpu, reply) -> {
      if (!(reply instanceof ModuleLoader.RunInit run)) {
        return returned.apply(cpu, reply);
      }
      String function = ModuleTrace.initName(run.name());
      InitCall call = new InitCall(run.instance(), function);
      cpu.trace(ModuleTrace.FUNCTION_ENTRY.with(cpu.cpuId(), run.name(), function));
      List<Step> body = new ArrayList<>(run.init());
      body.add(returned(run.name(), function, c -> call.ret));
      // The end of init hands its return value to the load, whose verdict comes to the address
      // the LoadModule carried (this CPU's reply address, the one this request is given).
      body.add(
          Step.of(
              "init_return",
              c ->
                  c.request(
                      run.loader(),
                      replyTo -> new ModuleLoader.InitDone(run.load(), call.ret),
                      ModuleLoader.LoadReply.class,
                      runInit(returned))));
      cpu.call("init", body, 1, call);
      return StepResult.NEXT;
    };
  }

  /** The exit in delete_module on this CPU: the exit body, then its return to the loader. */
  private static Then<ModuleLoader.DeleteReply> runExit(Then<ModuleLoader.DeleteReply> returned) {
    return (cpu, reply) -> {
      if (!(reply instanceof ModuleLoader.RunExit run)) {
        return returned.apply(cpu, reply);
      }
      String function = ModuleTrace.exitName(run.name());
      cpu.trace(ModuleTrace.FUNCTION_ENTRY.with(cpu.cpuId(), run.name(), function));
      List<Step> body = new ArrayList<>(run.exit());
      body.add(returned(run.name(), function, c -> 0));
      // The end of exit: the loader frees the module; delete_module returns, or (the 2.4
      // autoclean call, which reaps several) hands over the next module's exit.
      body.add(
          new Request<>(
              "exit_return",
              ModuleLoader.KEY,
              (c, replyTo) -> new ModuleLoader.ExitDone(run.name(), replyTo),
              ModuleLoader.DeleteReply.class,
              runExit(returned)));
      cpu.call("exit", body, 1, FunctionName.of(run.instance(), function));
      return StepResult.NEXT;
    };
  }

  /** The step that traces a module function's return with its C return value ({@code ret}). */
  static Step returned(String module, String function, ToLongFunction<CpuContext> ret) {
    return Step.instant(
        "return",
        cpu ->
            cpu.trace(
                ModuleTrace.FUNCTION_RETURN.with(
                    cpu.cpuId(), module, function, ret.applyAsLong(cpu))));
  }

  /**
   * One call of a module's init on this CPU: its name ({@code __func__}) and its return register, 0
   * unless a {@code return} step of the body (or of a function it calls) sets it.
   */
  static final class InitCall implements FunctionName {
    private final String module;
    private final String function;
    long ret;

    InitCall(String module, String function) {
      this.module = module;
      this.function = function;
    }

    @Override
    public String module() {
      return module;
    }

    @Override
    public String function() {
      return function;
    }
  }
}
