package org.kmodsim.kernel.module;

import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.cpu.Then;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

/**
 * The reference-count steps of the step language (include/linux/module.h, kernel/module/main.c):
 * {@code try_module_get}, {@code __module_get}, {@code module_put}, {@code module_refcount}, {@code
 * MOD_IN_USE}, and the 2.4 {@code MOD_INC_USE_COUNT} and {@code MOD_DEC_USE_COUNT}. The count is
 * the module actor's ({@link RefcountModel}), in 2.6 plus the CPUs' per-CPU counters; registered by
 * {@link ModuleSteps}.
 */
final class ModuleRefSteps {
  private ModuleRefSteps() {}

  /**
   * 2.4: the non-atomic macro. Later eras kept it as a deprecated wrapper (2.5/2.6 marked the
   * module unsafe); here it is __module_get / module_put there, so the samples load everywhere.
   */
  static Step useCount(
      String module, Era era, ModuleSettings settings, ModuleTable table, int delta) {
    if (!ModuleEra.of(era).hasUseCountMacros()) {
      return new Ref(module, delta > 0 ? Op.GET : Op.PUT, era, table);
    }
    return new UseCount(module, delta, settings.noopUseCountMacros(), table);
  }

  /**
   * What a 2.6 get or put costs its CPU: preempt_disable, a local_inc on the CPU's own cache line,
   * preempt_enable (a few instructions, no bus traffic).
   */
  static final long PER_CPU_OP_NANOS = 2;

  enum Op {
    TRY_GET("try_module_get"),
    GET("__module_get"),
    PUT("module_put"),
    REFCOUNT("module_refcount"),
    IN_USE("MOD_IN_USE");

    private final String command;

    Op(String command) {
      this.command = command;
    }

    /** The command (and the kernel's name) of the operation. */
    String command() {
      return command;
    }
  }

  /**
   * try_module_get, __module_get, module_put, module_refcount, MOD_IN_USE. The count is read
   * without a lock in every era; 2.6 gets and puts touch only this CPU's counter (module_is_live is
   * a read of mod->state); in 2.4 and 4.x try_module_get is a request to the module's actor, which
   * owns the count, and __module_get and module_put are posted to it (no round trip).
   */
  record Ref(String module, Op op, ModuleEra era, ModuleTable table) implements Step {
    Ref(String module, Op op, Era era, ModuleTable table) {
      this(module, op, ModuleEra.of(era), table);
    }

    @Override
    public StepResult run(CpuContext cpu) {
      ModuleTable.Instance instance = table.pointer(module);
      if (instance == null) {
        return cpu.returning(op == Op.TRY_GET ? 0 : Errno.ENOENT.negative());
      }
      if (op == Op.REFCOUNT || op == Op.IN_USE) {
        if (instance.freed()) {
          ModuleSteps.fault(cpu, instance, 0x10, "read");
          cpu.setResult(0);
        } else {
          long count = instance.refcount();
          cpu.setResult(op == Op.IN_USE ? (count != 0 ? 1 : 0) : count);
        }
        return StepResult.NEXT;
      }
      if (era.perCpuCounts()) {
        return perCpu(cpu, instance);
      }
      if (op == Op.TRY_GET) {
        return cpu.request(
            instance.module(),
            replyTo -> new Module.TryModuleGet(cpu.cpuId(), replyTo),
            Module.RefReply.class,
            Ref::got);
      }
      // __module_get and module_put return nothing: the CPU issues the update and goes on.
      if (instance.freed()) {
        ModuleSteps.fault(cpu, instance, 0x10, "write");
      } else {
        cpu.send(instance.module(), new Module.PostedRef(cpu.cpuId(), op == Op.GET ? 1 : -1));
      }
      return cpu.returning(0);
    }

    /** 2.6: the CPU's own counter; the unloader counts them all under stop_machine. */
    private StepResult perCpu(CpuContext cpu, ModuleTable.Instance instance) {
      if (instance.freed()) {
        if (op == Op.TRY_GET) {
          cpu.setResult(0); // the owner pointer's registration went with the module's exit
        } else {
          ModuleSteps.fault(cpu, instance, 0x10, "write");
          cpu.setResult(0);
        }
        return StepResult.NEXT;
      }
      cpu.charge(PER_CPU_OP_NANOS);
      boolean live = instance.live();
      if (op == Op.TRY_GET && !live) {
        cpu.setResult(0);
      } else {
        cpu.perCpu().add(instance.perCpuCounter(), op == Op.PUT ? -1 : 1);
        cpu.setResult(op == Op.TRY_GET ? 1 : 0);
        if (op == Op.PUT && !live) {
          cpu.send(cpu.services().get(ModuleLoader.KEY), new ModuleLoader.WakeUnloader(module));
        }
      }
      // The same events as the module actor traces for the other eras' gets and puts.
      cpu.trace(
          name(),
          module
              + " cpu"
              + cpu.cpuId()
              + (op == Op.TRY_GET ? (cpu.result() == 1 ? " true" : " false") : ""));
      return StepResult.NEXT;
    }

    /** try_module_get's answer: 1 when the reference was taken. */
    private static StepResult got(CpuContext cpu, Module.RefReply reply) {
      ModuleSteps.oopsed(cpu, reply);
      return cpu.returning(reply instanceof Module.Got got && got.ok() ? 1 : 0);
    }

    @Override
    public String name() {
      return op.command();
    }
  }

  /**
   * 2.4 MOD_INC/DEC_USE_COUNT: one atomic update of uc.usecount (include/linux/module.h
   * __MOD_INC_USE_COUNT, atomic_inc). The race 2.4 had is elsewhere: the window between entering
   * the module's code and this increment, where an rmmod can free the module; and the no-op macros
   * ({@code noop}) some drivers were debugged with.
   */
  record UseCount(String module, int delta, boolean noop, ModuleTable table) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      if (noop) {
        return StepResult.NEXT;
      }
      return ask(
          cpu,
          replyTo -> new Module.UseCountAdd(cpu.cpuId(), delta, replyTo),
          (again, answer) -> {
            ModuleSteps.oopsed(again, answer);
            return StepResult.NEXT;
          });
    }

    private StepResult ask(
        CpuContext cpu,
        Function<ActorRef<Module.CountReply>, Module.Command> request,
        Then<Module.CountReply> then) {
      ModuleTable.Instance instance = table.pointer(module);
      if (instance == null) {
        return StepResult.NEXT;
      }
      return cpu.request(instance.module(), request, Module.CountReply.class, then);
    }

    @Override
    public String name() {
      return delta > 0 ? "MOD_INC_USE_COUNT" : "MOD_DEC_USE_COUNT";
    }
  }
}
