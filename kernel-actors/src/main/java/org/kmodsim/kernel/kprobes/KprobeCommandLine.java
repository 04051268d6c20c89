package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Step;

/**
 * The kprobes commands' arguments, pure: {@code NAME key=value...} into a probe spec (the address
 * may name a variable, resolved when the call runs), probe names with the {@code owner=} they
 * share, numbers as C writes them, handler programs parsed by the step language. Errors are {@link
 * IllegalArgumentException}s the command registry turns into one line with the synopsis.
 */
final class KprobeCommandLine {
  private KprobeCommandLine() {}

  static final String KPROBE_KEYS = "owner symbol_name offset addr pre post fault flags";
  static final String KRETPROBE_KEYS =
      "owner symbol_name offset addr entry_handler handler maxactive data_size flags";

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

  /** {@code kprobe_addr NAME [owner=MOD] [VAR]}: the probe, and the variable (or null) to set. */
  record Field(ProbeKey key, String variable) {
    static Field parse(List<String> args) {
      Named named = Named.parse(args, false);
      if (named.names().size() > 2) {
        throw new IllegalArgumentException("needs a probe name and optionally a variable");
      }
      return new Field(
          named.keys().get(0), named.names().size() == 2 ? named.names().get(1) : null);
    }
  }

  /**
   * {@code kcall FUNCTION [DURATION]} ({@code byName}) or {@code call_address ADDR|VAR [DURATION]}:
   * the function or the pointer (the other null), and how long the body runs.
   */
  record KernelCall(String function, String pointer, long nanos) {
    static KernelCall parse(List<String> args, boolean byName, long defaultNanos) {
      if (args.isEmpty() || args.size() > 2) {
        throw new IllegalArgumentException(
            byName
                ? "needs a function name and optionally a duration"
                : "needs an address or variable, optionally a duration");
      }
      long nanos = args.size() == 2 ? CommandLine.parseDuration(args.get(1)) : defaultNanos;
      return new KernelCall(byName ? args.get(0) : null, byName ? null : args.get(0), nanos);
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
