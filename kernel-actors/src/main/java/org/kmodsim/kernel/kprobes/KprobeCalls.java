package org.kmodsim.kernel.kprobes;

import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Request;
import org.kmodsim.cpu.Spin;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.cpu.Then;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.kallsyms.KernelSymbol;

/** The steps behind {@link KprobeSteps}: each is one call into kernel/kprobes.c. */
final class KprobeCalls {
  private KprobeCalls() {}

  enum Field {
    ADDR,
    NMISSED,
    KRETPROBE_NMISSED
  }

  /** A probe spec whose address may be a variable of the program, read when the call runs. */
  record SpecTemplate(
      ProbeKey key,
      boolean kretprobe,
      String symbolName,
      long offset,
      String addr,
      List<Step> pre,
      List<Step> post,
      List<Step> fault,
      List<Step> entry,
      List<Step> handler,
      boolean disabled,
      int maxactive,
      long dataSize) {
    ProbeSpec resolve(CpuContext cpu) {
      Long address = addr == null ? null : value(cpu, addr);
      return new ProbeSpec(
          key,
          kretprobe,
          symbolName,
          offset,
          address,
          pre,
          post,
          fault,
          entry,
          handler,
          disabled,
          maxactive,
          dataSize);
    }

    String call() {
      return kretprobe ? "register_kretprobe" : "register_kprobe";
    }
  }

  static long value(CpuContext cpu, String text) {
    if (Character.isLetter(text.charAt(0)) || text.charAt(0) == '$') {
      return cpu.variable(text);
    }
    return KprobeSteps.number(text);
  }

  /** The C return value as the step's result, traced; exit status 1 when negative. */
  static StepResult finish(CpuContext cpu, String call, ProbeKey key, long value) {
    cpu.setResult(value);
    cpu.trace("kprobe", call + "(&" + key + ") = " + value);
    cpu.exit(value < 0 ? 1 : 0);
    return StepResult.NEXT;
  }

  /** One request to the kprobe manager and what to do with its result. */
  static Step manager(
      String call,
      BiFunction<CpuContext, ActorRef<KprobeManager.Result>, KprobeManager.Command> request,
      Then<KprobeManager.Result> then) {
    return Request.step(call, KprobeManager.KEY, request, KprobeManager.Result.class, then);
  }

  static StepResult ask(
      CpuContext cpu,
      Function<ActorRef<KprobeManager.Result>, KprobeManager.Command> request,
      Then<KprobeManager.Result> then) {
    return cpu.request(KprobeManager.KEY, request, KprobeManager.Result.class, then);
  }

  /** register_kprobe(&kp) / register_kretprobe(&rp). */
  static Step registerOne(SpecTemplate spec) {
    return manager(
        spec.call(),
        (cpu, r) -> new KprobeManager.Register(cpu.cpuId(), spec.resolve(cpu), r),
        (cpu, result) -> finish(cpu, spec.call(), spec.key(), result.value()));
  }

  /** unregister_kprobe(s): returns after the grace period; void in C, result 0 here. */
  static Step unregister(String call, List<ProbeKey> keys) {
    List<ProbeKey> all = List.copyOf(keys);
    return manager(
        call,
        (cpu, r) -> new KprobeManager.Unregister(cpu.cpuId(), all, r),
        (cpu, result) -> finish(cpu, call, all.get(0), 0));
  }

  /** enable_kprobe / disable_kprobe. */
  static Step setEnabled(String call, ProbeKey key, boolean enable) {
    return manager(
        call,
        (cpu, r) -> enable ? new KprobeManager.Enable(key, r) : new KprobeManager.Disable(key, r),
        (cpu, result) -> finish(cpu, call, key, result.value()));
  }

  /** Reads kp.addr, kp.nmissed or rp->nmissed; prints it unless a variable receives it. */
  static Step readField(ProbeKey key, Field field, String variable) {
    KprobeManager.Counter counter =
        field == Field.NMISSED
            ? KprobeManager.Counter.NMISSED
            : KprobeManager.Counter.KRETPROBE_NMISSED;
    return manager(
        field == Field.ADDR ? "kprobe_addr" : "kprobe_nmissed",
        (cpu, r) ->
            field == Field.ADDR
                ? new KprobeManager.ReadAddr(key, r)
                : new KprobeManager.ReadCounter(key, counter, r),
        (cpu, result) -> {
          cpu.setResult(result.value());
          if (variable != null) {
            cpu.setVariable(variable, result.value());
          } else {
            cpu.out(
                field == Field.ADDR
                    ? String.format(Locale.ROOT, "%016x%n", result.value())
                    : result.value() + "\n");
          }
          return StepResult.NEXT;
        });
  }

  /**
   * register_kprobes(kps, num): one registration after the other; at the first failure the ones
   * already registered are unregistered and that error is returned.
   */
  record RegisterMany(List<SpecTemplate> specs) implements Step {
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
      ProbeKey key = specs.get(index).key();
      if (value < 0 && index > 0) {
        List<ProbeKey> done = specs.subList(0, index).stream().map(SpecTemplate::key).toList();
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
      return specs.get(0).kretprobe() ? "register_kretprobes" : "register_kprobes";
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
      long from = function != null ? symbol.address() : address;
      cpu.call(
          symbol.name(),
          List.of(
              new ProbedCall(
                  from, symbol.address() + symbol.size(), symbol.name(), List.of(new Spin(nanos)))),
          1);
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return function != null ? "kcall" : "call_address";
    }
  }
}
