package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Request;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
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

  static final String KPROBE_KEYS = "owner symbol_name offset addr pre post fault flags";
  static final String KRETPROBE_KEYS =
      "owner symbol_name offset addr entry_handler handler maxactive data_size flags";

  public static void register(Commands commands, KprobeEra era, KprobeSettings settings) {
    String where = "NAME [owner=MOD] (symbol_name=SYM [offset=N] | addr=ADDR|VAR)";
    commands.registerKernelCall(
        "register_kprobe",
        "register_kprobe " + where + " [pre=PROG] [post=PROG] [fault=PROG] [flags=disabled]",
        args -> registerOne(spec(commands, era, args, false)));
    commands.registerKernelCall(
        "register_kretprobe",
        "register_kretprobe "
            + where
            + " [entry_handler=PROG] [handler=PROG] [maxactive=N]"
            + " [data_size=N] [flags=disabled]",
        args -> registerOne(spec(commands, era, args, true)));
    commands.registerKernelCall(
        "register_kprobes",
        "register_kprobes 'SPEC' 'SPEC'...",
        args -> new KprobeCalls.RegisterMany(specs(commands, era, args, false)));
    commands.registerKernelCall(
        "register_kretprobes",
        "register_kretprobes 'SPEC' 'SPEC'...",
        args -> new KprobeCalls.RegisterMany(specs(commands, era, args, true)));
    for (String kind : List.of("kprobe", "kretprobe")) {
      for (String many : List.of("", "s")) {
        String name = "unregister_" + kind + many;
        commands.register(
            name,
            name + (many.isEmpty() ? " NAME" : " NAME...") + " [owner=MOD]",
            args -> unregister(name, keys(args, many.isEmpty())));
      }
      for (boolean enable : List.of(true, false)) {
        String name = (enable ? "enable_" : "disable_") + kind;
        commands.registerKernelCall(
            name,
            name + " NAME [owner=MOD]",
            args -> setEnabled(name, keys(args, true).get(0), enable));
      }
    }
    commands.register(
        "kprobe_addr",
        "kprobe_addr NAME [owner=MOD] [VAR] (reads kp.addr)",
        args -> readField(args, null));
    commands.register(
        "kprobe_nmissed",
        "kprobe_nmissed NAME [owner=MOD] [VAR] (kp.nmissed)",
        args -> readField(args, KprobeManager.Counter.NMISSED));
    commands.register(
        "kretprobe_nmissed",
        "kretprobe_nmissed NAME [owner=MOD] [VAR] (rp->nmissed)",
        args -> readField(args, KprobeManager.Counter.KRETPROBE_NMISSED));
    // Generic kernel calls: registered here unless a subsystem booted earlier (kallsyms, the
    // module loader) already provides them.
    KallsymsSteps.register(commands);
    if (!commands.has("page_fault")) {
      commands.register(
          "page_fault",
          "page_fault [ADDR] (touch an unmapped address)",
          args -> new PageFault(args.isEmpty() ? 0xdead000000000100L : number(args.get(0)), era));
    }
    if (!commands.has("kcall")) {
      commands.register(
          "kcall",
          "kcall FUNCTION [DURATION] (the kernel calls a function)",
          args -> call(args, true, settings.kernelCallNanos(), era));
    }
    if (!commands.has("call_address")) {
      commands.register(
          "call_address",
          "call_address ADDR|VAR [DURATION] (call via a pointer)",
          args -> call(args, false, settings.kernelCallNanos(), era));
    }
  }

  // The calls: one request to the kprobe manager each.

  private static Step manager(
      String call,
      BiFunction<CpuContext, ActorRef<KprobeManager.Result>, KprobeManager.Command> request,
      Then<KprobeManager.Result> then) {
    return Request.step(call, KprobeManager.KEY, request, KprobeManager.Result.class, then);
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
  private static Step readField(List<String> args, KprobeManager.Counter counter) {
    Named named = Named.parse(args, false);
    if (named.names().size() > 2) {
      throw new IllegalArgumentException("needs a probe name and optionally a variable");
    }
    ProbeKey key = named.keys().get(0);
    String variable = named.names().size() == 2 ? named.names().get(1) : null;
    return manager(
        counter == null ? "kprobe_addr" : "kprobe_nmissed",
        (cpu, r) ->
            counter == null
                ? new KprobeManager.ReadAddr(key, r)
                : new KprobeManager.ReadCounter(key, counter, r),
        (cpu, read) -> {
          cpu.setResult(read.value());
          if (variable != null) {
            cpu.setVariable(variable, read.value());
          } else {
            cpu.out(
                counter == null
                    ? String.format(Locale.ROOT, "%016x%n", read.value())
                    : read.value() + "\n");
          }
          return StepResult.NEXT;
        });
  }

  /** kcall FUNCTION [DURATION] ({@code byName}) or call_address ADDR|VAR [DURATION]. */
  private static Step call(List<String> args, boolean byName, long defaultNanos, KprobeEra era) {
    if (args.isEmpty() || args.size() > 2) {
      throw new IllegalArgumentException(
          byName
              ? "needs a function name and optionally a duration"
              : "needs an address or variable, optionally a duration");
    }
    long nanos = args.size() == 2 ? CommandLine.parseDuration(args.get(1)) : defaultNanos;
    return new KprobeCalls.Call(
        byName ? args.get(0) : null, byName ? null : args.get(0), nanos, era);
  }

  // Parsing.

  /** Parses {@code NAME key=value...} into a spec; the address may name a variable. */
  static KprobeCalls.Template spec(
      Commands commands, KprobeEra era, List<String> args, boolean kretprobe) {
    if (args.isEmpty() || args.get(0).contains("=")) {
      throw new IllegalArgumentException("needs the probe's name first");
    }
    TreeMap<String, String> options =
        options(args.subList(1, args.size()), kretprobe ? KRETPROBE_KEYS : KPROBE_KEYS);
    if (options.containsKey("fault") && !era.hasFaultHandler()) {
      throw new IllegalArgumentException(
          "'struct kprobe' has no member named 'fault_handler' (removed in 5.14)");
    }
    String flags = options.getOrDefault("flags", "");
    if (!flags.isEmpty() && !flags.equals("disabled")) {
      throw new IllegalArgumentException("flags may only be 'disabled' (KPROBE_FLAG_DISABLED)");
    }
    return new KprobeCalls.Template(
        new ProbeSpec(
            new ProbeKey(options.get("owner"), args.get(0)),
            kretprobe,
            options.get("symbol_name"),
            number(options.getOrDefault("offset", "0")),
            null,
            program(commands, options.get(kretprobe ? "none" : "pre")),
            program(commands, options.get(kretprobe ? "none" : "post")),
            program(commands, options.get("fault")),
            program(commands, options.get("entry_handler")),
            program(commands, options.get("handler")),
            !flags.isEmpty(),
            (int) number(options.getOrDefault("maxactive", "0")),
            number(options.getOrDefault("data_size", "0"))),
        options.get("addr"));
  }

  static List<KprobeCalls.Template> specs(
      Commands commands, KprobeEra era, List<String> args, boolean kretprobe) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("needs at least one quoted probe spec");
    }
    return args.stream()
        .map(arg -> spec(commands, era, CommandLine.split(arg), kretprobe))
        .toList();
  }

  /** Probe names and the {@code owner=} they share. */
  record Named(String owner, List<String> names) {
    /** {@code strict}: any other {@code key=value} is an error. */
    static Named parse(List<String> args, boolean strict) {
      List<String> names = new ArrayList<>();
      String owner = "";
      for (String arg : args) {
        if (arg.startsWith("owner=")) {
          owner = arg.substring("owner=".length());
        } else if (strict && arg.contains("=")) {
          throw new IllegalArgumentException("unknown option '" + arg + "'");
        } else {
          names.add(arg);
        }
      }
      if (names.isEmpty() && !strict) {
        throw new IllegalArgumentException("needs a probe name and optionally a variable");
      }
      return new Named(owner, names);
    }

    List<ProbeKey> keys() {
      return names.stream().map(name -> new ProbeKey(owner, name)).toList();
    }
  }

  static List<ProbeKey> keys(List<String> args, boolean one) {
    Named named = Named.parse(args, true);
    if (named.names().isEmpty() || (one && named.names().size() != 1)) {
      throw new IllegalArgumentException(one ? "needs one probe name" : "needs probe names");
    }
    return named.keys();
  }

  static TreeMap<String, String> options(List<String> words, String allowed) {
    TreeMap<String, String> options = new TreeMap<>();
    List<String> known = List.of(allowed.split(" "));
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq <= 0 || !known.contains(word.substring(0, eq))) {
        throw new IllegalArgumentException(
            "unknown option '" + word + "' (expected one of: " + allowed + ")");
      }
      options.put(word.substring(0, eq), word.substring(eq + 1));
    }
    return options;
  }

  static long number(String text) {
    try {
      String t = text.trim();
      if (t.startsWith("0x") || t.startsWith("0X")) {
        return Long.parseUnsignedLong(t.substring(2), 16);
      }
      return Long.decode(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number '" + text + "'");
    }
  }

  static List<Step> program(Commands commands, String text) {
    return text == null
        ? List.of()
        : CommandLine.splitList(text).stream().map(commands::parse).toList();
  }
}
