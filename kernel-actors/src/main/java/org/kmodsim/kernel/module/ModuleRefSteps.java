package org.kmodsim.kernel.module;

import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Errno;

/**
 * The reference-count steps of the step language (include/linux/module.h, kernel/module/main.c):
 * {@code try_module_get}, {@code __module_get}, {@code module_put}, {@code module_refcount}, {@code
 * MOD_IN_USE}, and the 2.4 {@code MOD_INC_USE_COUNT} and {@code MOD_DEC_USE_COUNT} ({@link
 * ModuleRefOp}). The count is the module actor's ({@link RefcountModel}), in 2.6 plus the CPUs'
 * per-CPU counters; registered by {@link ModuleSteps}.
 */
final class ModuleRefSteps {
  private ModuleRefSteps() {}

  /**
   * What a 2.6 get or put costs its CPU: preempt_disable, a local_inc on the CPU's own cache line,
   * preempt_enable (a few instructions, no bus traffic).
   */
  static final long PER_CPU_OP_NANOS = 2;

  /** The step of {@code op} on {@code module}, as the operation is in the era. */
  static Step step(String module, ModuleRefOp op, ModuleSettings settings, ModuleTable table) {
    ModuleEra era = ModuleEra.of(settings.era());
    ModuleRefOp now = op.in(era);
    if (!now.isUseCountMacro()) {
      return new Ref(module, now, era, table);
    }
    int delta = now == ModuleRefOp.INC_USE_COUNT ? 1 : -1;
    return useCount(now.command, module, delta, settings.noopUseCountMacros(), table);
  }

  /**
   * try_module_get, __module_get, module_put, module_refcount, MOD_IN_USE. The count is read
   * without a lock in every era; 2.6 gets and puts touch only this CPU's counter (module_is_live is
   * a read of mod->state); in 2.4 and 4.x try_module_get is a request to the module's actor, which
   * owns the count, and __module_get and module_put are posted to it (no round trip).
   */
  record Ref(String module, ModuleRefOp op, ModuleEra era, ModuleTable table) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      ModuleTable.Instance instance = table.pointer(module);
      if (instance == null) {
        return cpu.returning(op == ModuleRefOp.TRY_GET ? 0 : Errno.ENOENT.negative());
      }
      if (op.readsCount()) {
        if (instance.freed()) {
          ModuleSteps.fault(cpu, instance, 0x10, "read");
          return cpu.returning(0);
        }
        long count = instance.refcount();
        return cpu.returning(op == ModuleRefOp.IN_USE ? (count != 0 ? 1 : 0) : count);
      }
      if (era.perCpuCounts()) {
        return perCpu(cpu, instance);
      }
      if (op == ModuleRefOp.TRY_GET) {
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
        cpu.send(
            instance.module(), new Module.PostedRef(cpu.cpuId(), op == ModuleRefOp.GET ? 1 : -1));
      }
      return cpu.returning(0);
    }

    /** 2.6: the CPU's own counter; the unloader counts them all under stop_machine. */
    private StepResult perCpu(CpuContext cpu, ModuleTable.Instance instance) {
      if (instance.freed()) { // try_module_get: the owner's registration went with its exit
        if (op != ModuleRefOp.TRY_GET) {
          ModuleSteps.fault(cpu, instance, 0x10, "write");
        }
        return cpu.returning(0);
      }
      cpu.charge(PER_CPU_OP_NANOS);
      boolean live = instance.live();
      Long before = null;
      Long after = null;
      if (op == ModuleRefOp.TRY_GET && !live) {
        cpu.setResult(0);
      } else {
        after = cpu.perCpu().add(instance.perCpuCounter(), op == ModuleRefOp.PUT ? -1 : 1);
        before = after + (op == ModuleRefOp.PUT ? 1 : -1);
        cpu.setResult(op == ModuleRefOp.TRY_GET ? 1 : 0);
        if (op == ModuleRefOp.PUT && !live) {
          cpu.send(ModuleLoader.KEY, new ModuleLoader.WakeUnloader(module));
        }
      }
      // The events the module actor traces for the other eras' gets and puts; the count is this
      // CPU's counter (the module's is their sum, taken under stop_machine).
      cpu.trace(
          op == ModuleRefOp.TRY_GET
              ? ModuleTrace.TRY_MODULE_GET.with(
                  cpu.cpuId(), module, cpu.result() == 1, before, after)
              : (op == ModuleRefOp.GET ? ModuleTrace.MODULE_GET : ModuleTrace.MODULE_PUT)
                  .with(cpu.cpuId(), module, before, after));
      return StepResult.NEXT;
    }

    /** try_module_get's answer: 1 when the reference was taken. */
    private static StepResult got(CpuContext cpu, Module.RefReply reply) {
      ModuleSteps.oopsed(cpu, reply);
      return cpu.returning(reply instanceof Module.Got got && got.ok() ? 1 : 0);
    }

    @Override
    public String name() {
      return op.command;
    }
  }

  /**
   * 2.4 MOD_INC/DEC_USE_COUNT: one atomic update of uc.usecount (include/linux/module.h
   * __MOD_INC_USE_COUNT, atomic_inc). The race 2.4 had is elsewhere: the window between entering
   * the module's code and this increment, where an rmmod can free the module; and the no-op macros
   * ({@code noop}) some drivers were debugged with.
   */
  private static Step useCount(
      String name, String module, int delta, boolean noop, ModuleTable table) {
    return Step.of(
        name,
        cpu -> {
          ModuleTable.Instance instance = noop ? null : table.pointer(module);
          if (instance == null) {
            return StepResult.NEXT;
          }
          return cpu.request(
              instance.module(),
              replyTo -> new Module.UseCountAdd(cpu.cpuId(), delta, replyTo),
              Module.CountReply.class,
              (again, answer) -> {
                ModuleSteps.oopsed(again, answer);
                return StepResult.NEXT;
              });
        });
  }
}
