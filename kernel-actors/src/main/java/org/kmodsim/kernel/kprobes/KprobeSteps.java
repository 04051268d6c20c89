package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.kmodsim.cpu.CommandFactory;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Step;
import org.kmodsim.kernel.kallsyms.KallsymsSteps;

/**
 * The kprobes API as commands of the step language (include/linux/kprobes.h), usable from
 * scenario programs, module functions and the shell. A probe is named by its struct: a variable
 * name plus {@code owner=MODULE} (the module whose memory holds it and whose code the handlers
 * are). Handlers are step programs, {@code pre='spin 100ns; trace hit'}; a module's handler is
 * {@code pre='call mymod.handler_pre'}. Each call sets the step's result to the C return value
 * and the exit status to 1 when it is negative.
 */
public final class KprobeSteps {
  private KprobeSteps() {}

  static final String KPROBE_KEYS = "owner symbol_name offset addr pre post fault flags";
  static final String KRETPROBE_KEYS =
      "owner symbol_name offset addr entry_handler handler maxactive data_size flags";

  public static void register(Commands commands, KprobeEra era, KprobeSettings settings) {
    String where = "NAME [owner=MOD] (symbol_name=SYM [offset=N] | addr=ADDR|VAR)";
    commands.register("register_kprobe",
        "register_kprobe " + where + " [pre=PROG] [post=PROG] [fault=PROG] [flags=disabled]",
        args -> KprobeCalls.registerOne(spec(commands, era, args, false)));
    commands.register("register_kretprobe",
        "register_kretprobe " + where + " [entry_handler=PROG] [handler=PROG] [maxactive=N]"
            + " [data_size=N] [flags=disabled]",
        args -> KprobeCalls.registerOne(spec(commands, era, args, true)));
    commands.register("register_kprobes", "register_kprobes 'SPEC' 'SPEC'...",
        args -> new KprobeCalls.RegisterMany(specs(commands, era, args, false)));
    commands.register("register_kretprobes", "register_kretprobes 'SPEC' 'SPEC'...",
        args -> new KprobeCalls.RegisterMany(specs(commands, era, args, true)));
    for (String name : List.of("unregister_kprobe", "unregister_kretprobe")) {
      commands.register(name, name + " NAME [owner=MOD]",
          args -> KprobeCalls.unregister(name, keys(args, true)));
    }
    for (String name : List.of("unregister_kprobes", "unregister_kretprobes")) {
      commands.register(name, name + " NAME... [owner=MOD]",
          args -> KprobeCalls.unregister(name, keys(args, false)));
    }
    for (String name : List.of("enable_kprobe", "enable_kretprobe")) {
      commands.register(name, name + " NAME [owner=MOD]",
          args -> KprobeCalls.setEnabled(name, keys(args, true).get(0), true));
    }
    for (String name : List.of("disable_kprobe", "disable_kretprobe")) {
      commands.register(name, name + " NAME [owner=MOD]",
          args -> KprobeCalls.setEnabled(name, keys(args, true).get(0), false));
    }
    commands.register("kprobe_addr", "kprobe_addr NAME [owner=MOD] [VAR] (reads kp.addr)",
        args -> readField(args, KprobeCalls.Field.ADDR));
    commands.register("kprobe_nmissed", "kprobe_nmissed NAME [owner=MOD] [VAR] (kp.nmissed)",
        args -> readField(args, KprobeCalls.Field.NMISSED));
    commands.register("kretprobe_nmissed",
        "kretprobe_nmissed NAME [owner=MOD] [VAR] (rp->nmissed)",
        args -> readField(args, KprobeCalls.Field.KRETPROBE_NMISSED));
    // Generic kernel calls: registered here unless a subsystem booted earlier (kallsyms, the
    // module loader) already provides them.
    KallsymsSteps.register(commands);
    registerIfAbsent(commands, "page_fault", "page_fault [ADDR] (touch an unmapped address)",
        args -> new PageFault(args.isEmpty() ? 0xdead000000000100L : number(args.get(0)), era));
    registerIfAbsent(commands, "kcall", "kcall FUNCTION [DURATION] (the kernel calls a function)",
        args -> call(args, true, settings.kernelCallNanos(), era));
    registerIfAbsent(commands, "call_address",
        "call_address ADDR|VAR [DURATION] (call via a pointer)",
        args -> call(args, false, settings.kernelCallNanos(), era));
  }

  private static void registerIfAbsent(
      Commands commands, String name, String synopsis, CommandFactory factory) {
    if (!commands.has(name)) {
      commands.register(name, synopsis, factory);
    }
  }

