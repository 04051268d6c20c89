package org.kmodsim.kernel.kprobes;

import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Spin;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.cpu.Then;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.kallsyms.KernelSymbol;
import org.kmodsim.kernel.module.ModuleLoader;

/** The steps behind {@link KprobeSteps}: each is one call into kernel/kprobes.c. */
final class KprobeCalls {
  private KprobeCalls() {}

  /** A probe spec whose address may be a variable of the program, read when the call runs. */
  record Template(ProbeSpec spec, String addr) {
    ProbeSpec resolve(CpuContext cpu) {
      return addr == null ? spec : spec.at(value(cpu, addr));
    }
  }

  static long value(CpuContext cpu, String text) {
    if (Character.isLetter(text.charAt(0)) || text.charAt(0) == '$') {
      return cpu.variable(text);
    }
    return KprobeCommandLine.number(text);
  }

  /** The C return value as the step's result, traced; exit status 1 when negative. */
  static StepResult finish(CpuContext cpu, String call, ProbeKey key, long value) {
    cpu.setResult(value);
    cpu.trace("kprobe", call + "(&" + key + ") = " + value);
    cpu.exit(value < 0 ? 1 : 0);
    return StepResult.NEXT;
  }

  static StepResult ask(
      CpuContext cpu,
      Function<ActorRef<KprobeManager.Result>, KprobeManager.Command> request,
      Then<KprobeManager.Result> then) {
    return cpu.request(KprobeManager.KEY, request, KprobeManager.Result.class, then);
  }

  /**
   * register_kprobes(kps, num): one registration after the other; at the first failure the ones
   * already registered are unregistered and that error is returned.
   */
  record RegisterMany(List<Template> specs) implements Step {
    RegisterMany {
      specs = List.copyOf(specs);
    }

    @Override
    public StepResult run(CpuContext cpu) {
      return register(cpu, 0);
    }

    private StepResult register(CpuContext cpu, int index) {
      return ask(
          cpu,
          r -> new KprobeManager.Register(cpu.cpuId(), specs.get(index).resolve(cpu), r),
          (c, result) -> registered(c, index, result.value()));
    }

    private StepResult registered(CpuContext cpu, int index, long value) {
      ProbeKey key = specs.get(index).spec().key();
      if (value < 0 && index > 0) {
        List<ProbeKey> done = specs.subList(0, index).stream().map(t -> t.spec().key()).toList();
        return ask(
            cpu,
            r -> new KprobeManager.Unregister(cpu.cpuId(), done, r),
            (c, rolledBack) -> finish(c, name(), key, value));
      }
      if (value < 0 || index + 1 == specs.size()) {
        return finish(cpu, name(), key, Math.min(value, 0));
      }
      return register(cpu, index + 1);
    }

    @Override
    public String name() {
      return specs.get(0).spec().kretprobe() ? "register_kretprobes" : "register_kprobes";
    }
  }

  /**
   * A call of a kernel function by name (the kernel's own call, {@code pointer} null) or through a
   * pointer (a module calling what it looked up): kallsyms gives the function, then the call goes
   * through the probe check. A NULL or unmapped pointer oopses.
   */
  record Call(String function, String pointer, long nanos, KprobeEra era) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      if (function != null) {
        return cpu.request(
            Kallsyms.KEY,
            r -> new Kallsyms.FindSymbol(function, r),
            Kallsyms.SymbolReply.class,
            (c, reply) -> call(c, reply, 0));
      }
      long address = value(cpu, pointer);
      if (address == 0) {
        KprobeOops.raise(
            cpu, "null-dereference", era.faultMessage(0), "call through a NULL function pointer");
        return StepResult.NEXT;
      }
      return cpu.request(
          Kallsyms.KEY,
          r -> new Kallsyms.FindSymbolAt(address, r),
          Kallsyms.SymbolReply.class,
          (c, reply) -> call(c, reply, address));
    }

    private StepResult call(CpuContext cpu, Kallsyms.SymbolReply reply, long address) {
      if (!(reply instanceof Kallsyms.Found found) || !found.symbol().isText()) {
        if (function != null) {
          cpu.err("kcall: " + function + ": no such kernel function\n");
          cpu.exit(1);
        } else {
          KprobeOops.raise(
              cpu,
              "bad-pointer",
              era.faultMessage(address),
              "call through a pointer to no function");
        }
        return StepResult.NEXT;
      }
      KernelSymbol symbol = found.symbol();
      if (function == null && era.ibt() && address != symbol.address()) {
        return missingEndbr(cpu, symbol, address);
      }
      long from = function != null ? symbol.address() : address;
      cpu.call(
          symbol.name(),
          List.of(
              new ProbedCall(
                  from, symbol.address() + symbol.size(), symbol.name(), List.of(new Spin(nanos)))),
          1);
      return StepResult.NEXT;
    }

    /**
     * x86 IBT: an indirect call must land on an ENDBR64, which only a function's first byte holds
     * (kp.addr of an entry probe is symbol+4, past it): the #CP fault of arch/x86/kernel/cet.c
     * ("Missing ENDBR: %pS", then BUG()). The loader prints the report; the task is killed.
     */
    private StepResult missingEndbr(CpuContext cpu, KernelSymbol symbol, long address) {
      String target =
          String.format("%s+0x%x/0x%x", symbol.name(), address - symbol.address(), symbol.size());
      if (!cpu.services().has(ModuleLoader.KEY)) {
        KprobeOops.raise(
            cpu, "missing-endbr", "Missing ENDBR: " + target, "indirect call to " + target);
        return StepResult.NEXT;
      }
      cpu.send(
          cpu.services().get(ModuleLoader.KEY),
          new ModuleLoader.ReportMissingEndbr(cpu.cpuId(), "cpu" + cpu.cpuId(), target));
      cpu.killTask();
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return function != null ? "kcall" : "call_address";
    }
  }
}
