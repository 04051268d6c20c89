package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.FunctionName;
import org.kmodsim.cpu.Request;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.cpu.Then;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.kallsyms.KallsymsSteps;

/**
 * The module functions of the step language (include/linux/module.h, kernel/module/main.c): the
 * reference-count steps ({@link ModuleRefSteps}: {@code try_module_get}, {@code __module_get},
 * {@code module_put}, {@code module_refcount}, the 2.4 {@code MOD_INC_USE_COUNT}, {@code
 * MOD_DEC_USE_COUNT} and {@code MOD_IN_USE}), and here {@code find_module}, {@code call
 * MODULE.FUNCTION}, {@code param MODULE.PARAM}, {@code return VALUE} and {@code
 * kallsyms_lookup_name}. Each sets the C return value as the step's result. A step that touches a
 * freed module reports the oops to the loader.
 */
public final class ModuleSteps {
  private ModuleSteps() {}

  /** With {@code codeCall} running the code of module functions (kprobes: the probe check). */
  public static void register(
      Commands commands, ModuleSettings settings, ModuleTable table, ModuleCodeCall codeCall) {
    Era era = settings.era();
    for (ModuleRefOp op : ModuleRefOp.values()) {
      commands.register(
          op.synopsis,
          args -> ModuleRefSteps.step(ModuleCommandLine.name(args), op, settings, table));
    }
    commands.register("find_module MODULE", args -> findModule(ModuleCommandLine.name(args)));
    commands.register(
        "call MODULE.FUNCTION", args -> call(ModuleCommandLine.dotted(args), table, codeCall));
    commands.register(
        "param MODULE.PARAMETER", args -> param(ModuleCommandLine.dotted(args), table));
    commands.register(
        "return VALUE (a number or -ERRNO, e.g. -ENODEV)",
        args -> returning(ModuleCommandLine.returnValue(args)));
    commands.register(
        "WARN_ON (in module code, 2.6 and later)",
        args -> new WarnOnStep(ModuleCommandLine.warnOnSite(args, era)));
    KallsymsSteps.register(commands);
  }

  /**
   * Asks the module's latest instance (the pointer the code holds, read from the {@link
   * ModuleTable} with no message) {@code request} for {@code target}'s second part (the function or
   * parameter), and continues with its typed reply; when no module of that name was ever loaded,
   * {@code then} gets {@code notLoaded} at once.
   */
  static <R extends Module.Reply> StepResult ask(
      CpuContext cpu,
      ModuleTable table,
      String[] target,
      BiFunction<String, ActorRef<R>, Module.Command> request,
      Class<R> replyType,
      R notLoaded,
      Then<R> then) {
    ModuleTable.Instance instance = table.pointer(target[0]);
    if (instance == null) {
      return then.apply(cpu, notLoaded);
    }
    return cpu.request(instance.module(), r -> request.apply(target[1], r), replyType, then);
  }

  /** The oops path: the loader prints it and counts the violation; the task is killed. */
  static void oops(CpuContext cpu, Module.Oops oops) {
    cpu.send(ModuleLoader.KEY, new ModuleLoader.ReportOops(cpu.cpuId(), "cpu" + cpu.cpuId(), oops));
    cpu.trace(ModuleTrace.OOPS.with(cpu.cpuId(), oops.module(), oops.access()));
    cpu.killTask();
  }

  /** Reports {@code reply} when it is an oops (the task is killed); true when it was one. */
  static boolean oopsed(CpuContext cpu, Module.Reply reply) {
    if (reply instanceof Module.Oops oops) {
      oops(cpu, oops);
      return true;
    }
    return false;
  }

  /** An access by this CPU to the freed memory of {@code instance}, at {@code offset}. */
  static void fault(CpuContext cpu, ModuleTable.Instance instance, long offset, String access) {
    oops(cpu, new Module.Oops(instance.name(), instance.address() + offset, access));
  }

  private static Step findModule(String module) {
    return new Request<>(
        "find_module",
        ModuleLoader.KEY,
        (cpu, r) -> new ModuleLoader.FindModule(module, r),
        Module.Value.class,
        Then.result(Module.Value::value));
  }

  /** call MODULE.FUNCTION: runs the function's steps, fetching each from the module first. */
  private static Step call(String[] target, ModuleTable table, ModuleCodeCall codeCall) {
    Module.NotLoaded none = new Module.NotLoaded(target[0]);
    Then<Module.EnterReply> entered = (cpu, reply) -> entered(cpu, target, codeCall, reply);
    return Step.of(
        "call",
        cpu -> ask(cpu, table, target, Module.Enter::new, Module.EnterReply.class, none, entered));
  }

  private static StepResult entered(
      CpuContext cpu, String[] target, ModuleCodeCall codeCall, Module.EnterReply reply) {
    if (oopsed(cpu, reply)) {
      return StepResult.NEXT;
    }
    if (!(reply instanceof Module.Code code)) {
      cpu.setResult(Errno.ENOENT.negative());
      return cpu.fail(1, "call: " + target[0] + "." + target[1] + ": no such module function\n");
    }
    List<Step> body = new ArrayList<>();
    for (Step step : code.steps()) {
      body.add(fetch(code.module()));
      body.add(step);
    }
    // Through the machine's code call (with kprobes: a probe on the text fires before the body).
    cpu.trace(ModuleTrace.FUNCTION_ENTRY.with(cpu.cpuId(), target[0], target[1]));
    cpu.call(
        target[0] + "." + target[1],
        List.of(
            codeCall.call(target[0], target[1], body),
            ModuleSyscalls.returned(target[0], target[1], CpuContext::result)),
        1,
        FunctionName.of(code.module().perCpuCounter(), target[1]));
    return StepResult.NEXT;
  }

  /**
   * The instruction fetch before each step of module code: code of a freed module oopses here (the
   * oops kills the task before its next step).
   */
  private static Step fetch(ModuleTable.Instance module) {
    return Step.instant(
        "fetch",
        cpu -> {
          if (module.freed()) {
            fault(cpu, module, 0x1010, "instruction fetch");
          }
        });
  }

  /** param MODULE.NAME: the parameter's current value (runtime sysfs writes included). */
  private static Step param(String[] target, ModuleTable table) {
    Then<Module.ParamReply> read =
        (cpu, reply) -> {
          if (!oopsed(cpu, reply)) {
            cpu.setResult(
                reply instanceof Module.Value value ? value.value() : Errno.ENOENT.negative());
          }
          return StepResult.NEXT;
        };
    Module.NotLoaded none = new Module.NotLoaded(target[0]);
    return Step.of(
        "param",
        cpu -> ask(cpu, table, target, Module.ReadParam::new, Module.ParamReply.class, none, read));
  }

  /** return VALUE: the function's C return value (write it last); in init, init's return value. */
  private static Step returning(long value) {
    return Step.instant(
        "return",
        cpu -> {
          cpu.setResult(value);
          ModuleSyscalls.InitCall init = cpu.local(ModuleSyscalls.InitCall.class);
          if (init != null) {
            init.ret = value;
          }
        });
  }
}