  /** Parses {@code NAME key=value...} into a spec; the address may name a variable. */
  static KprobeCalls.SpecTemplate spec(
      Commands commands, KprobeEra era, List<String> args, boolean kretprobe) {
    if (args.isEmpty() || args.get(0).contains("=")) {
      throw new IllegalArgumentException("needs the probe's name first");
    }
    TreeMap<String, String> options = options(args.subList(1, args.size()),
        kretprobe ? KRETPROBE_KEYS : KPROBE_KEYS);
    if (options.containsKey("fault") && !era.hasFaultHandler()) {
      throw new IllegalArgumentException(
          "'struct kprobe' has no member named 'fault_handler' (removed in 5.14)");
    }
    String flags = options.getOrDefault("flags", "");
    if (!flags.isEmpty() && !flags.equals("disabled")) {
      throw new IllegalArgumentException("flags may only be 'disabled' (KPROBE_FLAG_DISABLED)");
    }
    ProbeKey key = new ProbeKey(options.get("owner"), args.get(0));
    return new KprobeCalls.SpecTemplate(
        key,
        kretprobe,
        options.get("symbol_name"),
        number(options.getOrDefault("offset", "0")),
        options.get("addr"),
        program(commands, options.get(kretprobe ? "none" : "pre")),
        program(commands, options.get(kretprobe ? "none" : "post")),
        program(commands, options.get("fault")),
        program(commands, options.get("entry_handler")),
        program(commands, options.get("handler")),
        !flags.isEmpty(),
        (int) number(options.getOrDefault("maxactive", "0")),
        number(options.getOrDefault("data_size", "0")));
  }

  static List<KprobeCalls.SpecTemplate> specs(
      Commands commands, KprobeEra era, List<String> args, boolean kretprobe) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("needs at least one quoted probe spec");
    }
    List<KprobeCalls.SpecTemplate> specs = new ArrayList<>();
    for (String arg : args) {
      specs.add(spec(commands, era, CommandLine.split(arg), kretprobe));
    }
    return specs;
  }

  static List<ProbeKey> keys(List<String> args, boolean one) {
    List<String> names = new ArrayList<>();
    String owner = "";
    for (String arg : args) {
      if (arg.startsWith("owner=")) {
        owner = arg.substring("owner=".length());
      } else if (arg.contains("=")) {
        throw new IllegalArgumentException("unknown option '" + arg + "'");
      } else {
        names.add(arg);
      }
    }
    if (names.isEmpty() || (one && names.size() != 1)) {
      throw new IllegalArgumentException(one ? "needs one probe name" : "needs probe names");
    }
    List<ProbeKey> keys = new ArrayList<>();
    for (String name : names) {
      keys.add(new ProbeKey(owner, name));
    }
    return keys;
  }

  private static Step readField(List<String> args, KprobeCalls.Field field) {
    List<String> names = new ArrayList<>();
    String owner = "";
    for (String arg : args) {
      if (arg.startsWith("owner=")) {
        owner = arg.substring("owner=".length());
      } else {
        names.add(arg);
      }
    }
    if (names.isEmpty() || names.size() > 2) {
      throw new IllegalArgumentException("needs a probe name and optionally a variable");
    }
    return KprobeCalls.readField(new ProbeKey(owner, names.get(0)), field,
        names.size() == 2 ? names.get(1) : null);
  }

  /** kcall FUNCTION [DURATION] ({@code byName}) or call_address ADDR|VAR [DURATION]. */
  private static Step call(List<String> args, boolean byName, long defaultNanos, KprobeEra era) {
    if (args.isEmpty() || args.size() > 2) {
      throw new IllegalArgumentException(byName
          ? "needs a function name and optionally a duration"
          : "needs an address or variable, optionally a duration");
    }
    long nanos = args.size() == 2 ? CommandLine.parseDuration(args.get(1)) : defaultNanos;
    return new KprobeCalls.Call(byName ? args.get(0) : null, byName ? null : args.get(0), nanos,
        era);
  }

  static TreeMap<String, String> options(List<String> words, String allowed) {
    TreeMap<String, String> options = new TreeMap<>();
    List<String> known = List.of(allowed.split(" "));
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq <= 0 || !known.contains(word.substring(0, eq))) {
        throw new IllegalArgumentException("unknown option '" + word + "' (expected one of: "
            + allowed + ")");
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
    List<Step> steps = new ArrayList<>();
    if (text == null) {
      return steps;
    }
    for (String line : CommandLine.splitList(text)) {
      steps.add(commands.parse(line));
    }
    return steps;
  }
}
