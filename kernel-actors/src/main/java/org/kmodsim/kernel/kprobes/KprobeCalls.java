package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Spin;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

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
      return new ProbeSpec(key, kretprobe, symbolName, offset, address, pre, post, fault, entry,
          handler, disabled, maxactive, dataSize);
    }
  }

  static long value(CpuContext cpu, String text) {
    if (Character.isLetter(text.charAt(0)) || text.charAt(0) == '$') {
      return cpu.variable(text);
    }
    return KprobeSteps.number(text);
  }

  static void finish(CpuContext cpu, String call, ProbeKey key, long value) {
    cpu.setResult(value);
    cpu.trace("kprobe", call + "(&" + key + ") = " + value);
    cpu.exit(value < 0 ? 1 : 0);
  }

  static StepResult ask(CpuContext cpu, KprobeManager.Command command) {
    cpu.send(cpu.services().get(KprobeManager.KEY), command);
    return StepResult.WAIT;
  }

  static long result(Object reply) {
    return ((KprobeManager.Result) reply).value();
  }

  /** register_kprobe(&kp) / register_kretprobe(&rp). */
  record RegisterOne(SpecTemplate spec) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      return ask(cpu, new KprobeManager.Register(cpu.cpuId(), spec.resolve(cpu), cpu.replyTo()));
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      finish(cpu, name(), spec.key(), result(reply));
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return spec.kretprobe() ? "register_kretprobe" : "register_kprobe";
    }
  }

  /**
   * register_kprobes(kps, num): one registration after the other; at the first failure the ones
   * already registered are unregistered and that error is returned.
   */
  record RegisterMany(List<SpecTemplate> specs) implements Step {
    static final String INDEX = "$register_kprobes.index";
    static final String ERROR = "$register_kprobes.error";

    RegisterMany {
      specs = List.copyOf(specs);
    }

    @Override
    public StepResult run(CpuContext cpu) {
      cpu.setVariable(INDEX, 0);
      cpu.setVariable(ERROR, 0);
      return next(cpu);
    }

    private StepResult next(CpuContext cpu) {
      int index = (int) cpu.variable(INDEX);
      SpecTemplate spec = specs.get(index);
      return ask(cpu, new KprobeManager.Register(cpu.cpuId(), spec.resolve(cpu), cpu.replyTo()));
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      int index = (int) cpu.variable(INDEX);
      long error = cpu.variable(ERROR);
      if (error != 0) {
        finish(cpu, name(), specs.get(index).key(), error); // the rollback finished
        return StepResult.NEXT;
      }
      long value = result(reply);
      if (value < 0) {
        if (index == 0) {
          finish(cpu, name(), specs.get(0).key(), value);
          return StepResult.NEXT;
        }
        cpu.setVariable(ERROR, value);
        List<ProbeKey> done = new ArrayList<>();
        specs.subList(0, index).forEach(s -> done.add(s.key()));
        return ask(cpu, new KprobeManager.Unregister(cpu.cpuId(), done, cpu.replyTo()));
      }
      if (index + 1 == specs.size()) {
        finish(cpu, name(), specs.get(index).key(), 0);
        return StepResult.NEXT;
      }
      cpu.setVariable(INDEX, index + 1);
      return next(cpu);
    }

    @Override
    public String name() {
      return specs.get(0).kretprobe() ? "register_kretprobes" : "register_kprobes";
    }
  }

  /** unregister_kprobe(s): returns after the grace period; void in C, result 0 here. */
  record UnregisterMany(String call, List<ProbeKey> keys) implements Step {
    UnregisterMany {
      keys = List.copyOf(keys);
    }

    @Override
    public StepResult run(CpuContext cpu) {
      return ask(cpu, new KprobeManager.Unregister(cpu.cpuId(), keys, cpu.replyTo()));
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      finish(cpu, call, keys.get(0), 0);
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return call;
    }
  }

  /** enable_kprobe / disable_kprobe. */
  record Switch(String call, ProbeKey key, boolean enable) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      return ask(cpu, enable
          ? new KprobeManager.Enable(key, cpu.replyTo())
          : new KprobeManager.Disable(key, cpu.replyTo()));
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      finish(cpu, call, key, result(reply));
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return call;
    }
  }

  /** Reads kp.addr, kp.nmissed or rp->nmissed; prints it unless a variable receives it. */
  record ReadField(ProbeKey key, Field field, String variable) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      if (field == Field.ADDR) {
        return ask(cpu, new KprobeManager.ReadAddr(key, cpu.replyTo()));
      }
      KprobeManager.Counter counter = field == Field.NMISSED
          ? KprobeManager.Counter.NMISSED : KprobeManager.Counter.KRETPROBE_NMISSED;
      return ask(cpu, new KprobeManager.ReadCounter(key, counter, cpu.replyTo()));
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      long value = result(reply);
      cpu.setResult(value);
      if (variable != null) {
        cpu.setVariable(variable, value);
      } else if (field == Field.ADDR) {
        cpu.out(String.format(Locale.ROOT, "%016x%n", value));
      } else {
        cpu.out(value + "\n");
      }
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return field == Field.ADDR ? "kprobe_addr" : "kprobe_nmissed";
    }
  }

  static Step kcall(List<String> args, long defaultNanos, KprobeEra era) {
    if (args.isEmpty() || args.size() > 2) {
      throw new IllegalArgumentException("needs a function name and optionally a duration");
    }
    long nanos = args.size() == 2 ? CommandLine.parseDuration(args.get(1)) : defaultNanos;
    return new Call(args.get(0), null, nanos, era);
  }

  static Step callAddress(List<String> args, long defaultNanos, KprobeEra era) {
    if (args.isEmpty() || args.size() > 2) {
      throw new IllegalArgumentException("needs an address or variable, optionally a duration");
    }
    long nanos = args.size() == 2 ? CommandLine.parseDuration(args.get(1)) : defaultNanos;
    return new Call(null, args.get(0), nanos, era);
  }

  /**
   * A call of a kernel function by name (the kernel's own call) or through a pointer (a module
   * calling what it looked up): kallsyms gives the address and the function, then the call goes
   * through the probe check. A NULL or unmapped pointer oopses.
   */
  record Call(String function, String pointer, long nanos, KprobeEra era) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      ActorRefHolder symbols = new ActorRefHolder(cpu);
      if (function != null) {
        cpu.send(symbols.lookup(), new SymbolLookup.ByName(function, cpu.replyTo()));
        return StepResult.WAIT;
      }
      long address = value(cpu, pointer);
      if (address == 0) {
        KprobeOops.raise(cpu, "null-dereference", era.faultMessage(0),
            "call through a NULL function pointer");
        return StepResult.NEXT;
      }
      cpu.setVariable("$call_address", address);
      cpu.send(symbols.lookup(), new SymbolLookup.ByAddress(address, cpu.replyTo()));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      if (!(reply instanceof SymbolLookup.Found)
          || !((SymbolLookup.Found) reply).symbol().isText()) {
        if (function != null) {
          cpu.err("kcall: " + function + ": no such kernel function\n");
          cpu.exit(1);
        } else {
          long address = cpu.variable("$call_address");
          KprobeOops.raise(cpu, "bad-pointer", era.faultMessage(address),
              "call through a pointer to no function");
        }
        return StepResult.NEXT;
      }
      KernelSymbolInfo symbol = ((SymbolLookup.Found) reply).symbol();
      long address = function != null ? symbol.address() : cpu.variable("$call_address");
      long end = symbol.address() + symbol.size();
      cpu.call(symbol.name(),
          List.of(new ProbedCall(address, end, symbol.name(), List.of(new Spin(nanos)))), 1);
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return function != null ? "kcall" : "call_address";
    }
  }

  static Step kallsymsLookupName(List<String> args) {
    if (args.isEmpty() || args.size() > 2) {
      throw new IllegalArgumentException("needs a symbol name and optionally a variable");
    }
    return new LookupName(args.get(0), args.size() == 2 ? args.get(1) : null);
  }

  /** kallsyms_lookup_name(name): the address, or 0; prints it unless a variable receives it. */
  record LookupName(String symbol, String variable) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.send(cpu.services().get(SymbolLookup.KEY),
          new SymbolLookup.ByName(symbol, cpu.replyTo()));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      long address = reply instanceof SymbolLookup.Found
          ? ((SymbolLookup.Found) reply).symbol().address() : 0;
      cpu.setResult(address);
      if (variable != null) {
        cpu.setVariable(variable, address);
      } else {
        cpu.out(String.format(Locale.ROOT, "%016x%n", address));
      }
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "kallsyms_lookup_name";
    }
  }

  /** Where a CPU asks kallsyms. */
  private record ActorRefHolder(CpuContext cpu) {
    org.apache.pekko.actor.typed.ActorRef<SymbolLookup.Request> lookup() {
      return cpu.services().get(SymbolLookup.KEY);
    }
  }
}
