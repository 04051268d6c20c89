package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.SetResult;
import org.kmodsim.cpu.Spin;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.cpu.Then;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.kallsyms.KernelSymbol;
import org.kmodsim.kernel.module.Module;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.printk.Printk;
import org.kmodsim.kernel.printk.PrintkSteps;
import org.kmodsim.kernel.printk.PrintkTrace;

/**
 * The steps behind {@link KprobeSteps} and the hit path: each is one call into kernel/kprobes.c
 * (register_kprobes, p->nmissed++, the kretprobe trampoline), a kernel call that may run into a
 * probe, a page fault in a handler, or the oops a CPU takes on a bad access from probe code.
 */
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
    cpu.trace(KprobeTrace.CALL.with(cpu.cpuId(), call, key.toString(), value));
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
  static Step registerMany(List<Template> specs) {
    String call = specs.get(0).spec().kretprobe() ? "register_kretprobes" : "register_kprobes";
    return Step.of(call, cpu -> register(cpu, call, List.copyOf(specs), 0));
  }

  private static StepResult register(CpuContext cpu, String call, List<Template> specs, int at) {
    return ask(
        cpu,
        r -> new KprobeManager.Register(cpu.cpuId(), specs.get(at).resolve(cpu), r),
        (c, result) -> {
          long value = result.value();
          ProbeKey key = specs.get(at).spec().key();
          if (value < 0 && at > 0) {
            List<ProbeKey> done = specs.subList(0, at).stream().map(t -> t.spec().key()).toList();
            return ask(
                c,
                r -> new KprobeManager.Unregister(c.cpuId(), done, r),
                (again, rolledBack) -> finish(again, call, key, value));
          } else if (value < 0 || at + 1 == specs.size()) {
            return finish(c, call, key, Math.min(value, 0));
          }
          return register(c, call, specs, at + 1);
        });
  }

  /**
   * {@code kcall} and {@code call_address}: a call of a kernel function by name (the kernel's own
   * call, no pointer) or through a pointer (a module calling what it looked up): kallsyms gives the
   * function, then the call goes through the probe check. A NULL or unmapped pointer oopses.
   */
  static Step kernelCall(KprobeCommandLine.KernelCall call, KprobeEra era) {
    return Step.of(
        call.function() != null ? "kcall" : "call_address",
        cpu -> {
          if (call.function() != null) {
            return find(cpu, call, era, r -> new Kallsyms.FindSymbol(call.function(), r), 0);
          }
          long address = value(cpu, call.pointer());
          if (address == 0) {
            return oops(
                cpu,
                "null-dereference",
                era.faultMessage(0),
                "call through a NULL function pointer");
          }
          return find(cpu, call, era, r -> new Kallsyms.FindSymbolAt(address, r), address);
        });
  }

  private static StepResult find(
      CpuContext cpu,
      KprobeCommandLine.KernelCall call,
      KprobeEra era,
      Function<ActorRef<Kallsyms.SymbolReply>, Kallsyms.Command> request,
      long address) {
    return cpu.request(
        Kallsyms.KEY,
        request,
        Kallsyms.SymbolReply.class,
        (c, reply) -> {
          if (!(reply instanceof Kallsyms.Found found) || !found.symbol().isText()) {
            if (call.function() != null) {
              return c.fail(1, "kcall: " + call.function() + ": no such kernel function\n");
            }
            String why = "call through a pointer to no function";
            return oops(c, "bad-pointer", era.faultMessage(address), why);
          }
          KernelSymbol symbol = found.symbol();
          if (call.function() == null && era.ibt() && address != symbol.address()) {
            return missingEndbr(c, symbol, address);
          }
          long from = call.function() != null ? symbol.address() : address;
          long end = symbol.address() + symbol.size();
          List<Step> body = List.of(new Spin(call.nanos()));
          return c.calling(symbol.name(), List.of(new ProbedCall(from, end, symbol.name(), body)));
        });
  }

  /**
   * x86 IBT: an indirect call must land on an ENDBR64, which only a function's first byte holds
   * (kp.addr of an entry probe is symbol+4, past it): the #CP fault of arch/x86/kernel/cet.c
   * ("Missing ENDBR: %pS", then BUG()). The loader prints the report; the task is killed.
   */
  private static StepResult missingEndbr(CpuContext cpu, KernelSymbol symbol, long address) {
    String target =
        String.format("%s+0x%x/0x%x", symbol.name(), address - symbol.address(), symbol.size());
    if (!cpu.services().has(ModuleLoader.KEY)) {
      return oops(cpu, "missing-endbr", "Missing ENDBR: " + target, "indirect call to " + target);
    }
    cpu.send(
        ModuleLoader.KEY,
        new ModuleLoader.ReportMissingEndbr(cpu.cpuId(), "cpu" + cpu.cpuId(), target));
    return cpu.killing();
  }

  /**
   * {@code page_fault}: the running kernel code touches an unmapped address with no exception fixup
   * (arch/x86/mm/fault.c). Inside a kprobe handler, kprobe_fault_handler() runs first: up to 5.13
   * it counts {@code nmissed} and calls the probe's fault_handler, and a non-zero return means the
   * fault was handled and the handler goes on; otherwise, and always in 6.x, the kernel oopses.
   */
  static Step pageFault(long address, KprobeEra era) {
    Function<CpuContext, StepResult> oops =
        c -> oops(c, "page-fault", era.faultMessage(address), "unhandled kernel-mode page fault");
    return Step.of(
        "page_fault",
        cpu -> {
          if (cpu.perCpu().get(ProbedCall.RUNNING) == 0
              || !era.hasFaultHandler()
              || !cpu.services().has(KprobeManager.KEY)) {
            return oops.apply(cpu);
          }
          long id = cpu.perCpu().get(ProbedCall.CURRENT_ID);
          return cpu.request(
              KprobeManager.KEY,
              r -> new KprobeManager.FaultInHandler(id, r),
              TrapReply.class,
              (c, reply) -> {
                if (!(reply instanceof TrapReply.FaultHandler handler)) {
                  return oops.apply(c);
                }
                List<Step> steps = new ArrayList<>();
                steps.add(nmissedIncrement(handler.key(), KprobeManager.Counter.NMISSED));
                steps.add(new SetResult(0));
                steps.addAll(handler.steps());
                long saved = c.result(); // the interrupted handler's, given back once handled
                steps.add(
                    Step.of(
                        "kprobe_fault_handler",
                        h -> h.result() == 0 ? oops.apply(h) : h.returning(saved)));
                return c.calling("kprobe_fault_handler", steps);
              });
        });
  }

  /**
   * {@code p->nmissed++} (kprobes_inc_nmissed_count): a plain load and a plain store, two messages
   * to the struct's memory, so two CPUs missing at once can lose an increment, as in the kernel.
   * Every attempt is counted in the coverage probe {@code kprobes-nmissed-increments} ({@code
   * kretprobe-pool-empty} for rp->nmissed).
   */
  static Step nmissedIncrement(ProbeKey key, KprobeManager.Counter counter) {
    boolean kprobe = counter == KprobeManager.Counter.NMISSED;
    return Step.of(
        "nmissed++",
        cpu -> {
          cpu.sim().cover(kprobe ? "kprobes-nmissed-increments" : "kretprobe-pool-empty");
          return ask(
              cpu,
              r -> new KprobeManager.ReadCounter(key, counter, r),
              (c, loaded) -> {
                c.send(
                    KprobeManager.KEY,
                    new KprobeManager.WriteCounter(key, counter, loaded.value() + 1));
                return StepResult.NEXT;
              });
        });
  }

  /**
   * The probed function returns into the kretprobe trampoline (kernel/kprobes.c
   * __kretprobe_trampoline_handler): the CPU looks its instance's probe up; if the probe is still
   * registered it runs the return handler with current_kprobe set (a hit inside counts as a
   * recursion), then gives the instance back; if the probe was unregistered meanwhile the handler
   * is skipped. At the end current_kprobe is cleared, the instance recycled, the section left.
   */
  static Step kretprobeTrampoline(ProbeKey key, long id) {
    List<KprobeManager.Instance> instance = List.of(new KprobeManager.Instance(key, id));
    Step done =
        Step.instant(
            "kretprobe_trampoline",
            cpu -> {
              cpu.perCpu().add(ProbedCall.RUNNING, -1);
              cpu.send(KprobeManager.KEY, new KprobeManager.Quiescent(cpu.cpuId(), instance));
            });
    return Step.of(
        "kretprobe_trampoline",
        cpu ->
            cpu.request(
                KprobeManager.KEY,
                r -> new KprobeManager.KretprobeReturn(cpu.cpuId(), key, id, r),
                TrapReply.class,
                (c, reply) -> {
                  if (reply instanceof TrapReply.Freed freed) {
                    freed(c, freed);
                  } else if (reply instanceof TrapReply.Hit hit) {
                    c.perCpu().add(ProbedCall.RUNNING, 1);
                    c.sim().cover("kretprobe-return-handlers");
                    List<Step> frame =
                        new ArrayList<>(
                            KprobeTrace.traced(key, "handler", hit.probes().get(0).handler()));
                    frame.add(done);
                    c.call("kretprobe_trampoline", frame, 1);
                  }
                  return StepResult.NEXT;
                }));
  }

  /**
   * The oops a CPU takes on a bad access from probe code (arch/x86/mm/fault.c page_fault_oops,
   * arch/x86/kernel/dumpstack.c __die): a call through a NULL or dangling pointer, a fault in a
   * handler nobody handled. It runs on this CPU now, as a nested frame: the safety rule broken is
   * reported as a violation of its own {@code kind}; the report goes to printk's oops path (which
   * counts the oops, and may panic), or to the trace when printk is not booted; the task is killed
   * (exit status 137).
   */
  static StepResult oops(CpuContext cpu, String kind, String message, String detail) {
    return cpu.calling("oops", List.of(Step.of("oops", c -> oopsNow(c, kind, message, detail))));
  }

  private static StepResult oopsNow(CpuContext cpu, String kind, String message, String detail) {
    cpu.sim().violation(cpu.replyTo(), kind, "cpu" + cpu.cpuId() + ": " + detail);
    if (cpu.services().has(Printk.KEY)) {
      return PrintkSteps.oops(cpu, message, "0000", (c, done) -> c.killing());
    }
    PrintkSteps.oopsFirstLines(cpu.cpuId(), message, "0000")
        .forEach(line -> cpu.trace(PrintkTrace.printk(cpu.cpuId(), 4, line, -1)));
    cpu.sim().violation(cpu.replyTo(), "oops", message);
    return cpu.killing();
  }

  /**
   * The int3 handler or the trampoline read a probe struct in the freed memory of its module (a
   * probe freed with its module): with the module subsystem booted, its loader prints the era's
   * oops for a freed module (and counts the use-after-free), as for any other touch of freed module
   * memory; else the oops above, a violation of kind {@code use-after-free}.
   */
  static void freed(CpuContext cpu, TrapReply.Freed freed) {
    String detail = "kprobe " + freed.key() + " hit after its module was freed";
    String module = freed.key().owner();
    if (module.isEmpty() || !cpu.services().has(ModuleLoader.KEY)) {
      oops(cpu, "use-after-free", freed.message(), detail);
      return;
    }
    Step report =
        Step.of(
            "oops",
            c -> {
              c.send(
                  ModuleLoader.KEY,
                  new ModuleLoader.ReportOops(
                      c.cpuId(), "kmodsim", new Module.Oops(module, freed.address(), "read")));
              return c.killing();
            });
    cpu.call("oops", List.of(report), 1);
  }
}
