package org.kmodsim.kernel.kprobes;

import java.util.List;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Request;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.Then;
import org.kmodsim.kernel.kallsyms.KallsymsSteps;

/**
 * The kprobes API as commands of the step language (include/linux/kprobes.h), usable from scenario
 * programs, module functions and the shell. A probe is named by its struct: a variable name plus
 * {@code owner=MODULE} (the module whose memory holds it and whose code the handlers are). Handlers
 * are step programs, {@code pre='spin 100ns; trace hit'}; a module's handler is {@code pre='call
 * mymod.handler_pre'}. Each call sets the step's result to the C return value and the exit status
 * to 1 when it is negative.
 */
public final class KprobeSteps {
  private KprobeSteps() {}

  public static void register(Commands commands, KprobeEra era, KprobeSettings settings) {
    String where = "NAME [owner=MOD] (symbol_name=SYM [offset=N] | addr=ADDR|VAR)";
    for (boolean ret : List.of(false, true)) {
      String call = ret ? "register_kretprobe" : "register_kprobe";
      String handlers =
          ret
              ? " [entry_handler=PROG] [handler=PROG] [maxactive=N] [data_size=N]"
              : " [pre=PROG] [post=PROG] [fault=PROG]";
      commands.registerKernelCall(
          call + " " + where + handlers + " [flags=disabled]",
          args -> registerOne(KprobeCommandLine.spec(commands, era, args, ret)));
      commands.registerKernelCall(
          call + "s 'SPEC' 'SPEC'...",
          args -> KprobeCalls.registerMany(KprobeCommandLine.specs(commands, era, args, ret)));
    }
    for (String kind : List.of("kprobe", "kretprobe")) {
      for (String many : List.of("", "s")) {
        String name = "unregister_" + kind + many;
        commands.register(
            name + (many.isEmpty() ? " NAME" : " NAME...") + " [owner=MOD]",
            args -> unregister(name, KprobeCommandLine.keys(args, many.isEmpty())));
      }
      for (boolean enable : List.of(true, false)) {
        String name = (enable ? "enable_" : "disable_") + kind;
        commands.registerKernelCall(
            name + " NAME [owner=MOD]",
            args -> setEnabled(name, KprobeCommandLine.keys(args, true).get(0), enable));
      }
    }
    commands.register(
        "kprobe_addr NAME [owner=MOD] [VAR] (reads kp.addr)",
        args -> readField(KprobeCommandLine.Field.parse(args), null));
    commands.register(
        "kprobe_nmissed NAME [owner=MOD] [VAR] (kp.nmissed)",
        args -> readField(KprobeCommandLine.Field.parse(args), KprobeManager.Counter.NMISSED));
    commands.register(
        "kretprobe_nmissed NAME [owner=MOD] [VAR] (rp->nmissed)",
        args ->
            readField(
                KprobeCommandLine.Field.parse(args), KprobeManager.Counter.KRETPROBE_NMISSED));
    // Generic kernel calls: registered here unless a subsystem booted earlier (kallsyms, the
    // module loader) already provides them.
    KallsymsSteps.register(commands);
    commands.registerIfAbsent(
        "page_fault [ADDR] (touch an unmapped address)",
        args ->
            KprobeCalls.pageFault(
                args.isEmpty() ? 0xdead000000000100L : KprobeCommandLine.number(args.get(0)), era));
    for (boolean byName : List.of(true, false)) {
      commands.registerIfAbsent(
          byName
              ? "kcall FUNCTION [DURATION] (the kernel calls a function)"
              : "call_address ADDR|VAR [DURATION] (call via a pointer)",
          args ->
              KprobeCalls.kernelCall(
                  KprobeCommandLine.KernelCall.parse(args, byName, settings.kernelCallNanos()),
                  era));
    }
  }

  // The calls: one request to the kprobe manager each.

  private static Step manager(
      String call,
      BiFunction<CpuContext, ActorRef<KprobeManager.Result>, KprobeManager.Command> request,
      Then<KprobeManager.Result> then) {
    return new Request<>(call, KprobeManager.KEY, request, KprobeManager.Result.class, then);
  }

  /** register_kprobe(&kp) / register_kretprobe(&rp). */
  static Step registerOne(KprobeCalls.Template spec) {
    String call = spec.spec().kretprobe() ? "register_kretprobe" : "register_kprobe";
    return manager(
        call,
        (cpu, r) -> new KprobeManager.Register(cpu.cpuId(), spec.resolve(cpu), r),
        (cpu, result) -> KprobeCalls.finish(cpu, call, spec.spec().key(), result.value()));
  }

  /** unregister_kprobe(s): returns after the grace period; void in C, result 0 here. */
  static Step unregister(String call, List<ProbeKey> keys) {
    return manager(
        call,
        (cpu, r) -> new KprobeManager.Unregister(cpu.cpuId(), keys, r),
        (cpu, result) -> KprobeCalls.finish(cpu, call, keys.get(0), 0));
  }

  /** enable_kprobe / disable_kprobe. */
  static Step setEnabled(String call, ProbeKey key, boolean enable) {
    return manager(
        call,
        (cpu, r) -> enable ? new KprobeManager.Enable(key, r) : new KprobeManager.Disable(key, r),
        (cpu, result) -> KprobeCalls.finish(cpu, call, key, result.value()));
  }

  /**
   * Reads kp.addr ({@code counter} null), kp.nmissed or rp->nmissed; prints it unless a variable
   * (the second name) receives it.
   */
  private static Step readField(KprobeCommandLine.Field field, KprobeManager.Counter counter) {
    return manager(
        counter == null ? "kprobe_addr" : "kprobe_nmissed",
        (cpu, r) ->
            counter == null
                ? new KprobeManager.ReadAddr(field.key(), r)
                : new KprobeManager.ReadCounter(field.key(), counter, r),
        (cpu, read) -> KallsymsSteps.show(cpu, field.variable(), read.value(), counter == null));
  }
}
